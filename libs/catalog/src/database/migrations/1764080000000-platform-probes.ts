import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformProbes1764080000000 implements MigrationInterface {
  name = 'PlatformProbes1764080000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE platform_probe (
        id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('started', 'completed')),
        workflow_id text NOT NULL UNIQUE,
        note text,
        worker_identity text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE platform_probe');
  }
}
