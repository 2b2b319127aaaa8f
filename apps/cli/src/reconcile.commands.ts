import { readFile, stat } from 'node:fs/promises';
import { Command } from 'commander';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import type { SusApi } from './sus-api';

type Run = (api: SusApi) => Promise<ExitCode>;

/** GraphQL takes a flow or journal as text up to this many characters (the api's 1 MiB body). */
const MAX_CHARACTERS = 900_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `reconcile …`: settlement flows, the cash journal and the ragioneria's report (issue 19, item 4). */
export function reconcileCommands(run: (action: Run) => Promise<void>): Command {
  const reconcile = new Command('reconcile').description(
    'Reconciliation of receipts, settlement flows and the cash journal.',
  );

  reconcile
    .command('import')
    .description(
      "Import a settlement flow (FdR XML, FlussoRiversamento) or the treasurer's cash journal (CSV " +
        'value_date,amount,causale) and reconcile. Exit 3: refused (with every bad line).',
    )
    .argument('<file>', 'the .xml flow or the .csv journal')
    .requiredOption('--ente <code>', 'IPA code of the ente, e.g. c_l424')
    .option('--kind <kind>', 'flow or journal (default: by the file: XML is a flow)')
    .action((file: string, options: { ente: string; kind?: string }) =>
      run(async (api) => {
        if ((await stat(file)).size > MAX_CHARACTERS * 4)
          throw new CliError(
            EXIT.refused,
            `${file} is larger than the api takes through GraphQL (${MAX_CHARACTERS} characters).`,
          );
        const text = await readFile(file, 'utf8');
        if (text.length > MAX_CHARACTERS)
          throw new CliError(
            EXIT.refused,
            `${file} has ${text.length} characters; the api takes at most ${MAX_CHARACTERS}.`,
          );
        const kind = options.kind ?? (text.trimStart().startsWith('<') ? 'flow' : 'journal');
        const run_ = 'run { reported reconciled openAnomalies newAnomalies resolvedAnomalies }';
        if (kind === 'flow') {
          const { importSettlementFlow: flow } = await api.graphql<{
            importSettlementFlow: Record<string, unknown>;
          }>(
            `mutation($e: String!, $x: String!) { importSettlementFlow(enteCode: $e, xml: $x) { flowId revision lines totalCents outcome ${run_} } }`,
            { e: options.ente, x: text },
          );
          process.stdout.write(`${JSON.stringify(flow)}\n`);
          return EXIT.ok;
        }
        if (kind !== 'journal') throw new CliError(EXIT.usage, `--kind is flow or journal, not "${kind}".`);
        const name = file.split(/[\\/]/).at(-1)!;
        const { importCashJournal: journal } = await api.graphql<{
          importCashJournal: Record<string, unknown>;
        }>(
          `mutation($e: String!, $c: String!, $n: String) { importCashJournal(enteCode: $e, csv: $c, name: $n) { movements alreadyImported pagopaMovements ${run_} } }`,
          { e: options.ente, c: text, n: name },
        );
        process.stdout.write(`${JSON.stringify(journal)}\n`);
        return EXIT.ok;
      }),
    );

  reconcile
    .command('report')
    .description(
      'The reconciliation of the transfers paid in a period: counts by state, totals per service and accounting ' +
        'reference (CSV on stdout, or --json), the flows and the open anomalies.',
    )
    .requiredOption('--ente <code>', 'IPA code of the ente')
    .requiredOption('--from <day>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last day, YYYY-MM-DD')
    .option('--json', 'the whole report as JSON')
    .action((options: { ente: string; from: string; to: string; json?: boolean }) =>
      run(async (api) => {
        for (const day of [options.from, options.to])
          if (!DAY.test(day)) throw new CliError(EXIT.usage, `"${day}" is not a day as YYYY-MM-DD.`);
        const { reconciliation: report } = await api.graphql<{
          reconciliation: {
            received: number;
            reported: number;
            reconciled: number;
            totals: {
              serviceCode: string | null;
              accountingReference: string | null;
              transfers: number;
              receivedCents: number;
              reportedCents: number;
              reconciledCents: number;
            }[];
            flows: { flowId: string; totalCents: number; cashMatched: boolean }[];
            openAnomalies: { kind: string; count: number }[];
          };
        }>(
          `query($e: String!, $f: String!, $t: String!) { reconciliation(enteCode: $e, from: $f, to: $t) {
             received reported reconciled
             totals { serviceCode accountingReference transfers receivedCents reportedCents reconciledCents }
             flows { flowId totalCents cashMatched } openAnomalies { kind count } } }`,
          { e: options.ente, f: options.from, t: options.to },
        );
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report)}\n`);
          return EXIT.ok;
        }
        process.stdout.write(
          'service_code,accounting_ref,transfers,received_cents,reported_cents,reconciled_cents\r\n',
        );
        for (const total of report.totals)
          process.stdout.write(
            `${[total.serviceCode ?? '', total.accountingReference ?? '', total.transfers, total.receivedCents, total.reportedCents, total.reconciledCents].join(',')}\r\n`,
          );
        process.stderr.write(
          `received ${report.received}, reported ${report.reported}, reconciled ${report.reconciled}; ` +
            `${report.flows.length} flows; open anomalies: ${
              report.openAnomalies.map((anomaly) => `${anomaly.kind} ${anomaly.count}`).join(', ') || 'none'
            }\n`,
        );
        return EXIT.ok;
      }),
    );
  return reconcile;
}
