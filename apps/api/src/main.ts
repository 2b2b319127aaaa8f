import 'reflect-metadata';
import { assertApplicationRole } from '@sus/catalog';
import { ConfigurationError, projectRoot, startTracing } from '@sus/platform';
import { join } from 'node:path';
import { createApiApp } from './bootstrap';
import { SCHEMA_FILE } from './graphql-options';
import { loadApiSettings } from './config';

async function main(): Promise<void> {
  const settings = loadApiSettings();
  if (settings.values.NODE_ENV === 'production' && !(await assertApplicationRole(settings.values)))
    process.stderr.write('api: Postgres did not answer, so its role is checked at the next start\n');
  // Before the app exists: request spans and the Temporal client interceptor use the provider registered here.
  startTracing({ service: 'api', endpoint: settings.values.OTEL_EXPORTER_OTLP_ENDPOINT });
  const schemaFile =
    settings.values.NODE_ENV === 'development' ? join(projectRoot(), SCHEMA_FILE) : undefined;
  const app = await createApiApp(settings, { schemaFile });
  try {
    await app.listen({ host: settings.values.API_HOST, port: settings.values.API_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(
        `api: port ${settings.values.API_PORT} on ${settings.values.API_HOST} is already in use. ` +
          'Stop the other process or set API_PORT.\n',
      );
      process.exit(98);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`api: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
