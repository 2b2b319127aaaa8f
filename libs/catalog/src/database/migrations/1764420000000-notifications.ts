import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * App IO messages: the templates of each ente, one delivery record per message, and the token
 * buckets that keep every worker together under each IO service key's rate limit.
 */
export class Notifications1764420000000 implements MigrationInterface {
  name = 'Notifications1764420000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE message_template (
        id uuid PRIMARY KEY,
        ente_code text NOT NULL,
        service_code text,
        event_key text NOT NULL CHECK (event_key ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$'),
        subject_it text NOT NULL,
        markdown_it text NOT NULL,
        subject_en text,
        markdown_en text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT message_template_en_complete CHECK ((subject_en IS NULL) = (markdown_en IS NULL))
      )`);
    // One template per ente, service (or none: the ente's default) and event.
    await db.query(
      `CREATE UNIQUE INDEX message_template_key ON message_template (ente_code, COALESCE(service_code, ''), event_key)`,
    );

    // submit_state and email_state are the write-ahead marks of the two sends: 'inFlight' is
    // committed before the request leaves, so an attempt that finds it knows an earlier one may
    // have been accepted and never sends again (at most once on each channel).
    await db.query(`
      CREATE TABLE message (
        id uuid PRIMARY KEY,
        ente_code text NOT NULL,
        service_code text,
        io_service_id text,
        fiscal_code text NOT NULL,
        email text,
        locale text NOT NULL DEFAULT 'it' CHECK (locale IN ('it', 'en')),
        case_number text,
        notice_number text,
        idempotency_key text NOT NULL,
        requested_by text NOT NULL,
        subject text,
        markdown text,
        payment_data jsonb,
        channel text NOT NULL DEFAULT 'none' CHECK (channel IN ('io', 'email', 'none')),
        status text NOT NULL,
        profile text CHECK (profile IN ('allowed', 'blocked', 'notOnIo')),
        io_message_id text,
        io_status text,
        submit_state text NOT NULL DEFAULT 'idle' CHECK (submit_state IN ('idle', 'inFlight', 'done')),
        email_state text NOT NULL DEFAULT 'idle' CHECK (email_state IN ('idle', 'inFlight', 'done')),
        attempts int NOT NULL DEFAULT 0,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        emailed_at timestamptz,
        completed_at timestamptz,
        CONSTRAINT message_idempotency UNIQUE (ente_code, idempotency_key)
      )`);
    await db.query('CREATE INDEX message_fiscal_code ON message (fiscal_code, created_at DESC)');
    await db.query(
      'CREATE INDEX message_case ON message (ente_code, case_number) WHERE case_number IS NOT NULL',
    );
    await db.query(
      'CREATE INDEX message_notice ON message (ente_code, notice_number) WHERE notice_number IS NOT NULL',
    );

    await db.query(`
      CREATE TABLE io_rate_bucket (
        key_id text PRIMARY KEY,
        tokens double precision NOT NULL,
        refilled_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE io_rate_bucket');
    await db.query('DROP TABLE message');
    await db.query('DROP TABLE message_template');
  }
}
