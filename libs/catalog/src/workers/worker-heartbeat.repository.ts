import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WorkerHeartbeat } from './worker-heartbeat.entity';

@Injectable()
export class WorkerHeartbeatRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async beat(identity: string, taskQueue: string): Promise<void> {
    await this.db.query(
      `INSERT INTO worker_heartbeat (identity, task_queue, started_at, last_seen_at)
       VALUES ($1, $2, now(), now())
       ON CONFLICT (identity) DO UPDATE SET last_seen_at = now(), task_queue = EXCLUDED.task_queue`,
      [identity, taskQueue],
    );
  }

  async remove(identity: string): Promise<void> {
    await this.db.getRepository(WorkerHeartbeat).delete({ identity });
  }

  /** Workers of the queue seen within the window; the clock is the database's, shared by every host. */
  async alive(taskQueue: string, withinSeconds: number): Promise<WorkerHeartbeat[]> {
    return this.db
      .getRepository(WorkerHeartbeat)
      .createQueryBuilder('w')
      .where('w.task_queue = :taskQueue', { taskQueue })
      .andWhere(`w.last_seen_at > now() - make_interval(secs => :withinSeconds)`, { withinSeconds })
      .orderBy('w.identity')
      .getMany();
  }

  /** Rows of workers gone for good (killed, host lost) are pruned so the table stays small. */
  async prune(olderThanSeconds: number): Promise<void> {
    await this.db.query(
      `DELETE FROM worker_heartbeat WHERE last_seen_at < now() - make_interval(secs => $1)`,
      [olderThanSeconds],
    );
  }
}
