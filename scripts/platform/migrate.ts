// Applies pending migrations as the owner of the tables (docker compose "migrate" service, deploy
// pipelines): DATABASE_OWNER_URL, or DATABASE_URL where one role still does everything. With
// DATABASE_APP_PASSWORD it also lets the application role (sus_app) log in with that password.
// With SUS_SEED=true it then adds the example data (DESIGN §1) once, never overwriting what staff
// changed since, as `npm start` does: a compose deployment starts with the same enti and services.
import { ownerDatabaseEnvironment, parseEnvironment } from '@sus/platform';
import { provideApplicationRole, runMigrations, seedDatabase } from '@sus/catalog';

async function main(): Promise<void> {
  const { DATABASE_OWNER_URL } = parseEnvironment(ownerDatabaseEnvironment, {
    DATABASE_OWNER_URL: process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL,
  });
  const password = process.env.DATABASE_APP_PASSWORD;
  if (password) await provideApplicationRole(DATABASE_OWNER_URL, password);
  const applied = await runMigrations(DATABASE_OWNER_URL);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  if (process.env.SUS_SEED === 'true') {
    const seeded = await seedDatabase(DATABASE_OWNER_URL);
    const added = seeded.enti + seeded.orgUnits + seeded.roleHolders + seeded.procedures + seeded.services;
    process.stdout.write(`example data: added ${added} record(s)\n`);
    for (const skipped of seeded.skipped) process.stdout.write(`example data skipped: ${skipped}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
