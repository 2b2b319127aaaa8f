import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1764096000000 implements MigrationInterface {
  name = 'Payments1764096000000';

  async up(db: QueryRunner): Promise<void> {
    // Projection of payment workflows for lists and searches; Temporal history stays the source of truth.
    await db.query(`
      CREATE TABLE payment (
        notice_number text PRIMARY KEY CHECK (notice_number ~ '^[0-9]{18}$'),
        iuv text NOT NULL,
        org_fiscal_code text NOT NULL,
        ente_code text NOT NULL,
        payer_fiscal_code text NOT NULL,
        payer_name text NOT NULL,
        description text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents BETWEEN 1 AND 99999999999),
        due_date date NOT NULL,
        status text NOT NULL,
        receipt jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_fiscal_code, iuv)
      )`);
    await db.query('CREATE INDEX payment_ente_status ON payment (org_fiscal_code, status, due_date)');
    await db.query('CREATE INDEX payment_payer ON payment (payer_fiscal_code)');
    // One row per state change, keyed by the workflow step, so an activity retry never adds a second one.
    await db.query(`
      CREATE TABLE payment_event (
        event_key text PRIMARY KEY,
        notice_number text NOT NULL REFERENCES payment (notice_number),
        status text NOT NULL,
        at timestamptz NOT NULL,
        detail text
      )`);
    await db.query('CREATE INDEX payment_event_notice ON payment_event (notice_number, at)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE payment_event');
    await db.query('DROP TABLE payment');
  }
}
