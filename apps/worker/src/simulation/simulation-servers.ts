import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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
    watchOverServer(env.address);
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

/**
 * The SDK starts the server as a child of this process and kills it at teardown; a worker killed
 * outright (SIGKILL, the OOM killer) would leave it running for ever, one more per crash. A detached
 * shell watches both and ends the server once the worker is gone (or exits with the server).
 * Linux only (/proc); elsewhere the orphan risk stays.
 */
function watchOverServer(address: string): void {
  const port = address.split(':').pop();
  let server: number | undefined;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (parent !== process.pid) continue;
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        if (command.includes(port ?? '')) server = Number(entry);
      } catch {
        // A process that ended while we looked.
      }
    }
  } catch {
    return;
  }
  if (server === undefined) return;
  const watchdog = spawn(
    'sh',
    [
      '-c',
      'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 2; done; kill "$2" 2>/dev/null',
      'simulation-server-watchdog',
      String(process.pid),
      String(server),
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.on('error', () => undefined);
  watchdog.unref();
}
