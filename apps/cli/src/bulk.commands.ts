import { setTimeout } from 'node:timers/promises';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import type { SusApi } from './sus-api';

const JOB_FIELDS =
  'id enteCode fileName status totalLines errorLines positions positionsIssued positionsAlreadyIssued createdAt startedAt completedAt';

export interface BulkJob {
  id: string;
  enteCode: string;
  fileName: string;
  status: 'uploading' | 'rejected' | 'ready' | 'issuing' | 'completed';
  totalLines: number;
  errorLines: number;
  positions: number;
  positionsIssued: number;
  positionsAlreadyIssued: number;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

type Run = (api: SusApi) => Promise<ExitCode>;

/** `bulk …`: bulk issuance of payment notices (issue 19, item 4). */
export function bulkCommands(run: (action: Run) => Promise<void>): Command {
  const bulk = new Command('bulk').description('Bulk issuance of payment notices (bollettazione massiva).');

  bulk
    .command('upload')
    .description(
      'Upload a CSV of debt positions for an ente and issue it: prints the job id, then a progress bar until every ' +
        'valid position is issued. Exit 0: all issued; 6: issued, but some lines had errors (see `bulk errors`); ' +
        '3: the file was refused whole.',
    )
    .argument('<file>', 'the CSV file (header position_id,payer_type,…,due_date[,transfer_<n>_…])')
    .requiredOption('--ente <code>', 'IPA code of the ente, e.g. c_l424')
    .option('--no-start', 'only upload and check the file; issue later with the job id')
    .option('--no-wait', 'do not wait for the issuing to finish')
    .option('--no-progress', 'no progress bar (a line per 10% instead)')
    .option('--interval <ms>', 'how often to ask for progress', '1000')
    .action(
      (
        file: string,
        options: { ente: string; start: boolean; wait: boolean; progress: boolean; interval: string },
      ) =>
        run(async (api) => {
          const uploaded = await api.uploadBulk<BulkJob>(file, options.ente);
          process.stdout.write(`${uploaded.id}\n`);
          if (uploaded.status === 'rejected') {
            process.stderr.write(`The file was refused whole: see \`bulk errors ${uploaded.id}\`.\n`);
            return EXIT.refused;
          }
          process.stderr.write(
            `${uploaded.totalLines} lines, ${uploaded.errorLines} with errors, ${uploaded.positions} positions to issue.\n`,
          );
          if (!options.start) return EXIT.ok;
          const started = (
            await api.graphql<{ startBulkIssuance: BulkJob }>(
              `mutation($e: String!, $id: ID) { startBulkIssuance(enteCode: $e, id: $id) { ${JOB_FIELDS} } }`,
              { e: options.ente, id: uploaded.id },
            )
          ).startBulkIssuance;
          if (!options.wait) return EXIT.ok;
          const done = await follow(api, started, {
            bar: options.progress,
            intervalMs: Number(options.interval) || 1000,
          });
          process.stderr.write(
            `Issued ${done.positionsIssued}, already issued before ${done.positionsAlreadyIssued}, lines with errors ${done.errorLines}.\n`,
          );
          return done.errorLines > 0 ? EXIT.partial : EXIT.ok;
        }),
    );

  bulk
    .command('status')
    .description("A job's status and progress, one `field: value` per line (or --json).")
    .argument('<id>', 'the job id printed by `bulk upload`')
    .option('--json', 'the job as JSON')
    .action((id: string, options: { json?: boolean }) =>
      run(async (api) => {
        const job = await jobOf(api, id);
        if (options.json) process.stdout.write(`${JSON.stringify(job)}\n`);
        else for (const [key, value] of Object.entries(job)) process.stdout.write(`${key}: ${value ?? ''}\n`);
        return EXIT.ok;
      }),
    );

  const download = (name: string, path: string, description: string, binary = false) =>
    bulk
      .command(name)
      .description(description)
      .argument('<id>', 'the job id')
      .option(
        '-o, --output <file>',
        binary
          ? 'where to write it (required unless stdout is redirected)'
          : 'write to a file instead of stdout',
      )
      .action((id: string, options: { output?: string }) =>
        run(async (api) => {
          if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError(EXIT.notFound, `No bulk job ${id}.`);
          if (binary && !options.output && process.stdout.isTTY)
            throw new CliError(
              EXIT.usage,
              'The avvisi are a ZIP file: give --output <file> or redirect stdout.',
            );
          await api.download(`payments/bulk-jobs/${id}/${path}`, options.output ?? process.stdout);
          return EXIT.ok;
        }),
      );
  download('errors', 'errors.csv', "The job's error report: CSV line,position_id,field,code,message.");
  download(
    'export',
    'notices.csv',
    'The notice numbers of the issued positions: CSV position_id,instalment_number,notice_number,iuv.',
  );
  download(
    'avvisi',
    'avvisi.zip',
    'The avvisi of the issued positions: a ZIP of one PDF per position.',
    true,
  );
  return bulk;
}

async function jobOf(api: SusApi, id: string): Promise<BulkJob> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new CliError(EXIT.notFound, `No bulk job ${id}.`);
  const { bulkJob } = await api.graphql<{ bulkJob: BulkJob | null }>(
    `query($id: ID!) { bulkJob(id: $id) { ${JOB_FIELDS} } }`,
    { id },
  );
  if (!bulkJob) throw new CliError(EXIT.notFound, `No bulk job ${id}.`);
  return bulkJob;
}

/** Asks for the job's progress until it completes, showing it on stderr (stdout stays the job id). */
async function follow(
  api: SusApi,
  job: BulkJob,
  options: { bar: boolean; intervalMs: number },
): Promise<BulkJob> {
  const handled = (current: BulkJob) => current.positionsIssued + current.positionsAlreadyIssued;
  const bar =
    options.bar && process.stderr.isTTY
      ? new SingleBar({
          stream: process.stderr,
          format: 'issuing [{bar}] {percentage}% | {value}/{total} positions | {eta_formatted} left',
          hideCursor: true,
        })
      : undefined;
  bar?.start(job.positions, handled(job));
  let reported = -1;
  try {
    for (let current = job; ; current = await jobOf(api, job.id)) {
      bar?.update(handled(current));
      if (!bar) {
        const tenth = job.positions === 0 ? 10 : Math.floor((handled(current) / job.positions) * 10);
        if (tenth > reported) {
          process.stderr.write(`issuing: ${handled(current)}/${current.positions} positions\n`);
          reported = tenth;
        }
      }
      if (current.status === 'completed') return current;
      await setTimeout(options.intervalMs);
    }
  } finally {
    bar?.stop();
  }
}
