import { ConfigurationError, createLogger } from '@sus/platform';
import { loadPortalSettings } from './config';
import { createPortalServer } from './portal-server';

async function main(): Promise<void> {
  const settings = loadPortalSettings();
  const logger = createLogger({ name: 'portal', level: settings.LOG_LEVEL, pretty: settings.LOG_PRETTY });
  const app = createPortalServer(settings, logger);
  try {
    await app.listen({ host: settings.PORTAL_HOST, port: settings.PORTAL_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(
        `portal: port ${settings.PORTAL_PORT} on ${settings.PORTAL_HOST} is already in use. ` +
          'Stop the other process or set PORTAL_PORT.\n',
      );
      process.exit(98);
    }
    throw error;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void app.close().then(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`portal: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`portal failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
