import { DataSource, type DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

export function catalogDataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'schema_migration',
    // Each migration commits on its own: a failure leaves the database at the last good version.
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: poolSize, application_name: 'sus' },
  };
}

/** Applies pending migrations; safe to call from several processes at once (advisory lock). */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(catalogDataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(7733001)');
    const applied = await dataSource.runMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.query('SELECT pg_advisory_unlock(7733001)').catch(() => undefined);
    await dataSource.destroy();
  }
}
