/** Variables the global setup hands to every test file. */
export const TEST_ENV = {
  adminDatabaseUrl: 'SUS_TEST_ADMIN_DATABASE_URL',
  temporalCli: 'TEMPORAL_CLI_PATH',
  temporalTestServer: 'TEMPORAL_TEST_SERVER_PATH',
  /** Set by the global setup, or beforehand to a bundle of the current workflows (`npm test` does). */
  workflowBundle: 'SUS_TEST_WORKFLOW_BUNDLE',
  /** A database migrated once per run by the global setup, which every test file's database copies. */
  templateDatabase: 'SUS_TEST_TEMPLATE_DATABASE',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is not set: run these tests through jest's global setup`);
  return value;
}

/**
 * What the global setups started in jest's main process, for the global teardown: the embedded
 * Postgres and the variables they set (kept on globalThis: setup and teardown are separate modules).
 */
export function setUpThisRun(): {
  postgres?: { stop(): Promise<void> };
  env: string[];
  /** Run last by the teardown, before Postgres stops. */
  cleanups?: (() => Promise<void>)[];
} {
  const holder = globalThis as { __susTestSetup?: ReturnType<typeof setUpThisRun> };
  return (holder.__susTestSetup ??= { env: [] });
}
