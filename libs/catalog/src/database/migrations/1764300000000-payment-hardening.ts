import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentHardening1764300000000 implements MigrationInterface {
  name = 'PaymentHardening1764300000000';

  async up(db: QueryRunner): Promise<void> {
    // The workflow numbers its state changes; the projection only ever moves forward, so an
    // activity attempt that commits late can never put an older status back.
    await db.query('ALTER TABLE payment ADD COLUMN state_seq integer NOT NULL DEFAULT 0');
    // Every receipt SUS has recorded, once, whichever way it came (push, poll, reconciliation,
    // late): the key that makes a receipt reaching a closed payment count exactly once.
    await db.query(`
      CREATE TABLE payment_receipt (
        receipt_id text PRIMARY KEY,
        notice_number text NOT NULL REFERENCES payment_option (notice_number),
        payment_notice_number text NOT NULL REFERENCES payment (notice_number),
        amount_cents bigint NOT NULL CHECK (amount_cents >= 1),
        payment_date timestamptz NOT NULL,
        psp_name text,
        source text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX payment_receipt_payment ON payment_receipt (payment_notice_number)');
    await db.query(`
      INSERT INTO payment_receipt (receipt_id, notice_number, payment_notice_number, amount_cents, payment_date,
                                   psp_name, source)
      SELECT p.receipt->>'receiptId', COALESCE(p.receipt->>'noticeNumber', p.notice_number), p.notice_number,
             (p.receipt->>'amountCents')::bigint, (p.receipt->>'paymentDate')::timestamptz,
             p.receipt->>'pspName', COALESCE(p.receipt->>'source', 'push')
        FROM payment p
       WHERE p.receipt ? 'receiptId'
      ON CONFLICT DO NOTHING`);
    // The receipt reconciliation looks options up by the IUV pagoPA lists.
    await db.query('CREATE INDEX payment_option_iuv ON payment_option (iuv)');
    // Audit entries written by workflow steps carry the step's key: a retried step is one entry,
    // enforced by the database in the same transaction as the change it records.
    await db.query('ALTER TABLE audit_log ADD COLUMN event_key text');
    await db.query(
      'CREATE UNIQUE INDEX audit_log_event_key ON audit_log (event_key) WHERE event_key IS NOT NULL',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX audit_log_event_key');
    await db.query('ALTER TABLE audit_log DROP COLUMN event_key');
    await db.query('DROP INDEX payment_option_iuv');
    await db.query('DROP TABLE payment_receipt');
    await db.query('ALTER TABLE payment DROP COLUMN state_seq');
  }
}
