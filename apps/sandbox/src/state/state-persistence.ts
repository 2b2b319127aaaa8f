import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { StateRegistry } from './persistent-state';
import { loadStateFile, saveStateFile, saveStateFileSync } from './state-file';

export const STATE_FILE = Symbol('SANDBOX_STATE_FILE');

/** How often a changed state is written: a SIGKILL loses at most this much. */
export const SAVE_INTERVAL_MS = 250;

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Keeps the sandbox's state in `SANDBOX_STATE_FILE`: loads it before the server listens, writes
 * it every 250 ms while requests that may change something (anything but GET, HEAD, OPTIONS) or
 * the services themselves report a change, and once more at shutdown. Without a file it does nothing.
 */
@Injectable()
export class StatePersistence implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SandboxState');
  private timer: NodeJS.Timeout | undefined;
  private saving: Promise<void> | undefined;

  constructor(
    @Inject(STATE_FILE) private readonly file: string | undefined,
    private readonly registry: StateRegistry,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    if (this.file === undefined) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', async (request) => {
      if (!READS.has(request.method)) this.registry.changed();
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.file === undefined) return;
    const result = await loadStateFile(this.file);
    if (result.kind === 'unreadable') {
      this.logger.warn(
        `State file ${this.file} could not be read (${result.reason}); moved to ${result.movedTo}, starting empty.`,
      );
    } else if (result.kind === 'loaded') {
      const imported = this.registry.importAll(result.document.sources);
      this.logger.log(
        `State of ${result.document.savedAt} loaded from ${this.file} (${imported.join(', ')}).`,
      );
    }
    // Nothing that was just loaded needs writing back; what the import restarted (deliveries) reports its own changes.
    this.registry.takeChanged();
    this.timer = setInterval(() => this.saveIfChanged(), SAVE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.file === undefined) return;
    clearInterval(this.timer);
    await this.saving;
    saveStateFileSync(this.file, this.registry.exportAll());
  }

  private saveIfChanged(): void {
    if (this.saving !== undefined || !this.registry.takeChanged()) return;
    const file = this.file!;
    this.saving = saveStateFile(file, this.registry.exportAll())
      .catch((error: unknown) => {
        // Try again at the next tick rather than lose the change.
        this.registry.changed();
        this.logger.error(`Could not write the state file ${file}: ${String(error)}`);
      })
      .finally(() => {
        this.saving = undefined;
      });
  }
}
