import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CivilDate, IdentityDocumentRow } from '@sus/domain';

export interface ReminderSettings {
  enteCode: string;
  /** Most distant first (checkReminderThresholds). */
  thresholds: number[];
  /** The ente's CIE service: its App IO service sends, its booking page is linked. */
  serviceCode: string | null;
  /** Where citizens book the new card, when the ente does not use SUS's booking page (e.g. the Ministry's agenda). */
  bookingUrl: string | null;
  /** The ente's bookable resource (e.g. `UFFICIO-CIE`) whose free slots SUS's booking page opens on. */
  bookingResourceCode: string | null;
  paused: boolean;
  pauseNote: string | null;
  updatedBy: string;
  updatedAt: string;
}

/** A card that may be due, with the thresholds already recorded for its current expiry date. */
export interface ReminderCandidate {
  documentNumber: string;
  fiscalCode: string;
  email: string | null;
  expiryDate: CivilDate;
  /** Thresholds with a reminder row, started or not. */
  recorded: number[];
  /** Reminder rows written but whose message was not yet handed over (a run crashed in between). */
  unstarted: { thresholdDays: number; idempotencyKey: string }[];
}

export interface ReminderCounts {
  documents: number;
  remindersSent: number;
  lastReminderAt: string | null;
}

export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : null);

function toSettings(row: Record<string, unknown>): ReminderSettings {
  return {
    enteCode: String(row.ente_code),
    thresholds: (row.thresholds as number[]).map(Number),
    serviceCode: (row.service_code as string | null) ?? null,
    bookingUrl: (row.booking_url as string | null) ?? null,
    bookingResourceCode: (row.booking_resource_code as string | null) ?? null,
    paused: Boolean(row.paused),
    pauseNote: (row.pause_note as string | null) ?? null,
    updatedBy: String(row.updated_by),
    updatedAt: iso(row.updated_at) as string,
  };
}

/**
 * Persistence of identity-card reminders: the register extract of each ente, its settings and the
 * reminders sent. Every method takes the ente; callers have checked the caller may act for it.
 */
