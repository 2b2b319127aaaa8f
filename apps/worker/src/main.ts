import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { assertApplicationRole } from '@sus/catalog';
import { ConfigurationError, createLogger, PinoNestLogger } from '@sus/platform';
import { loadWorkerSettings } from './config';
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
  // The SDK's own messages (worker state, bundling) go to the same stream, at warn and above.
  Runtime.install({
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
  logger.info('worker ready');
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`worker: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`worker failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
