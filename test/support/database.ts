import { randomBytes } from 'node:crypto';
import { APPLICATION_ROLE, asDatabaseRole, runMigrations } from '@sus/catalog';
import { developmentSecrets } from '@sus/platform';
import { createDatabaseIfMissing, dropDatabase, withDatabase } from '../../scripts/platform/postgres';
import { testEnv } from './test-env';

export interface TestDatabase {
  name: string;
  /** As the api and the worker connect: the application role, DML grants only (global setup made it). */
  url: string;
  /** As the migrations run: the owner of every table. */
  ownerUrl: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file; dropped by the file's afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = testEnv('adminDatabaseUrl');
  const name = `sus_test_${randomBytes(6).toString('hex')}`;
  await createDatabaseIfMissing(admin, name);
  const ownerUrl = withDatabase(admin, name);
  await runMigrations(ownerUrl);
  const url = asDatabaseRole(ownerUrl, APPLICATION_ROLE, developmentSecrets.applicationDatabasePassword);
  return { name, url, ownerUrl, drop: () => dropDatabase(admin, name) };
}
