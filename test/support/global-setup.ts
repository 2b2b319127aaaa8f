import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { provideApplicationRole, runMigrations } from '@sus/catalog';
import { developmentSecrets, projectRoot } from '@sus/platform';
import {
  canConnect,
  createDatabaseIfMissing,
  dropDatabase,
  embeddedPostgresUsable,
  LOCAL_POSTGRES_URL,
  startEmbeddedPostgres,
  withDatabase,
} from '../../scripts/platform/postgres';
import { portIsFree } from '../../scripts/platform/ports';
import { resolveTemporalCli, resolveTemporalTestServer } from '../../scripts/platform/temporal-binaries';
import {
  webpackConfigHook,
  workflowInterceptorModules,
  workflowsSourcePath,
} from '../../apps/worker/src/temporal/workflow-bundle';
import { setUpThisRun, TEST_ENV } from './test-env';

/**
 * The integration and e2e tiers (and the benchmarks), once per run: a Postgres server for the
 * per-file databases, and what the workflows tier needs. What an earlier project of the same run
 * already set up is kept, so `jest` with every project starts each thing once.
 */
export default async function globalSetup(): Promise<void> {
  await temporalSetup();
  if (!process.env[TEST_ENV.adminDatabaseUrl]) {
    process.env[TEST_ENV.adminDatabaseUrl] = await postgresServer(projectRoot());
    setUpThisRun().env.push(TEST_ENV.adminDatabaseUrl);
  }
  // Once per run, not per file: the role belongs to the whole server (see test/support/database.ts).
  await provideApplicationRole(
    process.env[TEST_ENV.adminDatabaseUrl]!,
    developmentSecrets.applicationDatabasePassword,
  );
  if (!process.env[TEST_ENV.templateDatabase])
    await migratedTemplate(process.env[TEST_ENV.adminDatabaseUrl]!);
}

/**
 * One migrated database per run that each test file's database copies (CREATE DATABASE … TEMPLATE):
 * a copy takes about half the time of running the migrations again, for every file of two tiers.
 */
async function migratedTemplate(adminUrl: string): Promise<void> {
  const name = `sus_test_template_${randomBytes(6).toString('hex')}`;
  await createDatabaseIfMissing(adminUrl, name);
  const state = setUpThisRun();
  (state.cleanups ??= []).push(() => dropDatabase(adminUrl, name));
  await runMigrations(withDatabase(adminUrl, name));
  process.env[TEST_ENV.templateDatabase] = name;
  state.env.push(TEST_ENV.templateDatabase);
}

/**
 * The workflows tier needs no Postgres: the Temporal binaries, and one workflow bundle shared by
 * every test file (bundling costs seconds; the code is the same). A bundle handed over in
 * SUS_TEST_WORKFLOW_BUNDLE is used as it is: `npm test` passes the one its build step has just
 * made from the same sources.
 */
export async function temporalSetup(): Promise<void> {
  process.env[TEST_ENV.temporalCli] = resolveTemporalCli();
  process.env[TEST_ENV.temporalTestServer] = resolveTemporalTestServer();
  const bundled = process.env[TEST_ENV.workflowBundle];
  if (bundled && existsSync(bundled)) return;

  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsSourcePath(),
    workflowInterceptorModules,
    webpackConfigHook,
    logger: new DefaultLogger('WARN'),
  });
  const root = projectRoot();
  const bundlePath = join(root, '.data', 'test', 'workflow-bundle.js');
  mkdirSync(join(root, '.data', 'test'), { recursive: true });
  writeFileSync(bundlePath, code);
  process.env[TEST_ENV.workflowBundle] = bundlePath;
  setUpThisRun().env.push(TEST_ENV.workflowBundle);
}

async function postgresServer(root: string): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dataDir = join(root, '.data', 'test', 'postgres');
  const embedded = embeddedPostgresUsable(dataDir);
  if (embedded.usable) {
    const port = await testPostgresPort();
    const handle = await startEmbeddedPostgres({ dataDir, port });
    setUpThisRun().postgres = handle;
    return handle.adminUrl;
  }
  if (await canConnect(LOCAL_POSTGRES_URL)) {
    process.stderr.write(`\n[test] ${embedded.reason}; using the Postgres listening on 127.0.0.1:5432.\n`);
    return LOCAL_POSTGRES_URL;
  }
  throw new Error(
    `[test] No Postgres: ${embedded.reason}. Set DATABASE_URL to a server where tests may create databases.`,
  );
}

/** SUS_TEST_PG_PORT, else the first free port from 54330: two checkouts may run their tests at once. */
async function testPostgresPort(): Promise<number> {
  if (process.env.SUS_TEST_PG_PORT) return Number(process.env.SUS_TEST_PG_PORT);
  for (let port = 54330; port < 54350; port++) if (await portIsFree('127.0.0.1', port)) return port;
  throw new Error('[test] no free port for the test Postgres in 54330-54349; set SUS_TEST_PG_PORT');
}
