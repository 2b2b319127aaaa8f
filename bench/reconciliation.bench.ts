import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  AuditLog,
  catalogDataSourceOptions,
  EntiService,
  readCashJournal,
  ReconciliationService,
  seedCatalog,
  SettlementFlowXmlReader,
  settlementFlowXml,
  systemContext,
  type SettlementFlowLine,
} from '@sus/catalog';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { reportBench } from './bench-result';

/**
 * reconciliation (issue 19): 100,000 paid receipts of one ente reconciled against the settlement
 * flows that report them (100 flows of 1,000 lines, as PSPs send one per day and creditor) and the
 * cash journal that credits each flow, against parsing the same files alone (the XML streamed
 * through the same reader, the journal through the same CSV reader), same run. Ours: every flow
 * imported (streamed, COPY, checked) and reconciled after each import, then the journal imported
 * and reconciled: 101 incremental runs, as in production. Goal ≤ 2x.
 */
const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 100_000);
const PER_FLOW = 1_000;
const ENTE = 'c_l424';
const FISCAL_CODE = '00210240321';
const CHUNK = 64 * 1024;

const iuvOf = (n: number) => String(n).padStart(17, '0');
const amountOf = (n: number) => 1000 + (n % 5000);

/** A file as a stream delivers it: 64 KiB chunks. */
const chunks = (text: string) =>
  Readable.from(
    Array.from({ length: Math.ceil(text.length / CHUNK) }, (_, i) => text.slice(i * CHUNK, (i + 1) * CHUNK)),
  );

describe('reconciliation benchmark', () => {
  let db: TestDatabase;
  let sql: DataSource;

  beforeAll(
    async () => {
      db = await createTestDatabase();
      sql = await new DataSource(catalogDataSourceOptions(db.url, 4)).initialize();
      await seedCatalog(sql);
      // The receipts as the payment workflows project them: paid options, one transfer each.
      await sql.query(
        `INSERT INTO payment (notice_number, iuv, org_fiscal_code, ente_code, payer_fiscal_code, payer_name,
                            description, amount_cents, due_date, status, state_seq)
       SELECT '3' || lpad(g::text, 17, '0'), lpad(g::text, 17, '0'), $2, $3, 'RSSMRA80A01L424F', 'Contribuente',
              'TARI 2026', 1000 + g % 5000, '2026-12-31', 'paid', 3
         FROM generate_series(1, $1::int) g`,
        [RECEIPTS, FISCAL_CODE, ENTE],
      );
      await sql.query(
        `INSERT INTO payment_option (notice_number, payment_notice_number, kind, position, iuv, amount_cents, due_date, paid_at)
       SELECT notice_number, notice_number, 'single', 0, iuv, amount_cents, due_date, '2026-11-20T10:00:00Z'
         FROM payment WHERE ente_code = $1`,
        [ENTE],
      );
      await sql.query(
        `INSERT INTO payment_transfer (notice_number, transfer_index, payment_notice_number, ente_code, org_fiscal_code,
                                     iuv, amount_cents, category, iban, accounting_reference, service_code)
       SELECT notice_number, 1, notice_number, ente_code, org_fiscal_code, iuv, amount_cents, '9/0101108TS/',
              'IT60X0542811101000000123456', 'CAP-' || (iuv::bigint % 10), 'TARI'
         FROM payment WHERE ente_code = $1`,
        [ENTE],
      );
      await sql.query('ANALYZE');
    },
    20 * 60 * 1000,
  );
  afterAll(async () => {
    await sql?.destroy();
    await db?.drop();
  });

  it(
    'reconciles 100,000 receipts against flows and a cash journal, against parsing them alone',
    async () => {
      const flows: { flowId: string; xml: string; totalCents: number }[] = [];
      for (let first = 1; first <= RECEIPTS; first += PER_FLOW) {
        const lines: SettlementFlowLine[] = [];
        for (let n = first; n < first + PER_FLOW && n <= RECEIPTS; n++) {
          lines.push({
            iuv: iuvOf(n),
            iur: `IUR${n}`,
            transferIndex: 1,
            amountCents: amountOf(n),
            outcomeCode: '0',
            outcomeDate: '2026-11-20',
          });
        }
        const flowId = `2026-11-20SIGPITM1XXX-S${String(first).padStart(9, '0')}`;
        const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
        const xml = settlementFlowXml(
          {
            flowId,
            revision: 1,
            flowDate: '2026-11-22T08:00:00.000Z',
            regulationId: `SCT${first}`,
            regulationDate: '2026-11-21',
            pspId: 'SIGPITM1XXX',
            pspName: 'Banca Esempio',
            receiverFiscalCode: FISCAL_CODE,
            totalCount: lines.length,
            totalCents,
          },
          lines,
        );
        flows.push({ flowId, xml, totalCents });
      }
      const journal = [
        'value_date,amount,causale',
        ...flows.map(
          (flow) =>
            `2026-11-21,${(flow.totalCents / 100).toFixed(2)},"RI1 /PUR/LGPE-RIVERSAMENTO/URI/${flow.flowId}"`,
        ),
      ].join('\n');

      // Baseline: the same files through the same readers, nothing stored.
      const parseStart = performance.now();
      let parsedLines = 0;
      for (const flow of flows) {
        const reader = new SettlementFlowXmlReader();
        for await (const chunk of chunks(flow.xml)) parsedLines += reader.write(String(chunk)).length;
        reader.close();
      }
      const parsedJournal = await readCashJournal(Readable.from([journal]));
      const parseMs = performance.now() - parseStart;
      console.log(`reconciliation: parsed ${parsedLines} lines in ${Math.round(parseMs)} ms`);
      expect(parsedLines).toBe(RECEIPTS);
      expect(parsedJournal.lines).toHaveLength(flows.length);

      // Ours: import, store and reconcile, one incremental run after each file.
      const audit = new AuditLog(sql, 'a-bench-key-of-at-least-thirty-two-characters');
      const sut = new ReconciliationService(sql, new EntiService(sql), audit);
      const ctx = systemContext('reconciliation-bench');
      const asOf = new Date('2026-11-22T12:00:00Z');
      const start = performance.now();
      for (const flow of flows) {
        const result = await sut.importSettlementFlowXml(ctx, ENTE, chunks(flow.xml), { asOf });
        expect(result.outcome).toBe('imported');
      }
      const importMs = performance.now() - start;
      const cash = await sut.importCashJournal(ctx, ENTE, Readable.from([journal]), { name: 'bench', asOf });
      const oursMs = performance.now() - start;

      const [state] = (await sql.query(
        `SELECT count(*) FILTER (WHERE cash_movement_id IS NOT NULL)::int AS reconciled,
              (SELECT count(*) FROM reconciliation_anomaly WHERE resolved_at IS NULL)::int AS anomalies
         FROM payment_transfer WHERE ente_code = $1`,
        [ENTE],
      )) as { reconciled: number; anomalies: number }[];
      expect(state).toEqual({ reconciled: RECEIPTS, anomalies: 0 });
      expect(cash.run.reconciled).toBe(RECEIPTS);

      const detail = {
        receipts: RECEIPTS,
        flows: flows.length,
        flowsImportedMs: Math.round(importMs),
        cashJournalMs: Math.round(oursMs - importMs),
        parseMs: Math.round(parseMs),
      };
      console.log(`reconciliation detail: ${JSON.stringify(detail)}`);
      reportBench({ ours: oursMs / 1000, baseline: parseMs / 1000, unit: 's', detail });
      // Its own timeout: test/support/setup-file.ts's 3 minutes win over the bench config's.
    },
    20 * 60_000,
  );
});
