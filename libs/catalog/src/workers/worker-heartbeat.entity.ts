import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per running worker process, refreshed every few seconds. Temporal's poller list keeps a
 * dead worker for a minute or more; a stale heartbeat tells /health/ready within seconds.
 */
@Entity({ name: 'worker_heartbeat' })
export class WorkerHeartbeat {
  @PrimaryColumn('text')
  identity!: string;

  @Column({ type: 'text', name: 'task_queue' })
  taskQueue!: string;

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', name: 'last_seen_at' })
  lastSeenAt!: Date;
}
