import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServiceSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Restart after an unexpected exit (crash, SIGKILL); gives up after too many quick crashes. */
  restart: boolean;
}

type Say = (line: string) => void;

const MAX_QUICK_RESTARTS = 5;
const QUICK_WINDOW_MS = 60_000;

/**
 * One supervised child process. Children run in their own process group so that Ctrl-C reaches
 * only the supervisor, which then stops them in order (apps first, then Temporal, then Postgres).
 */
export class Service {
  private child?: ChildProcess;
  private stopping = false;
  private restarts: number[] = [];
  private exited?: Promise<void>;
  private pendingRestart?: NodeJS.Timeout;
  private restarting = false;

  constructor(
    readonly spec: ServiceSpec,
    private readonly say: Say,
    private readonly onGiveUp: (name: string) => void,
    private readonly onStarted: () => void = () => undefined,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.onStarted();
    const prefix = `[${this.spec.name}]`;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.say(`${prefix} ${line}`));
    }
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        if (this.stopping) return;
        this.onUnexpectedExit(code, signal);
      });
    });
    child.once('error', (error) => this.say(`${prefix} could not start: ${error.message}`));
  }

  private onUnexpectedExit(code: number | null, signal: NodeJS.Signals | null): void {
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (!this.spec.restart) {
      this.say(`✖ ${this.spec.name} ${how}.`);
      this.onGiveUp(this.spec.name);
      return;
    }
    const now = Date.now();
    this.restarts = [...this.restarts.filter((at) => now - at < QUICK_WINDOW_MS), now];
    if (this.restarts.length > MAX_QUICK_RESTARTS) {
      this.say(
        `✖ ${this.spec.name} ${how} ${this.restarts.length} times within a minute; not restarting it again.`,
      );
      this.onGiveUp(this.spec.name);
      return;
    }
    const delay = 500 * 2 ** (this.restarts.length - 1);
    this.say(`⚠ ${this.spec.name} ${how}; restarting it in ${delay} ms (restart ${this.restarts.length}).`);
    this.pendingRestart = setTimeout(() => {
      this.pendingRestart = undefined;
      if (!this.stopping) {
        this.start();
        this.say(`↻ ${this.spec.name} restarted (pid ${this.child?.pid}).`);
      }
    }, delay).unref();
  }

  /** Stops the process and starts it again (`npm run dev` after a compile); not counted as a crash. */
  async restart(graceMs: number): Promise<void> {
    const stopped = this.stop(graceMs);
    this.restarting = true;
    await stopped;
    if (!this.restarting) return; // a stop() came in meanwhile (shutdown): stay down
    this.restarting = false;
    this.stopping = false;
    this.restarts = [];
    this.start();
  }

  /** SIGTERM, then SIGKILL after the grace period; resolves when the process is gone. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.restarting = false;
    clearTimeout(this.pendingRestart);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => {
      this.say(`⚠ ${this.spec.name} did not stop within ${graceMs} ms; killing it.`);
      child.kill('SIGKILL');
    }, graceMs);
    await this.exited;
    clearTimeout(killer);
  }
}
