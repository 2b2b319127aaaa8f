import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case as the workflow shows it at its last rest (the step it waits on and for whom, the
 * booking window, the notices, the open task), written by the same `recordCase` as the row: a
 * read of the case answers from here without asking the workflow (issue 16, the procedures
 * benchmark). Null for cases recorded before, which are still read from their workflow.
 */
export class CaseViewAtRest1764510000000 implements MigrationInterface {
  name = 'CaseViewAtRest1764510000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE procedure_case ADD COLUMN view_at_rest jsonb');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE procedure_case DROP COLUMN view_at_rest');
  }
}
