import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { loadApiSettings } from '../../apps/api/src/config';
import { loadWorkerSettings } from '../../apps/worker/src/config';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { workflowBundle } from './temporal';

export interface PlatformEnv {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  extra?: Record<string, string>;
}

const baseEnv = (env: PlatformEnv): NodeJS.ProcessEnv => ({
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  DATABASE_URL: env.databaseUrl,
  TEMPORAL_ADDRESS: env.temporalAddress,
  TEMPORAL_TASK_QUEUE: env.taskQueue,
  // Tests fire requests faster than any person; the rate-limit tests set their own low limits.
  RATE_LIMIT_PER_IP: '1000000',
  RATE_LIMIT_PER_CALLER: '1000000',
  ...env.extra,
});

/** The real api, listening on a free loopback port; returns its base URL. */
export async function startApi(
  env: PlatformEnv,
  options: { schemaFile?: string } = {},
): Promise<{ app: NestFastifyApplication; url: string }> {
  const settings = loadApiSettings({ ...baseEnv(env), API_PORT: '3000' });
  const app = await createApiApp(settings, options);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('api did not bind a TCP port');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

/** The real worker (Nest context + Temporal worker + real activities), on the shared test bundle. */
export async function startWorker(env: PlatformEnv): Promise<INestApplicationContext> {
  const settings = loadWorkerSettings({
    ...baseEnv(env),
    WORKER_WORKFLOWS: 'bundle',
    WORKER_WORKFLOW_BUNDLE_PATH: workflowBundle().codePath,
    WORKER_SHUTDOWN_GRACE_SECONDS: '2',
    // No warm simulation server per test worker: the machine is small; a test that simulates asks.
    SIMULATION_SERVERS: '0',
    ...env.extra,
  });
  const context = await NestFactory.createApplicationContext(WorkerModule.register(settings), {
    logger: ['warn', 'error'],
  });
  await context.init();
  return context;
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
