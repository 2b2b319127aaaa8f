import type { ChildProcess } from 'node:child_process';
import { dataOf, gql } from '../support/graphql';
import { eventually } from '../support/platform';
import { PaymentsStack, TRIESTE } from '../support/payments-stack';
import { bulkIssuanceFile } from '../support/bulk-files';
import { assertWorkerBuilt, startWorkerProcess } from '../support/worker-process';

const year = new Date().getFullYear() + 1;
type Job = {
  id: string;
  status: string;
  positions: number;
  positionsIssued: number;
  positionsAlreadyIssued: number;
};

/**
 * Issue 19: the worker SIGKILLed half way through a bulk job (batches of 10, so the job spans
 * several batches and a continue-as-new); while it is down the office, impatient, uploads the
 * same positions again as another file and starts that too. After a restart both jobs complete
 * and every position exists once at pagoPA.
 */
describe('bulk issuance across a worker crash', () => {
  const stack = new PaymentsStack();
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    assertWorkerBuilt();
    await stack.start({ withWorker: false, extra: { BULK_ISSUANCE_BATCH_SIZE: '10' } });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    await stack.stop();
  });

  const upload = async (csv: string, fileName: string) => {
    const response = await fetch(
      `${stack.api.url}/payments/bulk-jobs?enteCode=${TRIESTE.code}&fileName=${fileName}`,
      {
        method: 'POST',
        headers: { ...stack.headers, 'content-type': 'text/csv' },
        body: csv,
      },
    );
    expect(response.status).toBe(201);
    return (await response.json()) as Job;
  };
  const start = async (id: string) =>
    dataOf(
      await gql<{ startBulkIssuance: Job }>(
        stack.api,
        'mutation($e: String!, $id: ID) { startBulkIssuance(enteCode: $e, id: $id) { id status } }',
        { e: TRIESTE.code, id },
        { as: stack.headers },
      ),
    ).startBulkIssuance;
  const job = async (id: string) =>
    (
      (await stack.sql.query(
        `SELECT id, status, positions, positions_issued AS "positionsIssued",
              positions_already_issued AS "positionsAlreadyIssued" FROM bulk_job WHERE id = $1`,
        [id],
      )) as Job[]
    )[0]!;

  it('resumes after the kill and issues every position once', async () => {
    const file = bulkIssuanceFile({
      lines: 330,
      badShare: 0,
      prefix: `CRASH${Date.now() % 1_000_000}-`,
      year,
    });
    const total = file.issued.size;
    expect(total).toBeGreaterThan(90);
    const first = await upload(file.csv, 'tari.csv');
    worker = startWorkerProcess(stack.env);
    await start(first.id);

    // Kill it half way: some batches handed over, more to go.
    let atKill = await job(first.id);
    for (
      const deadline = Date.now() + 120_000;
      atKill.positionsIssued < total / 2;
      atKill = await job(first.id)
    ) {
      if (Date.now() > deadline) throw new Error(`the job did not get half way: ${JSON.stringify(atKill)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    worker.kill('SIGKILL');
    await new Promise((resolve) => worker!.once('exit', resolve));
    expect(atKill.status).toBe('issuing');
    expect((await job(first.id)).positionsIssued).toBeLessThan(total);

    // Meanwhile the same positions come in again as another file, and that job is started too.
    const second = await upload(`${file.csv}\n`, 'tari-di-nuovo.csv');
    expect(second.id).not.toBe(first.id);
    await start(second.id);

    worker = startWorkerProcess(stack.env);
    const [done, again] = await Promise.all(
      [first.id, second.id].map((id) =>
        eventually(
          async () => {
            const current = await job(id);
            return current.status === 'completed' ? current : undefined;
          },
          `job ${id} to complete`,
          180_000,
        ),
      ),
    );
    // Every position issued by exactly one of the two jobs...
    expect(done!.positionsIssued + again!.positionsIssued).toBe(total);
    expect(done!.positionsIssued + done!.positionsAlreadyIssued).toBe(total);
    expect(again!.positionsIssued + again!.positionsAlreadyIssued).toBe(total);
    // ...and created once at pagoPA, under the notice numbers the positions record.
    const positions = (await stack.sql.query(
      `SELECT notice_number FROM bulk_position WHERE position_id LIKE $1`,
      [`${[...file.issued.keys()][0]!.split('-')[0]}-%`],
    )) as { notice_number: string | null }[];
    expect(positions).toHaveLength(total);
    const created = await eventually(
      async () => {
        const tally = (await stack.counters()) as { debtPositionsCreated: Record<string, number> };
        const ours = Object.entries(tally.debtPositionsCreated).filter(([key]) =>
          key.startsWith(`${TRIESTE.fiscalCode}/`),
        );
        return ours.length >= total ? ours : undefined;
      },
      'every debt position to be created',
      180_000,
    );
    expect(created.filter(([, count]) => count !== 1)).toEqual([]);
    expect(created.map(([key]) => key.slice(`${TRIESTE.fiscalCode}/SUS-`.length)).sort()).toEqual(
      positions.map((position) => position.notice_number!.slice(1)).sort(),
    );
  }, 420_000);
});
