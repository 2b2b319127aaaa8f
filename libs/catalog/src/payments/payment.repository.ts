import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type Page } from '../pagination/cursor';

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
  /** The notice numbers of the payment: the single payment first (position 0), then instalments. */
  options: PaymentOptionSnapshot[];
}

export interface PaymentOptionSnapshot {
  noticeNumber: string;
  kind: 'single' | 'instalment';
  position: number;
  iuv: string;
  amountCents: number;
  dueDate: string;
}

export interface PaymentOptionView extends PaymentOptionSnapshot {
  paymentNoticeNumber: string;
  paidAt: string | null;
}

export interface PaymentStepView {
  noticeNumber: string;
  status: string;
  at: string;
  detail: string | null;
}

export interface PaymentView extends Omit<PaymentSnapshot, 'options'> {
  createdAt: string;
}

export interface PaymentFilter {
  /** One ente's payments; absent: every ente's (e.g. a citizen's own, by payerFiscalCode). */
  enteCode?: string | null;
  status?: string | null;
  payerFiscalCode?: string | null;
  dueFrom?: string | null;
  dueTo?: string | null;
}

const PAYMENT_COLUMNS = `notice_number, iuv, org_fiscal_code, ente_code, payer_fiscal_code, payer_name, description,
  amount_cents, to_char(due_date, 'YYYY-MM-DD') AS due_date, status, receipt, created_at`;

function toView(row: Record<string, unknown>): PaymentView {
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
    createdAt: (row.created_at as Date).toISOString(),
  };
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
      for (const option of snapshot.options) {
        await tx.query(
          `INSERT INTO payment_option (notice_number, payment_notice_number, kind, position, iuv, amount_cents, due_date)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (notice_number) DO NOTHING`,
          [
            option.noticeNumber,
            snapshot.noticeNumber,
            option.kind,
            option.position,
            option.iuv,
            option.amountCents,
            option.dueDate,
          ],
        );
      }
      const paidNotice =
        (snapshot.receipt as { noticeNumber?: string; paymentDate?: string } | undefined) ?? undefined;
      if (paidNotice?.paymentDate) {
        await tx.query(
          `UPDATE payment_option SET paid_at = $2
            WHERE notice_number = $1 AND payment_notice_number = $3 AND paid_at IS NULL`,
          [paidNotice.noticeNumber ?? snapshot.noticeNumber, paidNotice.paymentDate, snapshot.noticeNumber],
        );
      }
      await tx.query(
        `INSERT INTO payment_event (event_key, notice_number, status, at, detail)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_key) DO NOTHING`,
        [event.eventKey, snapshot.noticeNumber, snapshot.status, event.at, event.detail ?? null],
      );
    });
  }

  /** The payment a notice number belongs to: its own, or the plan one of its instalments is part of. */
  async find(noticeNumber: string): Promise<PaymentView | undefined> {
    const rows = (await this.db.query(
      `SELECT ${PAYMENT_COLUMNS} FROM payment
        WHERE notice_number = COALESCE(
          (SELECT payment_notice_number FROM payment_option WHERE notice_number = $1), $1)`,
      [noticeNumber],
    )) as Record<string, unknown>[];
    return rows[0] && toView(rows[0]);
  }

  async findOption(noticeNumber: string): Promise<PaymentOptionView | undefined> {
    return (await this.optionsWhere('notice_number = ANY($1)', [[noticeNumber]]))[0];
  }

  /** The options of several payments in one statement (for DataLoader), by position. */
  optionsOf(paymentNoticeNumbers: readonly string[]): Promise<PaymentOptionView[]> {
    return this.optionsWhere('payment_notice_number = ANY($1)', [paymentNoticeNumbers]);
  }

  private async optionsWhere(where: string, params: unknown[]): Promise<PaymentOptionView[]> {
    const rows = (await this.db.query(
      `SELECT notice_number, payment_notice_number, kind, position, iuv, amount_cents,
              to_char(due_date, 'YYYY-MM-DD') AS due_date, paid_at
         FROM payment_option WHERE ${where} ORDER BY payment_notice_number, position`,
      params,
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      noticeNumber: String(row.notice_number),
      paymentNoticeNumber: String(row.payment_notice_number),
      kind: row.kind as 'single' | 'instalment',
      position: Number(row.position),
      iuv: String(row.iuv),
      amountCents: Number(row.amount_cents),
      dueDate: String(row.due_date),
      paidAt: row.paid_at ? (row.paid_at as Date).toISOString() : null,
    }));
  }

  /** Newest first, a page at a time (keyset on created_at, notice_number). */
  async list(
    filter: PaymentFilter,
    page: { first: number; after?: string | null },
  ): Promise<Page<PaymentView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.enteCode) add('ente_code = ?', filter.enteCode);
    if (filter.status) add('status = ?', filter.status);
    if (filter.payerFiscalCode) add('payer_fiscal_code = ?', filter.payerFiscalCode.trim().toUpperCase());
    if (filter.dueFrom) add('due_date >= ?', filter.dueFrom);
    if (filter.dueTo) add('due_date <= ?', filter.dueTo);
    if (page.after) {
      const [createdAt, noticeNumber] = decodeCursor(page.after, 2);
      params.push(createdAt, noticeNumber);
      where.push(`(created_at, notice_number) < ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    params.push(page.first + 1);
    const rows = (await this.db.query(
      `SELECT ${PAYMENT_COLUMNS} FROM payment ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, notice_number DESC LIMIT $${params.length}`,
      params,
    )) as Record<string, unknown>[];
    return {
      items: rows.slice(0, page.first).map((row) => {
        const node = toView(row);
        return {
          node,
          cursor: encodeCursor([String((row.created_at as Date).toISOString()), node.noticeNumber]),
        };
      }),
      hasNextPage: rows.length > page.first,
      hasPreviousPage: page.after != null,
    };
  }

  /** The history of several payments in one statement (for DataLoader). */
  async historyOf(noticeNumbers: readonly string[]): Promise<PaymentStepView[]> {
    const rows = (await this.db.query(
      `SELECT notice_number, status, at, detail FROM payment_event
        WHERE notice_number = ANY($1) ORDER BY notice_number, at, event_key`,
      [noticeNumbers],
    )) as { notice_number: string; status: string; at: Date; detail: string | null }[];
    return rows.map((row) => ({
      noticeNumber: row.notice_number,
      status: row.status,
      at: row.at.toISOString(),
      detail: row.detail,
    }));
  }
}
