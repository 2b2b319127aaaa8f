import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { lateReceiptTransition, PAYMENT_TRANSITIONS, type PaymentStatus } from '@sus/domain';
import { AuditLog, type AuditRecord } from '../audit/audit-log';
import { CatalogError } from '../catalog-error';
import { systemContext } from '../context/request-context';
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
  receipt?: RecordedReceipt;
  /** The notice numbers of the payment: the single payment first (position 0), then instalments. */
  options: PaymentOptionSnapshot[];
  /** When the api issued it: lists order by it (the first state write can come later). */
  issuedAt?: string;
  /** The Anagrafe Servizi service it is for, when known: the ragioneria's totals group by it. */
  serviceCode?: string;
}

/** One transfer of an option: where that part of the money goes (issue 19). */
export interface PaymentTransferSnapshot {
  /** idTransfer as published to GPD and reported in settlement flows: 1 to 5. */
  index: number;
  amountCents: number;
  /** pagoPA taxonomy code. */
  category: string;
  iban?: string;
  accountingReference?: string;
}

/** A receipt as the projection keeps it (the fields of the workflow's PaymentReceipt). */
export interface RecordedReceipt {
  /** The option it pays; absent: the single payment. */
  noticeNumber?: string;
  receiptId: string;
  paymentDate: string;
  amountCents: number;
  pspName?: string;
  source: string;
}

/** One state change of a payment, as the workflow step that made it describes it. */
export interface PaymentStateEvent {
  /** Unique per step of one workflow chain: a retried activity writes nothing twice. */
  eventKey: string;
  /** The step's number in the payment's history: the projection only moves forward. */
  seq: number;
  at: string;
  detail?: string;
  /** Written in the same transaction, once per eventKey. */
  audit?: AuditRecord;
}

export interface LateReceiptOutcome {
  outcome: 'applied' | 'alreadyRecorded';
  status: PaymentStatus;
}

export interface PaymentOptionSnapshot {
  noticeNumber: string;
  kind: 'single' | 'instalment';
  position: number;
  iuv: string;
  amountCents: number;
  dueDate: string;
  /** Its transfers as published; absent from callers that do not know them (nothing is written). */
  transfers?: PaymentTransferSnapshot[];
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
    receipt: (row.receipt as RecordedReceipt | null) ?? undefined,
    createdAt: (row.created_at as Date).toISOString(),
  };
}

