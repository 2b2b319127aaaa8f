import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity-card (CIE) expiry reminders: the cards of each ente's population-register extract, the
 * ente's reminder settings, and one row per reminder sent, unique per card, expiry and threshold.
 */
export class CieReminders1764440000000 implements MigrationInterface {
  name = 'CieReminders1764440000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identity_document (
        id uuid PRIMARY KEY,
        ente_code text NOT NULL,
        document_number text NOT NULL CHECK (document_number ~ '^[A-Z0-9]{5,20}$'),
        fiscal_code text NOT NULL,
        expiry_date date NOT NULL,
        email text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT identity_document_per_ente UNIQUE (ente_code, document_number)
      )`);
    // The daily run reads the cards expiring within the largest threshold, page by page.
    await db.query(
      'CREATE INDEX identity_document_expiry ON identity_document (ente_code, expiry_date, document_number)',
    );

    await db.query(`
      CREATE TABLE reminder_settings (
        ente_code text PRIMARY KEY,
        thresholds int[] NOT NULL CHECK (cardinality(thresholds) BETWEEN 1 AND 4),
        service_code text,
        booking_url text,
        paused boolean NOT NULL DEFAULT false,
        pause_note text,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Written before the reminder's message workflow is started and marked started after: a run
    // that crashes in between starts the same messages again (same ids, so nothing twice).
    await db.query(`
      CREATE TABLE cie_reminder (
        ente_code text NOT NULL,
        document_number text NOT NULL,
        expiry_date date NOT NULL,
        threshold_days int NOT NULL CHECK (threshold_days > 0),
        idempotency_key text NOT NULL,
        fiscal_code text NOT NULL,
        run_date date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        CONSTRAINT cie_reminder_once PRIMARY KEY (ente_code, document_number, expiry_date, threshold_days)
      )`);
    await db.query(
      'CREATE INDEX cie_reminder_unstarted ON cie_reminder (ente_code) WHERE started_at IS NULL',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE cie_reminder');
    await db.query('DROP TABLE reminder_settings');
    await db.query('DROP TABLE identity_document');
  }
}
