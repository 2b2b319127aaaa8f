import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MessageTemplateText } from '@sus/domain';
import type { MessageChannel, MessagePaymentData } from '@sus/contracts';
import { CatalogError } from '../catalog-error';

/** Where a message is sent from: the App IO service of the ente's service, or of the ente. */
export interface MessageSender {
  enteCode: string;
  enteFiscalCode: string;
  /** Absent when neither the service nor the ente has an App IO service: only e-mail can reach the citizen. */
  ioServiceId: string | null;
  /** The service's own App IO service, without falling back to the ente's (payments require it). */
  serviceIoServiceId: string | null;
}

export interface MessageTemplateRecord {
  id: string;
  enteCode: string;
  serviceCode: string | null;
  eventKey: string;
  text: MessageTemplateText;
  updatedAt: string;
}

/** What a message's delivery stands at; `status` moves pending → accepted → a final status. */
export type MessageRecordStatus =
  | 'pending'
  | 'invalid'
  | 'accepted'
  | 'processed'
  | 'failed'
  | 'rejected'
  | 'fallbackSent'
  | 'undeliverable'
  | 'unconfirmed';

export interface NewMessageRecord {
  enteCode: string;
  serviceCode?: string;
  ioServiceId: string | null;
  fiscalCode: string;
  email?: string;
  locale: 'it' | 'en';
  caseNumber?: string;
  noticeNumber?: string;
  idempotencyKey: string;
  requestedBy: string;
  subject?: string;
  markdown?: string;
  paymentData?: MessagePaymentData;
  /** The text in the other languages SUS writes in; the citizen's preferred one replaces it before the submission. */
  translations?: Partial<Record<'it' | 'en', { subject: string; markdown: string }>>;
  status: 'pending' | 'invalid';
  failure?: string;
}

export interface MessageRecord {
  id: string;
  enteCode: string;
  serviceCode: string | null;
  ioServiceId: string | null;
  fiscalCode: string;
  email: string | null;
  locale: 'it' | 'en';
  caseNumber: string | null;
  noticeNumber: string | null;
  idempotencyKey: string;
  requestedBy: string;
  subject: string | null;
  markdown: string | null;
  paymentData: MessagePaymentData | null;
  channel: MessageChannel;
  status: MessageRecordStatus;
  profile: 'allowed' | 'blocked' | 'notOnIo' | null;
  ioMessageId: string | null;
  ioStatus: string | null;
  submitState: 'idle' | 'inFlight' | 'done';
  emailState: 'idle' | 'inFlight' | 'done';
  attempts: number;
  failure: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  emailedAt: string | null;
  completedAt: string | null;
}

export interface MessageFilter {
  /** Always set for staff and integrators: the ente they act for. */
  enteCode?: string;
  caseNumber?: string;
  noticeNumber?: string;
  fiscalCode?: string;
}

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : null);

function toMessage(row: Record<string, unknown>): MessageRecord {
  return {
    id: String(row.id),
    enteCode: String(row.ente_code),
    serviceCode: (row.service_code as string | null) ?? null,
    ioServiceId: (row.io_service_id as string | null) ?? null,
    fiscalCode: String(row.fiscal_code),
    email: (row.email as string | null) ?? null,
    locale: row.locale as 'it' | 'en',
    caseNumber: (row.case_number as string | null) ?? null,
    noticeNumber: (row.notice_number as string | null) ?? null,
    idempotencyKey: String(row.idempotency_key),
    requestedBy: String(row.requested_by),
    subject: (row.subject as string | null) ?? null,
    markdown: (row.markdown as string | null) ?? null,
    paymentData: (row.payment_data as MessagePaymentData | null) ?? null,
    channel: row.channel as MessageChannel,
    status: row.status as MessageRecordStatus,
    profile: (row.profile as MessageRecord['profile']) ?? null,
    ioMessageId: (row.io_message_id as string | null) ?? null,
    ioStatus: (row.io_status as string | null) ?? null,
    submitState: row.submit_state as MessageRecord['submitState'],
    emailState: row.email_state as MessageRecord['emailState'],
    attempts: Number(row.attempts),
    failure: (row.failure as string | null) ?? null,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    submittedAt: iso(row.submitted_at),
    emailedAt: iso(row.emailed_at),
    completedAt: iso(row.completed_at),
  };
}

function toTemplate(row: Record<string, unknown>): MessageTemplateRecord {
  return {
    id: String(row.id),
    enteCode: String(row.ente_code),
    serviceCode: (row.service_code as string | null) ?? null,
    eventKey: String(row.event_key),
    text: {
      it: { subject: String(row.subject_it), markdown: String(row.markdown_it) },
      ...(row.subject_en === null
        ? {}
        : { en: { subject: String(row.subject_en), markdown: String(row.markdown_en) } }),
    },
    updatedAt: iso(row.updated_at) as string,
  };
}

