import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { assertApplicationRole } from '@sus/catalog';
import { createServer } from 'node:net';
import {
  collectProcessMetrics,
  ConfigurationError,
  createLogger,
  PinoNestLogger,
  startTracing,
} from '@sus/platform';
import { loadWorkerSettings } from './config';
import { startMetricsServer } from './observability/metrics-server';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const settings = loadWorkerSettings();
  const logger = createLogger({
    name: 'worker',
    level: settings.values.LOG_LEVEL,
    pretty: settings.values.LOG_PRETTY,
  });
  if (settings.values.NODE_ENV === 'production' && !(await assertApplicationRole(settings.values)))
    logger.warn('Postgres did not answer, so its role is checked at the next start');
  // Before the worker exists: its activity and workflow spans go to the provider registered here.
  if (startTracing({ service: 'worker', endpoint: settings.values.OTEL_EXPORTER_OTLP_ENDPOINT }))
    logger.info(`traces to ${settings.values.OTEL_EXPORTER_OTLP_ENDPOINT}`);
  const metricsPort = settings.values.WORKER_METRICS_PORT;
  // Core serves its worker metrics on a loopback port of its own; /metrics below adds them to ours.
  const corePort = metricsPort === undefined ? undefined : await freeLoopbackPort();
  // The SDK's own messages (worker state, bundling) go to the same stream, at warn and above.
  Runtime.install({
    ...(corePort === undefined
      ? {}
      : {
          telemetryOptions: {
            metrics: { prometheus: { bindAddress: `127.0.0.1:${corePort}`, useSecondsForDurations: true } },
          },
        }),
    logger: new DefaultLogger('WARN', (entry) =>
      logger[entry.level === 'ERROR' ? 'error' : 'warn'](
        { context: 'temporal', ...entry.meta },
        entry.message,
      ),
    ),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.register(settings), {
    logger: new PinoNestLogger(logger),
  });
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  if (metricsPort !== undefined) {
    collectProcessMetrics('worker');
    await startMetricsServer({
      host: settings.values.WORKER_METRICS_HOST,
      port: metricsPort,
      coreMetricsUrl: `http://127.0.0.1:${corePort}/metrics`,
    });
    logger.info(`metrics at http://${settings.values.WORKER_METRICS_HOST}:${metricsPort}/metrics`);
  }
  logger.info('worker ready');
}

/** A loopback port free right now (Core binds it a moment later; the window is too short to matter). */
async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`worker: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
