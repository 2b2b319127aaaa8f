import { randomBytes } from 'node:crypto';
import { runMigrations } from '@sus/catalog';
import { createDatabaseIfMissing, dropDatabase, withDatabase } from '../../scripts/platform/postgres';
import { testEnv } from './test-env';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file; dropped by the file's afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = testEnv('adminDatabaseUrl');
  const name = `sus_test_${randomBytes(6).toString('hex')}`;
  await createDatabaseIfMissing(admin, name);
  const url = withDatabase(admin, name);
  await runMigrations(url);
  return { name, url, drop: () => dropDatabase(admin, name) };
}
