import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Local holidays per ente (the patron saint): a statutory deadline falling on one moves to the next working day. */
export class EnteHolidays1764415000000 implements MigrationInterface {
  name = 'EnteHolidays1764415000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE ente ADD COLUMN holidays jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE ente DROP COLUMN holidays');
  }
}