/**
 * Persistence of App IO messages: templates, delivery records and the shared IO rate limit. The
 * callers scope every read and write by ente (staff and integrators) or by fiscal code (citizens).
 */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The ente and the App IO service its message goes out from; the ente's first one by default. */
  async resolveSender(enteCode: string, serviceCode?: string): Promise<MessageSender> {
    const [ente] = (await this.db.query(
      `SELECT id, fiscal_code, app_io_service_ids FROM ente WHERE ipa_code = $1`,
      [enteCode],
    )) as { id: string; fiscal_code: string; app_io_service_ids: string[] }[];
    if (!ente) throw new CatalogError('NOT_FOUND', `No ente with code ${enteCode}.`, 'enteCode');
    const enteDefault = ente.app_io_service_ids[0] ?? null;
    if (serviceCode !== undefined) {
      const [service] = (await this.db.query(
        `SELECT app_io_service_id FROM service WHERE ente_id = $1 AND code = $2`,
        [ente.id, serviceCode],
      )) as { app_io_service_id: string | null }[];
      if (!service) {
        throw new CatalogError('NOT_FOUND', `Ente ${enteCode} has no service ${serviceCode}.`, 'serviceCode');
      }
      const own = service.app_io_service_id ?? null;
      return {
        enteCode,
        enteFiscalCode: ente.fiscal_code,
        ioServiceId: own ?? enteDefault,
        serviceIoServiceId: own,
      };
    }
    return { enteCode, enteFiscalCode: ente.fiscal_code, ioServiceId: enteDefault, serviceIoServiceId: null };
  }

  /** The template for the event: the service's own first, then the ente's default. */
  async findTemplate(
    enteCode: string,
    serviceCode: string | undefined,
    eventKey: string,
  ): Promise<MessageTemplateRecord | undefined> {
    const rows = (await this.db.query(
      `SELECT * FROM message_template
        WHERE ente_code = $1 AND event_key = $3 AND (service_code IS NULL OR service_code = $2)
        ORDER BY service_code NULLS LAST LIMIT 1`,
      [enteCode, serviceCode ?? null, eventKey],
    )) as Record<string, unknown>[];
    return rows[0] ? toTemplate(rows[0]) : undefined;
  }

  async listTemplates(enteCode: string): Promise<MessageTemplateRecord[]> {
    const rows = (await this.db.query(
      `SELECT * FROM message_template WHERE ente_code = $1 ORDER BY event_key, service_code NULLS FIRST`,
      [enteCode],
    )) as Record<string, unknown>[];
    return rows.map(toTemplate);
  }

  /** Creates or replaces the template of (ente, service, event). */
  async saveTemplate(input: {
    enteCode: string;
    serviceCode: string | null;
    eventKey: string;
    text: MessageTemplateText;
  }): Promise<MessageTemplateRecord> {
    const rows = (await this.db.query(
      `INSERT INTO message_template (id, ente_code, service_code, event_key, subject_it, markdown_it, subject_en, markdown_en)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (ente_code, COALESCE(service_code, ''), event_key) DO UPDATE
         SET subject_it = EXCLUDED.subject_it, markdown_it = EXCLUDED.markdown_it,
             subject_en = EXCLUDED.subject_en, markdown_en = EXCLUDED.markdown_en, updated_at = now()
       RETURNING *`,
      [
        randomUUID(),
        input.enteCode,
        input.serviceCode,
        input.eventKey,
        input.text.it.subject,
        input.text.it.markdown,
        input.text.en?.subject ?? null,
        input.text.en?.markdown ?? null,
      ],
    )) as Record<string, unknown>[];
    return toTemplate(rows[0] as Record<string, unknown>);
  }

  /**
   * The delivery record of (ente, idempotency key): created by the first call, returned unchanged
   * by every later one, so a repeated request or a retried activity never makes a second message.
   */
  async createMessage(record: NewMessageRecord): Promise<{ message: MessageRecord; created: boolean }> {
    const inserted = (await this.db.query(
      `INSERT INTO message (id, ente_code, service_code, io_service_id, fiscal_code, email, locale, case_number,
                            notice_number, idempotency_key, requested_by, subject, markdown, payment_data, status,
                            failure, completed_at, translations)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
               CASE WHEN $15 = 'invalid' THEN now() END, $17)
       ON CONFLICT (ente_code, idempotency_key) DO NOTHING
       RETURNING *`,
      [
        randomUUID(),
        record.enteCode,
        record.serviceCode ?? null,
        record.ioServiceId,
        record.fiscalCode,
        record.email ?? null,
        record.locale,
        record.caseNumber ?? null,
        record.noticeNumber ?? null,
        record.idempotencyKey,
        record.requestedBy,
        record.subject ?? null,
        record.markdown ?? null,
        record.paymentData === undefined ? null : JSON.stringify(record.paymentData),
        record.status,
        record.failure ?? null,
        record.translations === undefined || Object.keys(record.translations).length === 0
          ? null
          : JSON.stringify(record.translations),
      ],
    )) as Record<string, unknown>[];
    if (inserted[0]) return { message: toMessage(inserted[0]), created: true };
    const existing = await this.findByIdempotencyKey(record.enteCode, record.idempotencyKey);
    return { message: existing as MessageRecord, created: false };
  }

  async findByIdempotencyKey(enteCode: string, idempotencyKey: string): Promise<MessageRecord | undefined> {
    const rows = (await this.db.query(`SELECT * FROM message WHERE ente_code = $1 AND idempotency_key = $2`, [
      enteCode,
      idempotencyKey,
    ])) as Record<string, unknown>[];
    return rows[0] ? toMessage(rows[0]) : undefined;
  }

  async getMessage(id: string): Promise<MessageRecord> {
    const rows = (await this.db.query(`SELECT * FROM message WHERE id = $1`, [id])) as Record<
      string,
      unknown
    >[];
    if (!rows[0]) throw new CatalogError('NOT_FOUND', `No message ${id}.`, 'messageId');
    return toMessage(rows[0]);
  }

  /** Newest first, at most `limit`; every filter given must match. */
  async listMessages(filter: MessageFilter, limit = 100): Promise<MessageRecord[]> {
    const rows = (await this.db.query(
      `SELECT * FROM message
        WHERE ($1::text IS NULL OR ente_code = $1) AND ($2::text IS NULL OR case_number = $2)
          AND ($3::text IS NULL OR notice_number = $3) AND ($4::text IS NULL OR fiscal_code = $4)
        ORDER BY created_at DESC, id LIMIT $5`,
      [
        filter.enteCode ?? null,
        filter.caseNumber ?? null,
        filter.noticeNumber ?? null,
        filter.fiscalCode ?? null,
        limit,
      ],
    )) as Record<string, unknown>[];
    return rows.map(toMessage);
  }

  /**
   * Records the citizen's IO profile and, when it prefers another language the message has a text
   * in, switches to that text. Only while nothing was submitted: what reached IO is what the record says.
   * Answers the record as it now stands, so the submission that follows need not read it again.
   */
  async recordProfile(
    id: string,
    profile: 'allowed' | 'blocked' | 'notOnIo',
    locale?: 'it' | 'en',
  ): Promise<MessageRecord> {
    const rows = (await this.db.query(
      `UPDATE message
          SET profile = $2, updated_at = now(),
              locale = CASE WHEN switch THEN $3 ELSE locale END,
              subject = CASE WHEN switch THEN translations -> $3 ->> 'subject' ELSE subject END,
              markdown = CASE WHEN switch THEN translations -> $3 ->> 'markdown' ELSE markdown END
         FROM (SELECT $3::text IS NOT NULL AND submit_state = 'idle' AND email_state = 'idle'
                      AND locale IS DISTINCT FROM $3 AND translations ? $3 AS switch
                 FROM message WHERE id = $1) AS decided
        WHERE message.id = $1
        RETURNING message.*`,
      [id, profile, locale ?? null],
    )) as [Record<string, unknown>[], number];
    if (!rows[0][0]) throw new CatalogError('NOT_FOUND', `No message ${id}.`, 'messageId');
    return toMessage(rows[0][0]);
  }

  /**
   * An ente's messages under a key prefix that IO accepted and whose end SUS has not seen, least
   * recently checked first: what a status sweep polls next. IO's REJECTED/FAILED ones are left
   * out: they went to their own workflow for the fallback.
   */
  async awaitingIoStatus(enteCode: string, keyPrefix: string, limit: number): Promise<MessageRecord[]> {
    const rows = (await this.db.query(
      `SELECT * FROM message
        WHERE ente_code = $1 AND status = 'accepted' AND completed_at IS NULL AND submit_state = 'done'
          AND starts_with(idempotency_key, $2) AND COALESCE(io_status, 'ACCEPTED') IN ('ACCEPTED', 'THROTTLED')
        ORDER BY updated_at, id LIMIT $3`,
      [enteCode, keyPrefix, limit],
    )) as Record<string, unknown>[];
    return rows.map(toMessage);
  }

  async countAwaitingIoStatus(enteCode: string, keyPrefix: string): Promise<number> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS n FROM message
        WHERE ente_code = $1 AND status = 'accepted' AND completed_at IS NULL AND submit_state = 'done'
          AND starts_with(idempotency_key, $2) AND COALESCE(io_status, 'ACCEPTED') IN ('ACCEPTED', 'THROTTLED')`,
      [enteCode, keyPrefix],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /**
   * Marks the IO submission in flight, committed before the request leaves. Answers 'begun' to
   * exactly one caller; a later attempt learns that an earlier one got IO's id ('done') or may
   * have reached IO without an answer ('inFlight'), and must not send again.
   */
  async beginSubmit(
    id: string,
  ): Promise<{ state: 'begun' } | { state: 'done'; ioMessageId: string } | { state: 'inFlight' }> {
    const begun = (await this.db.query(
      `UPDATE message SET submit_state = 'inFlight', attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND submit_state = 'idle' RETURNING id`,
      [id],
    )) as [unknown[], number];
    if (begun[1] > 0) return { state: 'begun' };
    const message = await this.getMessage(id);
    if (message.submitState === 'done' && message.ioMessageId)
      return { state: 'done', ioMessageId: message.ioMessageId };
    return { state: 'inFlight' };
  }

  /** IO answered 201 with its id. */
  async submitAccepted(id: string, ioMessageId: string): Promise<void> {
    await this.db.query(
      `UPDATE message SET submit_state = 'done', io_message_id = $2, channel = 'io', status = 'accepted',
              io_status = 'ACCEPTED', submitted_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, ioMessageId],
    );
  }

  /** IO answered, and its answer proves nothing was stored (429, 5xx, a refusal): a later attempt may send. */
  async submitNotStored(id: string, failure: string): Promise<void> {
    await this.db.query(
      `UPDATE message SET submit_state = 'idle', failure = $2, updated_at = now() WHERE id = $1`,
      [id, failure],
    );
  }

  /** Also when unchanged: the time of the check orders the status sweep. */
  async recordIoStatus(id: string, ioStatus: string): Promise<void> {
    await this.db.query(`UPDATE message SET io_status = $2, updated_at = now() WHERE id = $1`, [
      id,
      ioStatus,
    ]);
  }

  /** Same write-ahead mark as beginSubmit, for the e-mail fallback. */
  async beginEmail(id: string): Promise<'begun' | 'done' | 'inFlight'> {
    const begun = (await this.db.query(
      `UPDATE message SET email_state = 'inFlight', updated_at = now() WHERE id = $1 AND email_state = 'idle' RETURNING id`,
      [id],
    )) as [unknown[], number];
    if (begun[1] > 0) return 'begun';
    return (await this.getMessage(id)).emailState === 'done' ? 'done' : 'inFlight';
  }

  async emailSent(id: string): Promise<void> {
    await this.db.query(
      `UPDATE message SET email_state = 'done', emailed_at = now(), updated_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** The SMTP server refused before accepting the message: a later attempt may send. */
  async emailNotSent(id: string, failure: string): Promise<void> {
    await this.db.query(
      `UPDATE message SET email_state = 'idle', failure = $2, updated_at = now() WHERE id = $1`,
      [id, failure],
    );
  }

  /** The final status; written once (a late retry of an older step cannot overwrite it). */
  async complete(
    id: string,
    outcome: { channel: MessageChannel; status: MessageRecordStatus; failure?: string },
  ): Promise<MessageRecord> {
    await this.db.query(
      `UPDATE message SET channel = $2, status = $3, failure = COALESCE($4, failure), completed_at = now(),
              updated_at = now()
        WHERE id = $1 AND completed_at IS NULL`,
      [id, outcome.channel, outcome.status, outcome.failure ?? null],
    );
    return this.getMessage(id);
  }

  /**
   * Takes one request's token from the bucket of an IO key, shared by every worker through this
   * row (Postgres serialises the update). The bucket may go below zero: each caller reserves the
   * next free slot and is told how long to wait for it, so waiting callers never race each other
   * in retry loops. Capacity is one second's worth, as IO's own limit (Azure APIM rate-limit-by-key).
   */
  async takeIoToken(keyId: string, ratePerSecond: number): Promise<number> {
    const capacity = Math.max(1, ratePerSecond);
    const [row] = (await this.db.query(
      `INSERT INTO io_rate_bucket AS bucket (key_id, tokens, refilled_at) VALUES ($1, $2 - 1, clock_timestamp())
       ON CONFLICT (key_id) DO UPDATE
         SET tokens = LEAST($2, bucket.tokens + EXTRACT(EPOCH FROM clock_timestamp() - bucket.refilled_at) * $3) - 1,
             refilled_at = clock_timestamp()
       RETURNING tokens`,
      [keyId, capacity, ratePerSecond],
    )) as { tokens: number }[];
    const tokens = Number(row?.tokens ?? 0);
    return tokens >= 0 ? 0 : Math.ceil((-tokens / ratePerSecond) * 1000);
  }

  /** Gives back a reserved token the caller will not use (it chose to wait in a Temporal retry instead). */
  async returnIoToken(keyId: string): Promise<void> {
    await this.db.query(`UPDATE io_rate_bucket SET tokens = tokens + 1 WHERE key_id = $1`, [keyId]);
  }
}
