import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentOptions1764097000000 implements MigrationInterface {
  name = 'PaymentOptions1764097000000';

  async up(db: QueryRunner): Promise<void> {
    // Every notice number of a payment: the single payment and, for plans, each instalment. A
    // receipt names one of them; this finds the payment (and its workflow) it belongs to.
    await db.query(`
      CREATE TABLE payment_option (
        notice_number text PRIMARY KEY CHECK (notice_number ~ '^[0-9]{18}$'),
        payment_notice_number text NOT NULL REFERENCES payment (notice_number),
        kind text NOT NULL CHECK (kind IN ('single', 'instalment')),
        position smallint NOT NULL,
        iuv text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents BETWEEN 1 AND 99999999999),
        due_date date NOT NULL,
        paid_at timestamptz,
        UNIQUE (payment_notice_number, position)
      )`);
    await db.query(`
      INSERT INTO payment_option (notice_number, payment_notice_number, kind, position, iuv, amount_cents, due_date)
      SELECT notice_number, notice_number, 'single', 0, iuv, amount_cents, due_date FROM payment`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE payment_option');
  }
}
