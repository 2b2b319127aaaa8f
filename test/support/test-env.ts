/** Variables the global setup hands to every test file. */
export const TEST_ENV = {
  adminDatabaseUrl: 'SUS_TEST_ADMIN_DATABASE_URL',
  temporalCli: 'TEMPORAL_CLI_PATH',
  temporalTestServer: 'TEMPORAL_TEST_SERVER_PATH',
  workflowBundle: 'SUS_TEST_WORKFLOW_BUNDLE',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value)
    throw new Error(`${TEST_ENV[name]} is not set: run integration tests through jest's global setup`);
  return value;
}
