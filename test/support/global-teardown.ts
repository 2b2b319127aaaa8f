import { setUpThisRun } from './test-env';

/** Undoes what the global setups of this run set up (embedded Postgres, variables), so a next run starts afresh. */
export default async function globalTeardown(): Promise<void> {
  const state = setUpThisRun();
  for (const name of state.env.splice(0)) delete process.env[name];
  for (const cleanup of (state.cleanups ?? []).splice(0)) await cleanup();
  const postgres = state.postgres;
  state.postgres = undefined;
  await postgres?.stop();
}
