import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/platform';
import { createLocalTemporal } from '../support/temporal';
import { assertWorkerBuilt, startWorkerProcess } from '../support/worker-process';

/** The processes whose parent is `pid`, with their command lines. */
function childrenOf(pid: number): { pid: number; command: string }[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (parent !== pid) return [];
        return [
          { pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ') },
        ];
      } catch {
        return [];
      }
    });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Issue 13: the worker keeps a time-skipping test server started for the modeller's simulations.
 * A worker killed outright (SIGKILL, the OOM killer) must not leave it running: one more orphan
 * per crash would fill the machine.
 */
describe('simulation servers of a worker killed outright', () => {
  let db: TestDatabase;
  let temporal: TestWorkflowEnvironment;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    assertWorkerBuilt();
    [db, temporal] = await Promise.all([createTestDatabase(), createLocalTemporal()]);
  }, 120_000);

  afterAll(async () => {
    if (worker?.pid && alive(worker.pid)) worker.kill('SIGKILL');
    await temporal?.teardown();
    await db?.drop();
  });

  it('end with it', async () => {
    worker = startWorkerProcess({
      databaseUrl: db.url,
      temporalAddress: temporal.address,
      taskQueue: `orphans-${randomUUID()}`,
      extra: { SIMULATION_SERVERS: '1' },
    });
    const workerPid = worker.pid!;
    // The server is up, and the watchdog the worker starts for it once the server answers.
    const server = await eventually(
      async () => {
        const children = childrenOf(workerPid);
        const found = children.find((child) => child.command.includes('temporal-test-server'));
        const watched = children.some((child) => child.command.includes('simulation-server-watchdog'));
        return found && watched ? found : undefined;
      },
      "the worker's warm simulation server",
      60_000,
    );
    worker.kill('SIGKILL');
    try {
      await eventually(
        async () => (alive(server.pid) ? undefined : true),
        'the orphaned server to end',
        15_000,
      );
    } finally {
      // Red or green, the machine keeps no test server of ours.
      if (alive(server.pid)) process.kill(server.pid, 'SIGKILL');
    }
  }, 120_000);
});
