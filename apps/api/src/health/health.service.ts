import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { temporal } from '@temporalio/proto';
import { DataSource } from 'typeorm';
import { WorkerHeartbeatRepository } from '@sus/catalog';
import { ApiSettings } from '../config';
import { TemporalGateway } from '../temporal/temporal.module';

export interface Check {
  status: 'up' | 'down';
  detail?: string;
}

export interface Readiness {
  status: 'ready' | 'not ready';
  checks: { postgres: Check; temporal: Check; worker: Check };
}

/** What anyone may read: each check up or down, no error text, no host names. */
export interface PublicReadiness {
  status: Readiness['status'];
  checks: Record<keyof Readiness['checks'], Check['status']>;
}

export function publicReadiness({ status, checks }: Readiness): PublicReadiness {
  return {
    status,
    checks: {
      postgres: checks.postgres.status,
      temporal: checks.temporal.status,
      worker: checks.worker.status,
    },
  };
}

const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    work,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

const down = (error: unknown): Check => ({
  status: 'down',
  detail: error instanceof Error ? error.message : String(error),
});

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalGateway,
    @Inject(ApiSettings) private readonly settings: ApiSettings,
    private readonly heartbeats: WorkerHeartbeatRepository,
  ) {}

  async readiness(): Promise<Readiness> {
    const [postgres, temporalCheck] = await Promise.all([this.postgres(), this.temporalServer()]);
    const worker =
      temporalCheck.status === 'up'
        ? await this.worker()
        : { status: 'down' as const, detail: 'Temporal is down' };
    const checks = { postgres, temporal: temporalCheck, worker };
    const ready = Object.values(checks).every((check) => check.status === 'up');
    return { status: ready ? 'ready' : 'not ready', checks };
  }

  private async postgres(): Promise<Check> {
    try {
      await withTimeout(this.db.query('SELECT 1'), 'Postgres');
      return { status: 'up' };
    } catch (error) {
      return down(error);
    }
  }

  private async temporalServer(): Promise<Check> {
    try {
      const client = await withTimeout(this.temporal.client(), 'Temporal');
      await withTimeout(client.workflowService.getSystemInfo({}), 'Temporal');
      return { status: 'up' };
    } catch (error) {
      return down(error);
    }
  }

  /**
   * Up when a worker both polls our task queue (seen by Temporal) and has recorded a heartbeat
   * within WORKER_HEARTBEAT_STALE_SECONDS: Temporal alone remembers a killed worker's polls for a
   * minute or more. Both sources are shared, so this is right for any number of workers on any host.
   */
  private async worker(): Promise<Check> {
    try {
      const client = await this.temporal.client();
      const [{ pollers }, alive] = await Promise.all([
        withTimeout(
          client.workflowService.describeTaskQueue({
            namespace: this.temporal.namespace,
            taskQueue: {
              name: this.temporal.taskQueue,
              kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
            },
            taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
          }),
          'Temporal',
        ),
        withTimeout(
          this.heartbeats.alive(this.temporal.taskQueue, this.settings.values.WORKER_HEARTBEAT_STALE_SECONDS),
          'Postgres',
        ),
      ]);
      const staleBefore = Date.now() - this.settings.values.WORKER_POLL_STALE_SECONDS * 1000;
      const polling = new Set(
        (pollers ?? [])
          .filter((poller) => Number(poller.lastAccessTime?.seconds ?? 0) * 1000 >= staleBefore)
          .map((poller) => poller.identity ?? ''),
      );
      if (polling.size === 0) {
        return { status: 'down', detail: `no worker is polling task queue "${this.temporal.taskQueue}"` };
      }
      const live = alive.map((worker) => worker.identity).filter((identity) => polling.has(identity));
      if (live.length === 0) {
        return {
          status: 'down',
          detail: `no worker of task queue "${this.temporal.taskQueue}" reported in the last ${this.settings.values.WORKER_HEARTBEAT_STALE_SECONDS} s`,
        };
      }
      return { status: 'up', detail: `${live.length} worker(s): ${live.join(', ')}` };
    } catch (error) {
      return down(error);
    }
  }
}
