import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What every log line carries besides its message: the request that caused it (api) or the
 * workflow and activity it runs for (worker). The logger reads it through pino's `mixin`.
 */
export interface LogContext {
  requestId?: string;
  workflowId?: string;
  runId?: string;
  activity?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` (and everything it starts) with these fields added to the current ones. */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
