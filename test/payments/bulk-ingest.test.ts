import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import {
  AuditLog,
  BulkJobs,
  BULK_DEFAULT_MAX_BYTES,
  catalogDataSourceOptions,
  EntiService,
  seedCatalog,
  systemContext,
} from '@sus/catalog';
import { developmentSecrets } from '@sus/platform';
import { BULK_HEADER, bulkIssuanceFile, TRANSFER_HEADER } from '../support/bulk-files';
import { createTestDatabase, type TestDatabase } from '../support/database';

const TRIESTE = 'c_l424';
const year = new Date().getFullYear() + 1;

/** Bulk issuance files read into jobs: the error report, what is kept, what is refused whole. */
describe(BulkJobs.name, () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let sut: BulkJobs;
  const ctx = systemContext('test');

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource(catalogDataSourceOptions(db.url, 4)).initialize();
    await seedCatalog(dataSource);
    sut = new BulkJobs(
      dataSource,
      new EntiService(dataSource),
      new AuditLog(dataSource, developmentSecrets.auditPseudonymKey),
    );
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** Streams the text in small chunks, so records and quotes are cut across chunk borders. */
  const upload = (csv: string, options: { maxBytes?: number; fileName?: string; chunk?: number } = {}) =>
    sut.ingest(ctx, {
      enteCode: TRIESTE,
      fileName: options.fileName ?? 'tari.csv',
      source: Readable.from(chunks(Buffer.from(csv, 'utf8'), options.chunk ?? 997)),
      maxBytes: options.maxBytes ?? BULK_DEFAULT_MAX_BYTES,
    });
  const report = async (id: string) => {
    const all = [];
    for (let after = 0; ;) {
      const page = await sut.errors(ctx, id, { afterLine: after, first: 1000 });
      if (page.length === 0) return all;
      all.push(...page);
      after = page.at(-1)!.line;
    }
  };
  const staged = async (id: string) =>
    (
      (await dataSource.query(
        `SELECT p.position_id FROM bulk_job_position p WHERE p.job_id = $1 ORDER BY p.first_line`,
        [id],
      )) as { position_id: string }[]
    ).map((row) => row.position_id);

  it('reports every bad line of a 10,000-line file exactly and keeps only the positions whose lines are all good', async () => {
    const earlier = bulkIssuanceFile({ lines: 20, badShare: 0, prefix: 'OLD', year });
    const first = await upload(earlier.csv, { fileName: 'earlier.csv' });
    expect(first).toMatchObject({ status: 'ready', errorLines: 0, positions: earlier.issued.size });
    const taken = [...earlier.issued.keys()].slice(0, 2);

    const file = bulkIssuanceFile({ lines: 10_000, badShare: 0.03, prefix: 'TARI', year, takenIds: taken });
    const job = await upload(file.csv);
    const errors = await report(job.id);
    expect(errors.map(({ line, positionId, field, code }) => ({ line, positionId, field, code }))).toEqual(
      file.errors,
    );
    expect(new Set(file.errors.map((error) => error.code))).toEqual(
      new Set([
        'INVALID_FISCAL_CODE',
        'AMOUNT_NOT_POSITIVE',
        'INVALID_AMOUNT',
        'TOO_MANY_DECIMALS',
        'UNKNOWN_TAXONOMY_CODE',
        'INVALID_TAXONOMY_CODE',
        'INVALID_DATE',
        'DUE_DATE_PAST',
        'MISSING_VALUE',
        'INVALID_PAYER_TYPE',
        'INVALID_INSTALMENT_NUMBER',
        'COLUMN_COUNT',
        'INVALID_IBAN',
        'TRANSFERS_DO_NOT_ADD_UP',
        'INSTALMENTS_DO_NOT_ADD_UP',
        'DUPLICATE_INSTALMENT',
        'INSTALMENTS_WITHOUT_TOTAL',
        'INSTALMENT_GAP',
        'POSITION_INCONSISTENT',
        'DUPLICATE_POSITION',
        'POSITION_REJECTED',
      ]),
    );
    expect(errors.every((error) => error.message.length > 10)).toBe(true);
    expect(job).toMatchObject({
      status: 'ready',
      totalLines: file.lines,
      errorLines: new Set(file.errors.map((error) => error.line)).size,
      positions: file.issued.size,
    });
    expect(await staged(job.id)).toEqual([...file.issued.keys()]);
    expect(file.lines).toBeGreaterThanOrEqual(10_000);
    expect(new Set(file.errors.map((error) => error.line)).size / file.lines).toBeGreaterThan(0.03);

    // The same file again is the same job; nothing more is staged.
    const lines = await dataSource.query('SELECT count(*)::int AS n FROM bulk_line');
    expect((await upload(file.csv, { chunk: 65_536 })).id).toBe(job.id);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM bulk_line')).toEqual(lines);
  });

  it('accepts in a new file a position an earlier file carried identically, without owning it twice', async () => {
    const a = bulkIssuanceFile({ lines: 10, badShare: 0, prefix: 'SAME', year });
    const jobA = await upload(a.csv);
    const jobB = await upload(a.csv.replace(/\n$/, '\r\n').replace(/\n(?!$)/g, '\r\n'));
    expect(jobB.id).not.toBe(jobA.id);
    expect(jobB).toMatchObject({ status: 'ready', errorLines: 0, positions: a.issued.size });
    const owners = (await dataSource.query(
      `SELECT DISTINCT job_id FROM bulk_position WHERE position_id LIKE 'SAME%'`,
    )) as { job_id: string }[];
    expect(owners).toEqual([{ job_id: jobA.id }]);
  });

  it.each([
    ['a wrong column name', `position_id,payer_type,codice_fiscale\nX,F,Y\n`, 1, 'INVALID_HEADER'],
    ['a missing column', `${BULK_HEADER.replace(',due_date', '')}\n`, 1, 'INVALID_HEADER'],
    ['half a transfer group', `${BULK_HEADER},transfer_1_iban\n`, 1, 'INVALID_HEADER'],
    ['no lines', `${BULK_HEADER}\n`, 2, 'EMPTY_FILE'],
    ['nothing at all', '', 1, 'EMPTY_FILE'],
  ])('rejects a file with %s, keeping nothing', async (_case, csv, line, code) => {
    const job = await upload(csv);
    expect(job.status).toBe('rejected');
    expect(await report(job.id)).toEqual([expect.objectContaining({ line, code })]);
    expect(await staged(job.id)).toEqual([]);
  });

  it('rejects a truncated file whole: cut inside a line, or inside a quoted amount', async () => {
    const file = bulkIssuanceFile({ lines: 50, badShare: 0, prefix: 'CUT', year });
    const cutLine = await upload(file.csv.slice(0, file.csv.length - 40));
    expect(cutLine.status).toBe('rejected');
    expect(await report(cutLine.id)).toEqual([
      expect.objectContaining({ line: file.lines + 1, code: 'FILE_TRUNCATED' }),
    ]);
    const inQuote = file.csv.slice(0, file.csv.lastIndexOf('"'));
    const cutQuote = await upload(inQuote);
    expect(await report(cutQuote.id)).toEqual([expect.objectContaining({ code: 'FILE_TRUNCATED' })]);
    expect(
      await dataSource.query('SELECT count(*)::int AS n FROM bulk_line WHERE job_id = ANY($1)', [
        [cutLine.id, cutQuote.id],
      ]),
    ).toEqual([{ n: 0 }]);
  });

  it('rejects a file over the size limit, keeping nothing', async () => {
    const file = bulkIssuanceFile({ lines: 200, badShare: 0, prefix: 'BIG', year });
    const job = await upload(file.csv, { maxBytes: 10_000 });
    expect(job.status).toBe('rejected');
    expect(await report(job.id)).toEqual([expect.objectContaining({ code: 'FILE_TOO_LARGE' })]);
    expect(await staged(job.id)).toEqual([]);
  });

  it('pages the report by whole lines: a line with several errors is never cut between pages', async () => {
    const csv =
      `${BULK_HEADER}${TRANSFER_HEADER}\n` +
      `W1,F,RSSMRA80A01L424X,Mario Rossi,nomail,Mensa,9/0101101IM/,,,12a,${year}-02-30,,,,,,\n` +
      `W2,F,RSSMRA80A01L424F,Mario Rossi,,Mensa,9/0101101IM/,,,-1,${year}-09-30,,,,,,\n`;
    const job = await upload(csv);
    const whole = await report(job.id);
    expect(whole.map((error) => [error.line, error.field])).toEqual([
      [2, 'amount'],
      [2, 'due_date'],
      [2, 'payer_email'],
      [2, 'payer_fiscal_code'],
      [3, 'amount'],
    ]);
    const paged = [];
    for (let after = 0; ;) {
      const page = await sut.errors(ctx, job.id, { afterLine: after, first: 2 });
      if (page.length === 0) break;
      paged.push(...page);
      after = page.at(-1)!.line;
    }
    expect(paged).toEqual(whole);
  });

  it('reads quoted fields with separators, doubled quotes and line breaks', async () => {
    const csv =
      `${BULK_HEADER}${TRANSFER_HEADER}\n` +
      `Q1,F,RSSMRA80A01L424F,"Rossi, Mario","mario@example.it","Servizio ""mensa""\nscolastica",9/0101101IM/,,,"12,50",${year}-09-30,,,,,,\n` +
      `Q2,F,RSSMRA80A01L424F,Mario Rossi,,Mensa,9/0101101IM/,,,12.5,${year}-09-30,,,,,,\n`;
    const job = await upload(csv, { chunk: 7 });
    expect(await report(job.id)).toEqual([]);
    const rows = await dataSource.query(
      `SELECT line_no, payer_name, description, amount_cents::int AS cents FROM bulk_line WHERE job_id = $1 ORDER BY line_no`,
      [job.id],
    );
    expect(rows).toEqual([
      { line_no: 2, payer_name: 'Rossi, Mario', description: 'Servizio "mensa"\nscolastica', cents: 1250 },
      { line_no: 4, payer_name: 'Mario Rossi', description: 'Mensa', cents: 1250 },
    ]);
  });
});

function* chunks(buffer: Buffer, size: number) {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}
