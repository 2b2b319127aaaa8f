import { Logger } from '@nestjs/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';

/** The search attributes the case upserts; the Java test server knows only those it is told of. */
const SEARCH_ATTRIBUTES = ['SusEnte', 'SusProcedure', 'SusCaseStatus'];

/**
 * Warm Java time-skipping test servers, one per simulation at a time. A server's clock only moves
 * forward and a simulation leaves timers and children behind, so a server serves one simulation
 * and is then torn down; a fresh one is started in the background at once, so starting a server
 * (seconds on a busy machine) is not paid by the next modeller. `size` servers are kept ready.
 */
export class SimulationServers {
  private readonly logger = new Logger(SimulationServers.name);
  private readonly ready: Promise<TestWorkflowEnvironment>[] = [];
  private closed = false;

  constructor(private readonly options: { executable: string; size: number }) {}

  /** Starts the pool's servers now rather than at the first simulation. */
  warm(): void {
    while (!this.closed && this.ready.length < this.options.size) {
      const server = this.start();
      // Waited for by whoever acquires it; until then a failure must not be an unhandled rejection.
      server.catch(() => undefined);
      this.ready.push(server);
    }
  }

  /** A server for one simulation: hand it back with `dispose` when done. */
  async acquire(): Promise<TestWorkflowEnvironment> {
    if (this.closed) throw new Error('The simulation servers are shut down.');
    const next = this.ready.shift() ?? this.start();
    this.warm();
    try {
      return await next;
    } catch (error) {
      // A server that failed to start is not retried here: the next simulation starts another.
      this.logger.warn(`a simulation server did not start: ${String(error)}`);
      return this.start();
    }
  }

  /** Tears a used server down, off the simulation's path. */
  dispose(env: TestWorkflowEnvironment): void {
    env
      .teardown()
      .catch((error: unknown) => this.logger.warn(`simulation server teardown: ${String(error)}`));
  }

  async close(): Promise<void> {
    this.closed = true;
    const servers = this.ready.splice(0);
    await Promise.all(servers.map((server) => server.then((env) => env.teardown()).catch(() => undefined)));
  }

  private async start(): Promise<TestWorkflowEnvironment> {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: this.options.executable } },
    });
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(
        SEARCH_ATTRIBUTES.map((name) => [
          name,
          temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
        ]),
      ),
    });
    return env;
  }
}
