import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per transfer of each payment option (issue 19): the account (IBAN), the taxonomy code
 * and the accounting reference (capitolo/accertamento) each part of the money goes to. Settlement
 * flows report payments per transfer (IUV + transfer index), so reconciliation and the
 * ragioneria's totals work on these rows, not on whole payments.
 */
export class PaymentTransfers1764500000001 implements MigrationInterface {
  name = 'PaymentTransfers1764500000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE payment_transfer (
        notice_number text NOT NULL REFERENCES payment_option (notice_number),
        -- idTransfer as published to GPD and reported by the flows (indiceDatiSingoloPagamento): 1 to 5.
        transfer_index smallint NOT NULL CHECK (transfer_index BETWEEN 1 AND 5),
        payment_notice_number text NOT NULL REFERENCES payment (notice_number),
        ente_code text NOT NULL,
        org_fiscal_code text NOT NULL,
        iuv text NOT NULL,
        amount_cents bigint NOT NULL CHECK (amount_cents BETWEEN 1 AND 99999999999),
        -- pagoPA taxonomy code; null only for payments projected before transfers were (backfilled).
        category text,
        iban text,
        accounting_reference text,
        service_code text,
        PRIMARY KEY (notice_number, transfer_index)
      )`);
    // Flow lines name a transfer by the creditor's fiscal code, the IUV and the index.
    await db.query(
      'CREATE INDEX payment_transfer_iuv ON payment_transfer (org_fiscal_code, iuv, transfer_index)',
    );
    await db.query(
      'CREATE INDEX payment_transfer_ente ON payment_transfer (ente_code, accounting_reference)',
    );
    // Payments projected before: one transfer per option for the whole amount, as GPD got it
    // when the payment had a single transfer (the only kind SUS issued until now).
    await db.query(`
      INSERT INTO payment_transfer (notice_number, transfer_index, payment_notice_number, ente_code, org_fiscal_code,
                                    iuv, amount_cents)
      SELECT o.notice_number, 1, o.payment_notice_number, p.ente_code, p.org_fiscal_code, o.iuv, o.amount_cents
        FROM payment_option o JOIN payment p ON p.notice_number = o.payment_notice_number`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE payment_transfer');
  }
}