@Injectable()
export class PaymentRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Writes the projection, the receipt, the history entry and the audit entry in one
   * transaction. `eventKey` makes a retried activity a no-op instead of a duplicate; `seq` keeps
   * the status from moving backwards when an older attempt commits after a newer step.
   */
  async recordState(snapshot: PaymentSnapshot, event: PaymentStateEvent): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO payment (notice_number, iuv, org_fiscal_code, ente_code, payer_fiscal_code, payer_name,
                              description, amount_cents, due_date, status, receipt, state_seq, created_at)
         VALUES ($1, $2, $3, $11, $4, $5, $6, $7, $8, $9, $10, $12, COALESCE($13::timestamptz, now()))
         ON CONFLICT (notice_number) DO UPDATE
           SET status = EXCLUDED.status, receipt = COALESCE(EXCLUDED.receipt, payment.receipt),
               state_seq = EXCLUDED.state_seq, updated_at = now()
         WHERE payment.state_seq < EXCLUDED.state_seq`,
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
          event.seq,
          snapshot.issuedAt ?? null,
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
      await this.recordTransfers(tx, snapshot);
      const receipt = snapshot.receipt;
      if (receipt?.paymentDate) {
        const option = receipt.noticeNumber ?? snapshot.noticeNumber;
        await tx.query(
          `UPDATE payment_option SET paid_at = $2
            WHERE notice_number = $1 AND payment_notice_number = $3 AND paid_at IS NULL`,
          [option, receipt.paymentDate, snapshot.noticeNumber],
        );
        await tx.query(
          `INSERT INTO payment_receipt (receipt_id, notice_number, payment_notice_number, amount_cents,
                                        payment_date, psp_name, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (receipt_id) DO NOTHING`,
          [
            receipt.receiptId,
            option,
            snapshot.noticeNumber,
            receipt.amountCents,
            receipt.paymentDate,
            receipt.pspName ?? null,
            receipt.source,
          ],
        );
      }
      await tx.query(
        `INSERT INTO payment_event (event_key, notice_number, status, at, detail)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (event_key) DO NOTHING`,
        [event.eventKey, snapshot.noticeNumber, snapshot.status, event.at, event.detail ?? null],
      );
      if (event.audit) {
        await this.audit.recordStep(tx, systemContext(event.eventKey), event.audit, event.eventKey);
      }
    });
  }

  /**
   * The transfers of every option, once: they never change after issuance, so a later state write
   * finds them and adds nothing. One statement for all options (a plan of 12 instalments is one
   * round trip, not twelve).
   */
  private async recordTransfers(tx: EntityManager, snapshot: PaymentSnapshot): Promise<void> {
    const rows = snapshot.options.flatMap((option) =>
      (option.transfers ?? []).map((transfer) => ({ option, transfer })),
    );
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO payment_transfer (notice_number, transfer_index, payment_notice_number, ente_code, org_fiscal_code,
                                     iuv, amount_cents, category, iban, accounting_reference, service_code)
       SELECT t.notice_number, t.transfer_index, $1, $2, $3, t.iuv, t.amount_cents, t.category, t.iban,
              t.accounting_reference, $4
         FROM unnest($5::text[], $6::smallint[], $7::text[], $8::bigint[], $9::text[], $10::text[], $11::text[])
              AS t (notice_number, transfer_index, iuv, amount_cents, category, iban, accounting_reference)
       ON CONFLICT (notice_number, transfer_index) DO NOTHING`,
      [
        snapshot.noticeNumber,
        snapshot.enteCode,
        snapshot.orgFiscalCode,
        snapshot.serviceCode ?? null,
        rows.map((row) => row.option.noticeNumber),
        rows.map((row) => row.transfer.index),
        rows.map((row) => row.option.iuv),
        rows.map((row) => row.transfer.amountCents),
        rows.map((row) => row.transfer.category),
        rows.map((row) => row.transfer.iban ?? null),
        rows.map((row) => row.transfer.accountingReference ?? null),
      ],
    );
  }

  /**
   * A receipt for a payment whose workflow has closed: recorded once per receipt id, and once per
   * option (the same money found earlier under the poll's id is not counted again). The payment
   * moves to its anomaly state (paid after expiry, cancellation or failure) for staff to settle.
   */
  async recordLateReceipt(
    paymentNoticeNumber: string,
    receipt: RecordedReceipt,
    event: { eventKey: string; at: string },
  ): Promise<LateReceiptOutcome> {
    return this.db.transaction(async (tx) => {
      const [payment] = (await tx.query(
        `SELECT status, state_seq, ente_code, amount_cents FROM payment WHERE notice_number = $1 FOR UPDATE`,
        [paymentNoticeNumber],
      )) as { status: PaymentStatus; state_seq: number; ente_code: string; amount_cents: string }[];
      if (!payment) {
        throw new CatalogError(
          'NOT_FOUND',
          `No payment with notice number ${paymentNoticeNumber}.`,
          'noticeNumber',
        );
      }
      const option = receipt.noticeNumber ?? paymentNoticeNumber;
      const [known] = (await tx.query(
        `SELECT (SELECT count(*) FROM payment_receipt WHERE receipt_id = $1)::int AS same_id,
                (SELECT paid_at IS NOT NULL FROM payment_option
                  WHERE notice_number = $2 AND payment_notice_number = $3) AS option_paid,
                (SELECT count(*) FROM payment_option
                  WHERE notice_number = $2 AND payment_notice_number = $3)::int AS option_exists`,
        [receipt.receiptId, option, paymentNoticeNumber],
      )) as { same_id: number; option_paid: boolean | null; option_exists: number }[];
      if (!known || known.option_exists === 0) {
        throw new CatalogError(
          'NOT_FOUND',
          `Notice ${option} is not part of payment ${paymentNoticeNumber}.`,
          'noticeNumber',
        );
      }
      if (known.same_id > 0 || known.option_paid)
        return { outcome: 'alreadyRecorded', status: payment.status };

      const next = PAYMENT_TRANSITIONS[payment.status].receiveLatePayment
        ? lateReceiptTransition(payment.status)
        : payment.status;
      const seq = Number(payment.state_seq) + 1;
      await tx.query(
        `INSERT INTO payment_receipt (receipt_id, notice_number, payment_notice_number, amount_cents, payment_date,
                                      psp_name, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          receipt.receiptId,
          option,
          paymentNoticeNumber,
          receipt.amountCents,
          receipt.paymentDate,
          receipt.pspName ?? null,
          receipt.source,
        ],
      );
      await tx.query(`UPDATE payment_option SET paid_at = $2 WHERE notice_number = $1`, [
        option,
        receipt.paymentDate,
      ]);
      await tx.query(
        `UPDATE payment SET status = $2, receipt = $3, state_seq = $4, updated_at = now() WHERE notice_number = $1`,
        [paymentNoticeNumber, next, JSON.stringify(receipt), seq],
      );
      const detail = `receipt ${receipt.receiptId} (${receipt.source}) after the payment closed as ${payment.status}`;
      await tx.query(
        `INSERT INTO payment_event (event_key, notice_number, status, at, detail) VALUES ($1, $2, $3, $4, $5)`,
        [event.eventKey, paymentNoticeNumber, next, event.at, detail],
      );
      await this.audit.recordStep(
        tx,
        systemContext(event.eventKey),
        {
          action: `payment.${next}`,
          entity: 'Payment',
          entityId: paymentNoticeNumber,
          enteCode: payment.ente_code,
          before: { status: payment.status },
          after: { status: next, receiptId: receipt.receiptId, amountCents: receipt.amountCents, detail },
        },
        event.eventKey,
      );
      return { outcome: 'applied', status: next };
    });
  }

  /**
   * Of the IUVs pagoPA lists as paid for an ente, the options SUS has not recorded as paid: what
   * the receipt reconciliation must deliver. IUVs SUS never issued are not returned.
   */
  async unpaidOptionsByIuv(
    orgFiscalCode: string,
    iuvs: readonly string[],
  ): Promise<{ iuv: string; noticeNumber: string; paymentNoticeNumber: string }[]> {
    if (iuvs.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT o.iuv, o.notice_number, o.payment_notice_number
         FROM payment_option o JOIN payment p ON p.notice_number = o.payment_notice_number
        WHERE p.org_fiscal_code = $1 AND o.iuv = ANY($2) AND o.paid_at IS NULL`,
      [orgFiscalCode, iuvs],
    )) as { iuv: string; notice_number: string; payment_notice_number: string }[];
    return rows.map((row) => ({
      iuv: row.iuv,
      noticeNumber: row.notice_number,
      paymentNoticeNumber: row.payment_notice_number,
    }));
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
