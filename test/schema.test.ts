import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { projectRoot } from '@sus/platform';
import { SCHEMA_FILE } from '../apps/api/src/graphql-options';
import { createTestDatabase, type TestDatabase } from './support/database';
import { startApi } from './support/platform';
import { createLocalTemporal } from './support/temporal';

/** The committed schema.gql is what the code generates, so every schema change shows in review. */
describe('apps/api/schema.gql', () => {
  let db: TestDatabase;
  let temporal: TestWorkflowEnvironment;

  beforeAll(async () => {
    [db, temporal] = await Promise.all([createTestDatabase(), createLocalTemporal()]);
  });
  afterAll(async () => {
    await temporal?.teardown();
    await db?.drop();
  });

  it('matches the schema the resolvers generate (UPDATE_SCHEMA=1 rewrites it)', async () => {
    const schemaFile = join(mkdtempSync(join(tmpdir(), 'sus-schema-')), 'schema.gql');
    const { app } = await startApi(
      { databaseUrl: db.url, temporalAddress: temporal.address, taskQueue: 'schema' },
      { schemaFile },
    );
    await app.close();
    const generated = readFileSync(schemaFile, 'utf8');
    const committedPath = join(projectRoot(), SCHEMA_FILE);
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(committedPath, generated);
    expect(readFileSync(committedPath, 'utf8')).toBe(generated);
  });
});
