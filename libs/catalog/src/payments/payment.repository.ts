import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PaymentSnapshot {
  noticeNumber: string;
  iuv: string;
  orgFiscalCode: string;
  /** IPA code of the creditor ente. */
  enteCode: string;
  payerFiscalCode: string;
  payerName: string;
  description: string;
  amountCents: number;
  dueDate: string;
  status: string;
  receipt?: unknown;
}

export interface PaymentView extends PaymentSnapshot {
  history: { status: string; at: string; detail: string | null }[];
}

@Injectable()
export class PaymentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Writes the projection and appends the history entry in one transaction; `eventKey` (workflow
   * id + step) makes a retried activity a no-op instead of a duplicate entry.
   */
  async recordState(
    snapshot: PaymentSnapshot,
    event: { eventKey: string; at: string; detail?: string },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO payment (notice_number, iuv, org_fiscal_code, ente_code, payer_fiscal_code, payer_name,
                              description, amount_cents, due_date, status, receipt)
         VALUES ($1, $2, $3, $11, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (notice_number) DO UPDATE
           SET status = EXCLUDED.status, receipt = COALESCE(EXCLUDED.receipt, payment.receipt), updated_at = now()`,
        [
          snapshot.noticeNumber,
          snapshot.iuv,
          snapshot.orgFiscalCode,
          snapshot.payerFiscalCode,
          snapshot.payerName,
          snapshot.description,
          snapshot.amountCents,
          snapshot.dueDate,
          snapshot.status,
          snapshot.receipt === undefined ? null : JSON.stringify(snapshot.receipt),
          snapshot.enteCode,
        ],
      );
      await tx.query(
        `INSERT INTO payment_event (event_key, notice_number, status, at, detail)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_key) DO NOTHING`,
        [event.eventKey, snapshot.noticeNumber, snapshot.status, event.at, event.detail ?? null],
      );
    });
  }

  async find(noticeNumber: string): Promise<PaymentView | undefined> {
    const rows = (await this.db.query(
      `SELECT notice_number, iuv, org_fiscal_code, ente_code, payer_fiscal_code, payer_name, description, amount_cents,
              to_char(due_date, 'YYYY-MM-DD') AS due_date, status, receipt
         FROM payment WHERE notice_number = $1`,
      [noticeNumber],
    )) as Record<string, unknown>[];
    const row = rows[0];
    if (!row) return undefined;
    const history = (await this.db.query(
      `SELECT status, at, detail FROM payment_event WHERE notice_number = $1 ORDER BY at, event_key`,
      [noticeNumber],
    )) as { status: string; at: Date; detail: string | null }[];
    return {
      noticeNumber: String(row.notice_number),
      iuv: String(row.iuv),
      orgFiscalCode: String(row.org_fiscal_code),
      enteCode: String(row.ente_code),
      payerFiscalCode: String(row.payer_fiscal_code),
      payerName: String(row.payer_name),
      description: String(row.description),
      amountCents: Number(row.amount_cents),
      dueDate: String(row.due_date),
      status: String(row.status),
      receipt: row.receipt ?? undefined,
      history: history.map((h) => ({ status: h.status, at: h.at.toISOString(), detail: h.detail })),
    };
  }
}
