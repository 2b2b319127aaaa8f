import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client } from 'pg';
import {
  platformProbeWorkflowId,
  platformProbeWorkflowType,
  type PlatformProbeWorkflow,
} from '@sus/contracts';
import { createTestDatabase, type TestDatabase } from './support/database';
import { eventually, startWorker, type PlatformEnv } from './support/platform';
import { createLocalTemporal } from './support/temporal';

/** SIGTERM on a worker lets the activity it is running finish (drain) instead of cutting it off. */
describe('worker shutdown', () => {
  let db: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let env: PlatformEnv;

  beforeAll(async () => {
    [db, temporal] = await Promise.all([createTestDatabase(), createLocalTemporal()]);
    env = { databaseUrl: db.url, temporalAddress: temporal.address, taskQueue: `drain-${randomUUID()}` };
  });
  afterAll(async () => {
    await temporal?.teardown();
    await db?.drop();
  });

  it('drains the running activity, and a new worker finishes the workflow', async () => {
    const pg = new Client({ connectionString: db.url });
    await pg.connect();
    // Holding this lock makes the first activity (an INSERT) wait inside the worker.
    await pg.query('BEGIN');
    await pg.query('LOCK TABLE platform_probe IN EXCLUSIVE MODE');

    const worker = await startWorker(env);
    const probeId = randomUUID();
    const handle = await temporal.client.workflow.start<PlatformProbeWorkflow>(platformProbeWorkflowType, {
      workflowId: platformProbeWorkflowId(probeId),
      taskQueue: env.taskQueue,
      args: [{ probeId, note: 'drain' }],
    });
    await eventually(async () => {
      const { rows } = await pg.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
      );
      return Number(rows[0]!.n) > 0 ? true : undefined;
    }, 'the activity to block on the lock');

    const closing = worker.close();
    const closedEarly = await Promise.race([closing.then(() => true), sleep(1000).then(() => false)]);
    expect(closedEarly).toBe(false);

    await pg.query('COMMIT');
    await closing;
    const { rows } = await pg.query('SELECT status FROM platform_probe WHERE id = $1', [probeId]);
    expect(rows).toEqual([{ status: 'started' }]);

    const next = await startWorker(env);
    try {
      expect(await handle.result()).toMatchObject({ probeId });
    } finally {
      await next.close();
      await pg.end();
    }
    const history = await handle.fetchHistory();
    const failedActivities = history.events?.filter(
      (e) => e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes,
    );
    expect(failedActivities).toEqual([]);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
