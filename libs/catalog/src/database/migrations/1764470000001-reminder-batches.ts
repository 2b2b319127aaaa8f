import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders sent in batches and in the citizen's language (issue 18):
 * - `message.translations`: the written-out text in the other languages SUS writes in; the one the
 *   citizen's App IO profile prefers replaces the text before the submission, never after;
 * - the index the daily run's status sweep reads: an ente's messages IO accepted and SUS has not
 *   seen end yet, least recently checked first;
 * - `reminder_settings.booking_resource_code`: the ente's bookable resource (e.g. Trieste's
 *   `UFFICIO-CIE`) the reminders' booking link opens.
 */
export class ReminderBatches1764470000001 implements MigrationInterface {
  name = 'ReminderBatches1764470000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE message ADD COLUMN translations jsonb');
    await db.query(`
      CREATE INDEX message_awaiting_io_status ON message (ente_code, updated_at)
        WHERE status = 'accepted' AND completed_at IS NULL`);
    await db.query(`
      ALTER TABLE reminder_settings ADD COLUMN booking_resource_code text
        CHECK (booking_resource_code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE reminder_settings DROP COLUMN booking_resource_code');
    await db.query('DROP INDEX message_awaiting_io_status');
    await db.query('ALTER TABLE message DROP COLUMN translations');
  }
}
