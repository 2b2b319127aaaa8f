import { request as httpRequest } from 'node:http';
import { dataOf, gql } from '../support/graphql';
import { eventually } from '../support/platform';
import { PaymentsStack, TRIESTE } from '../support/payments-stack';
import { bulkIssuanceFile, COMUNE_IBAN, REGION_IBAN } from '../support/bulk-files';

const year = new Date().getFullYear() + 1;
const JOB_FIELDS = 'id status totalLines errorLines positions positionsIssued positionsAlreadyIssued';
type Job = {
  id: string;
  status: string;
  totalLines: number;
  errorLines: number;
  positions: number;
  positionsIssued: number;
  positionsAlreadyIssued: number;
};

/**
 * Bulk issuance through the api (issue 19): a file with good and bad lines uploaded by the ente's
 * finance office, started, issued through the payment workflows; every good position issued
 * exactly once at pagoPA (the sandbox's counters), the error report exact, re-uploads issue nothing.
 */
describe('bulk issuance, end to end', () => {
  const stack = new PaymentsStack();
  let finance: Record<string, string>;
  beforeAll(async () => {
    await stack.start();
    const token = await stack.issuer.mint(
      { sub: 'ragioneria.trieste', name: 'Ragioneria', sus_roles: [{ ente: TRIESTE.code, role: 'finance' }] },
      { expiresIn: '2h' },
    );
    finance = { authorization: `Bearer ${token}` };
  });
  afterAll(() => stack.stop());

  const upload = async (csv: string, fileName: string, headers = finance) => {
    const response = await fetch(
      `${stack.api.url}/payments/bulk-jobs?enteCode=${TRIESTE.code}&fileName=${encodeURIComponent(fileName)}`,
      { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: csv },
    );
    return { status: response.status, body: (await response.json()) as Job & { code?: string } };
  };
  const start = async (id: string) =>
    dataOf(
      await gql<{ startBulkIssuance: Job }>(
        stack.api,
        `mutation($e: String!, $id: ID) { startBulkIssuance(enteCode: $e, id: $id) { ${JOB_FIELDS} } }`,
        { e: TRIESTE.code, id },
        { as: finance },
      ),
    ).startBulkIssuance;
  const job = async (id: string) =>
    dataOf(
      await gql<{ bulkJob: Job | null }>(
        stack.api,
        `query($id: ID!) { bulkJob(id: $id) { ${JOB_FIELDS} } }`,
        { id },
        {
          as: finance,
        },
      ),
    ).bulkJob;
  const completed = (id: string) =>
    eventually(
      async () => {
        const current = await job(id);
        return current?.status === 'completed' ? current : undefined;
      },
      `bulk job ${id} to complete`,
      90_000,
    );
  const report = async (id: string) => {
    const all: { line: number; positionId: string; field: string; code: string }[] = [];
    for (let after = 0; ;) {
      const page = dataOf(
        await gql<{ bulkJobErrors: typeof all }>(
          stack.api,
          'query($id: ID!, $a: Int!) { bulkJobErrors(id: $id, afterLine: $a, first: 7) { line positionId field code } }',
          { id, a: after },
          { as: finance },
        ),
      ).bulkJobErrors;
      if (page.length === 0) return all;
      all.push(...page);
      after = page.at(-1)!.line;
    }
  };
  /** Debt positions the sandbox's pagoPA created for Trieste, by IUV: each must be 1. */
  const created = async () => {
    const tally = (await stack.counters()) as { debtPositionsCreated: Record<string, number> };
    return Object.fromEntries(
      Object.entries(tally.debtPositionsCreated)
        .filter(([key]) => key.startsWith(`${TRIESTE.fiscalCode}/SUS-`))
        .map(([key, count]) => [key.slice(`${TRIESTE.fiscalCode}/SUS-`.length), count]),
    );
  };

  it('issues every good position of a file once, reports the bad lines exactly, and issues nothing on a re-upload', async () => {
    const before = await created();
    const file = bulkIssuanceFile({
      lines: 70,
      badShare: 0.12,
      prefix: `E2E${Date.now() % 1_000_000}-`,
      year,
    });
    expect(file.errors.length).toBeGreaterThan(5);

    const uploaded = await upload(file.csv, 'tari-2027.csv');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      status: 'ready',
      totalLines: file.lines,
      positions: file.issued.size,
    });
    expect(await report(uploaded.body.id)).toEqual(file.errors);

    const started = await start(uploaded.body.id);
    expect(started.status).toMatch(/issuing|completed/);
    const done = await completed(uploaded.body.id);
    expect(done).toMatchObject({ positionsIssued: file.issued.size, positionsAlreadyIssued: 0 });

    // Every good position: its options as the file said (once its payment workflow recorded it)...
    const projected = async () => {
      const rows = (await stack.sql.query(
        `SELECT bp.position_id, o.position AS instalment, o.amount_cents::int AS "amountCents", o.iuv
           FROM bulk_position bp JOIN payment_option o ON o.payment_notice_number = bp.notice_number
          WHERE bp.issued_by = $1 ORDER BY bp.position_id, o.position`,
        [uploaded.body.id],
      )) as { position_id: string; instalment: number; amountCents: number; iuv: string }[];
      const byPosition = new Map<string, { instalment: number; amountCents: number }[]>();
      for (const row of rows)
        byPosition.set(row.position_id, [
          ...(byPosition.get(row.position_id) ?? []),
          { instalment: row.instalment, amountCents: row.amountCents },
        ]);
      return byPosition.size === file.issued.size ? { rows, byPosition } : undefined;
    };
    const { rows: options, byPosition } = await eventually(projected, 'every payment projected', 60_000);
    expect(byPosition).toEqual(file.issued);
    // ...and its debt position created once at pagoPA.
    const iuvs = [...new Set(options.filter((o) => o.instalment === 0).map((o) => o.iuv))];
    expect(iuvs).toHaveLength(file.issued.size);
    const afterFirst = await eventually(async () => {
      const now = await created();
      return iuvs.every((iuv) => iuv in now) ? now : undefined;
    }, 'every debt position created at pagoPA');
    const fresh = Object.keys(afterFirst).filter((iuv) => !(iuv in before));
    expect(fresh.sort()).toEqual([...iuvs].sort());
    expect(fresh.every((iuv) => afterFirst[iuv] === 1)).toBe(true);

    // Multi-IBAN: a split position's transfers, each with its account and accounting reference.
    const split = (await stack.sql.query(
      `SELECT t.transfer_index, t.iban, t.amount_cents::int AS amount, t.accounting_reference
         FROM bulk_position bp JOIN payment_transfer t ON t.notice_number = bp.notice_number
        WHERE bp.issued_by = $1 AND t.iban = $2 ORDER BY bp.position_id, t.transfer_index LIMIT 1`,
      [uploaded.body.id, REGION_IBAN],
    )) as { transfer_index: number; iban: string; amount: number; accounting_reference: string }[];
    expect(split).toEqual([
      { transfer_index: 2, iban: REGION_IBAN, amount: 500, accounting_reference: 'TEFA-REG' },
    ]);
    const comune = (await stack.sql.query(
      `SELECT count(*)::int AS n FROM payment_transfer t JOIN bulk_position bp ON t.notice_number = bp.notice_number
        WHERE bp.issued_by = $1 AND t.iban = $2 AND t.transfer_index = 1 AND t.accounting_reference = 'CAP-1010'`,
      [uploaded.body.id, COMUNE_IBAN],
    )) as { n: number }[];
    expect(comune[0]!.n).toBeGreaterThan(0);

    // The outputs: the error report and the notice numbers as CSV, the avvisi as one ZIP of PDFs.
    const output = async (name: string) => {
      const response = await fetch(`${stack.api.url}/payments/bulk-jobs/${uploaded.body.id}/${name}`, {
        headers: finance,
      });
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        body: Buffer.from(await response.arrayBuffer()),
      };
    };
    const errorsCsv = await output('errors.csv');
    expect(errorsCsv).toMatchObject({ status: 200, type: 'text/csv; charset=utf-8' });
    const errorLines = errorsCsv.body.toString('utf8').trimEnd().split('\r\n');
    expect(errorLines[0]).toBe('line,position_id,field,code,message');
    expect(
      errorLines.slice(1).map((line) => {
        const [lineNo, positionId, field, code] = line.split(',');
        return { line: Number(lineNo), positionId, field, code };
      }),
    ).toEqual(file.errors);
    const noticesCsv = (await output('notices.csv')).body.toString('utf8').trimEnd().split('\r\n');
    expect(noticesCsv[0]).toBe('position_id,instalment_number,notice_number,iuv');
    const noticeRows = (await stack.sql.query(
      `SELECT bp.position_id, o.position, o.notice_number, o.iuv FROM bulk_position bp
         JOIN payment_option o ON o.payment_notice_number = bp.notice_number
        WHERE bp.issued_by = $1 ORDER BY bp.position_id, o.position`,
      [uploaded.body.id],
    )) as { position_id: string; position: number; notice_number: string; iuv: string }[];
    expect(noticesCsv.slice(1).sort()).toEqual(
      noticeRows
        .map((row) => [row.position_id, row.position || '', row.notice_number, row.iuv].join(','))
        .sort(),
    );
    const zip = await output('avvisi.zip');
    expect(zip).toMatchObject({ status: 200, type: 'application/zip' });
    // Stored (not deflated) PDFs: one central-directory entry and one PDF header per position.
    expect(zip.body.toString('latin1').split('PK\x01\x02').length - 1).toBe(file.issued.size);
    expect(zip.body.toString('latin1').split('%PDF-').length - 1).toBe(file.issued.size);
    // Another ente's staff do not see the job's outputs.
    const medea = await stack.issuer.mint(
      { sub: 'ragioneria.medea', name: 'Ragioneria Medea', sus_roles: [{ ente: 'c_f081', role: 'finance' }] },
      { expiresIn: '1h' },
    );
    const foreign = await fetch(`${stack.api.url}/payments/bulk-jobs/${uploaded.body.id}/notices.csv`, {
      headers: { authorization: `Bearer ${medea}` },
    });
    expect(foreign.status).toBe(404);

    // The same file again is the same job; starting it again issues nothing.
    const again = await upload(file.csv, 'tari-2027 (copia).csv');
    expect(again.body.id).toBe(uploaded.body.id);
    await start(again.body.id);
    // Another file carrying the same positions (plus a blank line, so another file): accepted, issued by nobody.
    const copy = await upload(`${file.csv}\n`, 'tari-2027-bis.csv');
    expect(copy.body.id).not.toBe(uploaded.body.id);
    await start(copy.body.id);
    expect(await completed(copy.body.id)).toMatchObject({
      positionsIssued: 0,
      positionsAlreadyIssued: file.issued.size,
    });
    expect(await created()).toEqual(afterFirst);
  });

  it('refuses uploads by callers without payments:write in the ente and files over the limit, writing nothing', async () => {
    const jobs = async () =>
      ((await stack.sql.query('SELECT count(*)::int AS n FROM bulk_job')) as { n: number }[])[0]!.n;
    const count = await jobs();
    const file = bulkIssuanceFile({ lines: 3, badShare: 0, prefix: 'DENIED-', year });
    expect((await upload(file.csv, 'x.csv', {})).status).toBe(401);
    const regional = await stack.issuer.mint(
      { sub: 'regione', name: 'Regione', sus_roles: [{ role: 'regionalAdmin' }] },
      { expiresIn: '1h' },
    );
    const denied = await upload(file.csv, 'x.csv', { authorization: `Bearer ${regional}` });
    expect(denied).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    // Declared larger than the limit: refused before a byte of it is read.
    const oversized = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        `${stack.api.url}/payments/bulk-jobs?enteCode=${TRIESTE.code}`,
        {
          method: 'POST',
          headers: { ...finance, 'content-type': 'text/csv', 'content-length': String(65 * 1024 * 1024) },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
          request.destroy();
        },
      );
      request.on('error', reject);
      request.write(file.csv);
    });
    expect(oversized).toBe(413);
    expect(await jobs()).toBe(count);
  });
});
