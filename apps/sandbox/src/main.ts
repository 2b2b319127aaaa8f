import 'reflect-metadata';
import { ConfigurationError } from '@sus/platform';
import { createSandboxApp } from './bootstrap';
import { loadSandboxConfig } from './config';

async function main(): Promise<void> {
  const config = loadSandboxConfig();
  const app = await createSandboxApp(config);
  try {
    await app.listen({ host: config.SANDBOX_HOST, port: config.SANDBOX_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(
        `sandbox: port ${config.SANDBOX_PORT} on ${config.SANDBOX_HOST} is already in use. ` +
          'Stop the other process or set SANDBOX_PORT.\n',
      );
      process.exit(98);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`sandbox: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`sandbox failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
