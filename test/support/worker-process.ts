import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@sus/platform';
import type { PlatformEnv } from './platform';

const workerMain = join(projectRoot(), 'dist/apps/worker/src/main.js');

export function assertWorkerBuilt(): void {
  if (!existsSync(workerMain))
    throw new Error(`${workerMain} is missing: run \`npm run build\` (npm test does it).`);
}

/**
 * The built worker as a process of its own, so a test can SIGKILL it mid-flight. `production`
 * runs it as in production (bundled workflows, production checks), which needs a database URL
 * whose role is not the repository's development one.
 */
export function startWorkerProcess(
  env: PlatformEnv,
  options: { production?: boolean; databaseUrl?: string } = {},
): ChildProcess {
  return spawn(process.execPath, [workerMain], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: options.production ? 'production' : 'test',
      LOG_LEVEL: 'warn',
      WORKER_WORKFLOWS: 'bundle',
      // No warm simulation server per test worker: the machine is small; a test that simulates asks.
      SIMULATION_SERVERS: '0',
      ...(options.production ? { AUDIT_PSEUDONYM_KEY: 'test-audit-pseudonym-key-0123456789abcdef' } : {}),
      DATABASE_URL: options.databaseUrl ?? env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      ...env.extra,
    },
    stdio: 'ignore',
  });
}
