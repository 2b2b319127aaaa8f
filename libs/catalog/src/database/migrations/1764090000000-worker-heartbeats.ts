import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WorkerHeartbeats1764090000000 implements MigrationInterface {
  name = 'WorkerHeartbeats1764090000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE worker_heartbeat (
        identity text PRIMARY KEY,
        task_queue text NOT NULL,
        started_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`);
    await db.query('CREATE INDEX worker_heartbeat_queue_seen ON worker_heartbeat (task_queue, last_seen_at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE worker_heartbeat');
  }
}
