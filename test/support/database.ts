import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { APPLICATION_ROLE, asDatabaseRole, runMigrations } from '@sus/catalog';
import { developmentSecrets } from '@sus/platform';
import { createDatabaseIfMissing, dropDatabase, withDatabase } from '../../scripts/platform/postgres';
import { TEST_ENV, testEnv } from './test-env';

export interface TestDatabase {
  name: string;
  /** As the api and the worker connect: the application role, DML grants only (global setup made it). */
  url: string;
  /** As the migrations run: the owner of every table. */
  ownerUrl: string;
  /**
   * As a production api connects: a login role of its own (a member of the application role, so
   * the same grants) with a password that is not the repository's development one.
   */
  productionUrl(): Promise<string>;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file; dropped by the file's afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = testEnv('adminDatabaseUrl');
  const name = `sus_test_${randomBytes(6).toString('hex')}`;
  const adminSql = async (sql: string) => {
    const client = new Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const template = process.env[TEST_ENV.templateDatabase];
  const ownerUrl = withDatabase(admin, name);
  if (template) {
    await adminSql(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } else {
    await createDatabaseIfMissing(admin, name);
    await runMigrations(ownerUrl);
  }
  const url = asDatabaseRole(ownerUrl, APPLICATION_ROLE, developmentSecrets.applicationDatabasePassword);
  let productionRole: string | undefined;
  return {
    name,
    url,
    ownerUrl,
    async productionUrl() {
      const password = randomBytes(24).toString('hex');
      productionRole ??= `${name}_prod`;
      await adminSql(
        `CREATE ROLE ${productionRole} LOGIN PASSWORD '${password}' IN ROLE ${APPLICATION_ROLE}`,
      );
      return asDatabaseRole(ownerUrl, productionRole, password);
    },
    async drop() {
      await dropDatabase(admin, name);
      // Roles belong to the server, not the database: one left behind would outlive the test.
      if (productionRole) await adminSql(`DROP ROLE IF EXISTS ${productionRole}`);
    },
  };
}
