import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import { Client } from 'pg';
import { AuditLog, BULK_DEFAULT_MAX_BYTES, BulkJobs, EntiService, systemContext } from '@sus/catalog';
import { bulkIssuanceFile } from '../test/support/bulk-files';
import { dataOf, gql } from '../test/support/graphql';
import { PaymentsStack, TRIESTE } from '../test/support/payments-stack';
import { reportBench } from './bench-result';

/**
 * bulk (issue 19): a finance office's file (BENCH_BULK_LINES lines, default 100,000, 3% bad lines of
 * every kind) from bytes to stored, checked rows (streamed through the line rules, COPY staging,
 * the position checks) against a raw `COPY … (FORMAT csv)` of the same file into a table of text
 * columns, same run, same database; goal ≤ 3x. Peak RSS growth during the ingest at a tenth of the
 * lines and at all of them (flat: the file is streamed). Then issuance: a file of BENCH_BULK_ISSUE
 * lines (default 2,000) through the api and the bulk workflow into payment workflows, in positions/s
 * (handed over, and published at the sandbox's pagoPA).
 */
const LINES = Number(process.env.BENCH_BULK_LINES ?? 100_000);
const ISSUE_LINES = Number(process.env.BENCH_BULK_ISSUE ?? 2_000);
const CHUNK = 64 * 1024;
const year = new Date().getFullYear() + 1;

const chunks = (buffer: Buffer) =>
  Readable.from(
    (function* () {
      for (let at = 0; at < buffer.length; at += CHUNK) yield buffer.subarray(at, at + CHUNK);
    })(),
  );

/** Fields of one CSV line of the generated file (quoted fields hold commas, never line breaks there). */
export function fieldCount(line: string): number {
  return (line.match(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g) ?? []).length - (line.endsWith(',') ? 0 : 1);
}

/** Runs `work` while sampling RSS every 20 ms: answers its result and the peak growth in MB. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  global.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMb: (peak - start) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

describe('bulk benchmark', () => {
  const stack = new PaymentsStack();
  const detail: Record<string, unknown> = {};
  let ratio: { ours: number; baseline: number } | undefined;
  beforeAll(() => stack.start(), 5 * 60_000);
  afterAll(() => stack.stop());

  it(
    `stores a ${LINES}-line file against a raw COPY of it`,
    async () => {
      const sut = new BulkJobs(
        stack.sql,
        new EntiService(stack.sql),
        new AuditLog(stack.sql, 'a-bench-key-of-at-least-thirty-two-characters'),
      );
      const ingest = async (lines: number, prefix: string) => {
        const file = bulkIssuanceFile({ lines, badShare: 0.03, prefix, year });
        const bytes = Buffer.from(file.csv, 'utf8');
        const started = performance.now();
        const { result, peakMb } = await withPeakRss(() =>
          sut.ingest(systemContext('bulk-bench'), {
            enteCode: TRIESTE.code,
            fileName: `${prefix}.csv`,
            source: chunks(bytes),
            maxBytes: BULK_DEFAULT_MAX_BYTES,
          }),
        );
        const ms = performance.now() - started;
        expect(result.status).toBe('ready');
        expect(result.positions).toBe(file.issued.size);
        return { bytes, ms, peakMb, job: result };
      };
      const small = await ingest(Math.round(LINES / 10), 'WARM');
      const big = await ingest(LINES, 'BENCH');

      // Baseline: the same bytes COPYed as CSV into text columns, nothing checked.
      // A temporary table (the test role may not create tables in public): no WAL, which favours the
      // baseline over our logged staging table, so the ratio errs against us.
      const client = new Client({ connectionString: stack.db.url });
      await client.connect();
      await client.query(
        `CREATE TEMP TABLE bulk_bench_raw (${Array.from({ length: 17 }, (_, i) => `c${i} text`).join(', ')})`,
      );
      // The same rows: the few lines of the file with a column missing (COLUMN_COUNT) would stop a raw COPY.
      const rawBytes = Buffer.from(
        big.bytes
          .toString('utf8')
          .split('\n')
          .filter((line) => line === '' || fieldCount(line) === 17)
          .join('\n'),
        'utf8',
      );
      const copyStarted = performance.now();
      const copy = client.query(copyFrom('COPY bulk_bench_raw FROM STDIN (FORMAT csv, HEADER true)'));
      await new Promise<void>((resolve, reject) => {
        copy.on('finish', resolve);
        copy.on('error', reject);
        chunks(rawBytes).pipe(copy);
      });
      const copyMs = performance.now() - copyStarted;
      const [{ n }] = (await client.query('SELECT count(*)::int AS n FROM bulk_bench_raw')).rows as {
        n: number;
      }[];
      await client.end();
      expect(n).toBeGreaterThan(LINES * 0.9);

      Object.assign(detail, {
        lines: big.job.totalLines,
        positions: big.job.positions,
        errorLines: big.job.errorLines,
        megabytes: +(big.bytes.length / 1024 / 1024).toFixed(1),
        ingestMs: Math.round(big.ms),
        rawCopyMs: Math.round(copyMs),
        peakRssGrowthMb: {
          [`${small.job.totalLines} lines`]: Math.round(small.peakMb),
          [`${big.job.totalLines} lines`]: Math.round(big.peakMb),
        },
      });
      ratio = { ours: big.ms / 1000, baseline: copyMs / 1000 };
      console.log(`bulk ingest: ${JSON.stringify(detail)}`);
    },
    20 * 60_000,
  );

  it(
    `issues a ${ISSUE_LINES}-line file through the bulk and payment workflows`,
    async () => {
      const file = bulkIssuanceFile({
        lines: ISSUE_LINES,
        badShare: 0,
        prefix: `ISSUE${Date.now() % 100_000}-`,
        year,
      });
      const started = performance.now();
      const upload = await fetch(
        `${stack.api.url}/payments/bulk-jobs?enteCode=${TRIESTE.code}&fileName=issue.csv`,
        {
          method: 'POST',
          headers: { ...stack.headers, 'content-type': 'text/csv' },
          body: file.csv,
        },
      );
      const job = (await upload.json()) as { id: string; positions: number };
      dataOf(
        await gql(
          stack.api,
          'mutation($e: String!, $id: ID) { startBulkIssuance(enteCode: $e, id: $id) { id } }',
          {
            e: TRIESTE.code,
            id: job.id,
          },
          { as: stack.headers },
        ),
      );
      const poll = async (sql: string, done: (value: number) => boolean) => {
        for (;;) {
          const [{ n }] = (await stack.sql.query(sql, [job.id])) as { n: number }[];
          if (done(n)) return performance.now();
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      };
      const handedOver = await poll(
        `SELECT (status = 'completed')::int AS n FROM bulk_job WHERE id = $1`,
        (n) => n === 1,
      );
      const published = await poll(
        `SELECT count(*)::int AS n FROM bulk_position bp JOIN payment p ON p.notice_number = bp.notice_number
          WHERE bp.issued_by = $1 AND p.status = 'published'`,
        (n) => n >= job.positions,
      );
      const handedSeconds = (handedOver - started) / 1000;
      const publishedSeconds = (published - started) / 1000;
      Object.assign(detail, {
        issuePositions: job.positions,
        handedOverPerSecond: +(job.positions / handedSeconds).toFixed(1),
        publishedPerSecond: +(job.positions / publishedSeconds).toFixed(1),
      });
      console.log(`bulk detail: ${JSON.stringify(detail)}`);
      reportBench({ ...ratio!, unit: 's', detail });
    },
    30 * 60_000,
  );
});
