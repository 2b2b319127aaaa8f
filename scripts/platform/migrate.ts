// Applies pending migrations to DATABASE_URL (docker compose "migrate" service, deploy pipelines).
import { databaseEnvironment, parseEnvironment } from '@sus/platform';
import { runMigrations } from '@sus/catalog';

async function main(): Promise<void> {
  const { DATABASE_URL } = parseEnvironment(databaseEnvironment);
  const applied = await runMigrations(DATABASE_URL);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