@Injectable()
export class CieReminderRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Inserts new cards and updates changed ones (a renewed card: new expiry, new e-mail) in one
   * statement; an unchanged line writes nothing. Rows must hold distinct document numbers.
   */
  async upsertDocuments(enteCode: string, rows: readonly IdentityDocumentRow[]): Promise<ImportCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const written = (await this.db.query(
      `INSERT INTO identity_document AS d (id, ente_code, document_number, fiscal_code, expiry_date, email)
       SELECT id, $1, document_number, fiscal_code, expiry_date, email
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::date[], $6::text[])
           AS t(id, document_number, fiscal_code, expiry_date, email)
       ON CONFLICT (ente_code, document_number) DO UPDATE
         SET fiscal_code = EXCLUDED.fiscal_code, expiry_date = EXCLUDED.expiry_date, email = EXCLUDED.email,
             updated_at = now()
         WHERE (d.fiscal_code, d.expiry_date, d.email) IS DISTINCT FROM
               (EXCLUDED.fiscal_code, EXCLUDED.expiry_date, EXCLUDED.email)
       RETURNING (xmax = 0) AS inserted`,
      [
        enteCode,
        rows.map(() => randomUUID()),
        rows.map((row) => row.documentNumber),
        rows.map((row) => row.fiscalCode),
        rows.map((row) => row.expiryDate),
        rows.map((row) => row.email),
      ],
    )) as { inserted: boolean }[];
    const inserted = written.filter((row) => row.inserted).length;
    return { inserted, updated: written.length - inserted, unchanged: rows.length - written.length };
  }

  async settings(enteCode: string): Promise<ReminderSettings | undefined> {
    const rows = (await this.db.query(`SELECT * FROM reminder_settings WHERE ente_code = $1`, [
      enteCode,
    ])) as Record<string, unknown>[];
    return rows[0] ? toSettings(rows[0]) : undefined;
  }

  /** Creates or replaces the ente's thresholds, service and link; pausing is left as it is. */
  async saveSettings(input: {
    enteCode: string;
    thresholds: number[];
    serviceCode: string | null;
    bookingUrl: string | null;
    bookingResourceCode?: string | null;
    updatedBy: string;
  }): Promise<ReminderSettings> {
    const rows = (await this.db.query(
      `INSERT INTO reminder_settings (ente_code, thresholds, service_code, booking_url, booking_resource_code, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (ente_code) DO UPDATE
         SET thresholds = EXCLUDED.thresholds, service_code = EXCLUDED.service_code,
             booking_url = EXCLUDED.booking_url, booking_resource_code = EXCLUDED.booking_resource_code,
             updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING *`,
      [
        input.enteCode,
        input.thresholds,
        input.serviceCode,
        input.bookingUrl,
        input.bookingResourceCode ?? null,
        input.updatedBy,
      ],
    )) as Record<string, unknown>[];
    return toSettings(rows[0]!);
  }

  async setPaused(
    enteCode: string,
    paused: boolean,
    note: string | null,
    updatedBy: string,
  ): Promise<ReminderSettings | undefined> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = (await this.db.query(
      `UPDATE reminder_settings SET paused = $2, pause_note = $3, updated_by = $4, updated_at = now()
        WHERE ente_code = $1 RETURNING *`,
      [enteCode, paused, note, updatedBy],
    )) as [Record<string, unknown>[], number];
    return rows[0] ? toSettings(rows[0]) : undefined;
  }

  /** Every ente with reminders configured (paused or not): the worker ensures their schedules. */
  async configuredEnti(): Promise<ReminderSettings[]> {
    const rows = (await this.db.query(`SELECT * FROM reminder_settings ORDER BY ente_code`)) as Record<
      string,
      unknown
    >[];
    return rows.map(toSettings);
  }

  /**
   * The cards expiring from `today` to `today + horizonDays`, after `afterDocument` in document
   * order, with their recorded reminders; keyset pages, so a big register is read in slices.
   */
  async candidates(
    enteCode: string,
    today: CivilDate,
    horizonDays: number,
    afterDocument: string,
    limit: number,
  ): Promise<ReminderCandidate[]> {
    const rows = (await this.db.query(
      `SELECT d.document_number, d.fiscal_code, d.email, d.expiry_date::text AS expiry_date,
              COALESCE(array_agg(r.threshold_days) FILTER (WHERE r.threshold_days IS NOT NULL), '{}') AS recorded,
              COALESCE(jsonb_agg(jsonb_build_object('thresholdDays', r.threshold_days, 'idempotencyKey', r.idempotency_key))
                       FILTER (WHERE r.threshold_days IS NOT NULL AND r.started_at IS NULL), '[]') AS unstarted
         FROM identity_document d
         LEFT JOIN cie_reminder r
           ON r.ente_code = d.ente_code AND r.document_number = d.document_number AND r.expiry_date = d.expiry_date
        WHERE d.ente_code = $1 AND d.expiry_date BETWEEN $2::date AND $2::date + $3::int
          AND d.document_number > $4
        GROUP BY d.id
        ORDER BY d.document_number
        LIMIT $5`,
      [enteCode, today, horizonDays, afterDocument, limit],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      documentNumber: String(row.document_number),
      fiscalCode: String(row.fiscal_code),
      email: (row.email as string | null) ?? null,
      expiryDate: String(row.expiry_date),
      recorded: (row.recorded as number[]).map(Number),
      unstarted: row.unstarted as ReminderCandidate['unstarted'],
    }));
  }

  /**
   * Records a reminder before its message is handed over; false when the row already exists
   * (the primary key is the guarantee: one row per card, expiry and threshold).
   */
  async recordReminder(input: {
    enteCode: string;
    documentNumber: string;
    expiryDate: CivilDate;
    thresholdDays: number;
    idempotencyKey: string;
    fiscalCode: string;
    runDate: CivilDate;
  }): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO cie_reminder (ente_code, document_number, expiry_date, threshold_days, idempotency_key,
                                 fiscal_code, run_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT cie_reminder_once DO NOTHING
       RETURNING 1`,
      [
        input.enteCode,
        input.documentNumber,
        input.expiryDate,
        input.thresholdDays,
        input.idempotencyKey,
        input.fiscalCode,
        input.runDate,
      ],
    )) as unknown[];
    return rows.length === 1;
  }

  async markStarted(enteCode: string, idempotencyKeys: readonly string[]): Promise<void> {
    if (idempotencyKeys.length === 0) return;
    await this.db.query(
      `UPDATE cie_reminder SET started_at = now()
        WHERE ente_code = $1 AND idempotency_key = ANY($2::text[]) AND started_at IS NULL`,
      [enteCode, idempotencyKeys],
    );
  }

  async counts(enteCode: string): Promise<ReminderCounts> {
    const [row] = (await this.db.query(
      `SELECT (SELECT count(*)::int FROM identity_document WHERE ente_code = $1) AS documents,
              (SELECT count(*)::int FROM cie_reminder WHERE ente_code = $1 AND started_at IS NOT NULL) AS sent,
              (SELECT max(started_at) FROM cie_reminder WHERE ente_code = $1) AS last_at`,
      [enteCode],
    )) as { documents: number; sent: number; last_at: Date | null }[];
    return {
      documents: Number(row?.documents ?? 0),
      remindersSent: Number(row?.sent ?? 0),
      lastReminderAt: iso(row?.last_at),
    };
  }
}
