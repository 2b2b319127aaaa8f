import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, type QueryRunner } from 'typeorm';
import { accountReference, assertCan, parseCivilDate } from '@sus/domain';
import { AuditLog } from '../audit/audit-log';
import { CatalogError, parseField } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import type { Ente } from '../organisations/ente.entity';
import { EntiService } from '../organisations/enti.service';
import { readCashJournal, type CashJournalError } from './cash-journal';
import { FLOW_ID_SHAPE, type SettlementFlowHeader, type SettlementFlowLine } from './settlement-flow';
import { SettlementFlowXmlReader } from './settlement-flow-xml';

export const ANOMALY_KINDS = [
  'paymentWithoutFlow',
  'flowWithoutCashMovement',
  'cashMovementWithoutFlow',
  'amountMismatch',
  'unknownIuv',
  'duplicate',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** How long each party may take before a missing counterpart is an anomaly rather than "not yet". */
export interface ReconciliationWindows {
  /** PSPs publish the flow by the second working day after the payment (D+2): 4 calendar days. */
  flowDays: number;
  /** The treasurer's journal shows the SCT within days of its regulation date. */
  cashDays: number;
}
export const DEFAULT_WINDOWS: ReconciliationWindows = { flowDays: 4, cashDays: 3 };

export interface ReconciliationRun {
  /** Transfers a flow line reported in this run. */
  reported: number;
  /** Transfers a cash movement reconciled in this run. */
  reconciled: number;
  /** Anomalies open after the run, those it found new and those it closed. */
  openAnomalies: number;
  newAnomalies: number;
  resolvedAnomalies: number;
}

export interface FlowImport {
  flowId: string;
  revision: number;
  lines: number;
  totalCents: number;
  /** `alreadyImported`: the same flow and revision was imported before; nothing changed. */
  outcome: 'imported' | 'alreadyImported';
  run: ReconciliationRun;
}

export interface CashJournalImport {
  movements: number;
  /** Movements already known from an earlier (or overlapping) journal. */
  alreadyImported: number;
  /** Movements naming a pagoPA flow or payment; the rest is other income. */
  pagopaMovements: number;
  run: ReconciliationRun;
}

export interface ReconciliationAnomalyView {
  id: string;
  kind: AnomalyKind;
  iuv: string | null;
  noticeNumber: string | null;
  transferIndex: number | null;
  flowId: string | null;
  expectedCents: number | null;
  actualCents: number | null;
  detail: string;
  detectedAt: string;
  resolvedAt: string | null;
}

export interface ReconciliationTotal {
  serviceCode: string | null;
  accountingReference: string | null;
  transfers: number;
  receivedCents: number;
  reportedCents: number;
  reconciledCents: number;
}

export interface ReconciliationReport {
  enteCode: string;
  from: string;
  to: string;
  /** Transfers of options paid in the period, by state. */
  received: number;
  reported: number;
  reconciled: number;
  totals: ReconciliationTotal[];
  flows: {
    flowId: string;
    revision: number;
    pspId: string;
    regulationDate: string;
    lines: number;
    totalCents: number;
    cashMatched: boolean;
  }[];
  openAnomalies: { kind: AnomalyKind; count: number }[];
}

const COPY_BATCH = 1 << 16;

/** Text for COPY's text format: tabs, newlines and backslashes escaped. */
function copyText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Reconciliation of an ente's income (issue 19): settlement flows (FdR) and the treasurer's cash
 * journal are imported, then matched per transfer, set-based and incrementally: a run looks only
 * at what is still unmatched (lines, movements, transfers reported but not reconciled), never at
 * the ente's whole history, and records anomalies that stay open until a later run no longer
 * finds them (after the missing flow arrives, the receipt is recorded, …).
 */
@Injectable()
export class ReconciliationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enti: EntiService,
    private readonly audit: AuditLog,
  ) {}

  /** A FlussoRiversamento XML file, streamed: its lines go to the database as they are read. */
  async importSettlementFlowXml(
    ctx: RequestContext,
    enteCode: string,
    file: AsyncIterable<string | Buffer> | Readable,
    options: { asOf?: Date; windows?: ReconciliationWindows } = {},
  ): Promise<FlowImport> {
    const ente = await this.writable(ctx, enteCode);
    const reader = new SettlementFlowXmlReader();
    const result = await this.storeFlow(ctx, ente, 'xml', async (push) => {
      for await (const chunk of file) {
        const lines = reader.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
        if (lines.length > 0) await push(lines);
      }
      return reader.close();
    });
    return { ...result, run: await this.runFor(ente, options) };
  }

  /** A flow read from the FdR REST API (header and pages of lines already fetched). */
  async importSettlementFlow(
    ctx: RequestContext,
    enteCode: string,
    header: SettlementFlowHeader,
    lines: readonly SettlementFlowLine[],
    options: { asOf?: Date; windows?: ReconciliationWindows; run?: boolean } = {},
  ): Promise<FlowImport> {
    const ente = await this.writable(ctx, enteCode);
    const result = await this.storeFlow(ctx, ente, 'api', async (push) => {
      await push(lines);
      return header;
    });
    const run =
      options.run === false
        ? { reported: 0, reconciled: 0, openAnomalies: 0, newAnomalies: 0, resolvedAnomalies: 0 }
        : await this.runFor(ente, options);
    return { ...result, run };
  }

  /** Whether a flow (any revision at least `revision`) is already stored: the daily pull skips it. */
  async hasFlow(enteCode: string, flowId: string, revision: number): Promise<boolean> {
    const rows = (await this.db.query(
      'SELECT 1 FROM settlement_flow WHERE ente_code = $1 AND flow_id = $2 AND revision >= $3 LIMIT 1',
      [enteCode, flowId, revision],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * Stores one flow in one transaction: header, lines by COPY, then the checks the schema asks
   * (count and total equal the lines) — a flow that fails them leaves nothing behind. A later
   * revision of a stored flow replaces it: the old lines and their matches go, the run rematches.
   */
  private async storeFlow(
    ctx: RequestContext,
    ente: Ente,
    source: 'xml' | 'api',
    produce: (push: (lines: readonly SettlementFlowLine[]) => Promise<void>) => Promise<SettlementFlowHeader>,
  ): Promise<Omit<FlowImport, 'run'>> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // The header comes first in the file, but only `close` checks it: lines go to a staging
      // table, and move to their flow once the header is known and valid.
      await runner.query(
        `CREATE TEMP TABLE flow_line_in (line_no int, iuv text, iur text, transfer_index smallint,
           amount_cents bigint, outcome_code text, outcome_date date) ON COMMIT DROP`,
      );
      const client = (runner as QueryRunner & { databaseConnection: PoolClient }).databaseConnection;
      const copy = client.query(
        copyFrom(
          'COPY flow_line_in (line_no, iuv, iur, transfer_index, amount_cents, outcome_code, outcome_date) FROM STDIN',
        ),
      );
      const done = new Promise<void>((resolve, reject) => {
        copy.on('finish', resolve);
        copy.on('error', reject);
      });
      let lineNo = 0;
      let buffer = '';
      const flush = async () => {
        if (buffer === '') return;
        const text = buffer;
        buffer = '';
        if (!copy.write(text)) await new Promise((resolve) => copy.once('drain', resolve));
      };
      let header: SettlementFlowHeader;
      try {
        header = await produce(async (lines) => {
          for (const line of lines) {
            lineNo += 1;
            buffer += `${lineNo}\t${copyText(line.iuv)}\t${copyText(line.iur)}\t${line.transferIndex ?? '\\N'}\t${line.amountCents}\t${line.outcomeCode}\t${line.outcomeDate}\n`;
            if (buffer.length >= COPY_BATCH) await flush();
          }
        });
        await flush();
        copy.end();
        await done;
      } catch (error) {
        // End the COPY cleanly (the transaction is rolled back below, taking its rows with it):
        // destroying the stream would leave the connection in COPY state for the rollback.
        copy.end();
        await done.catch(() => undefined);
        throw error;
      }
      if (!FLOW_ID_SHAPE.test(header.flowId))
        throw new CatalogError('INVALID_SETTLEMENT_FLOW', `Flow id "${header.flowId}" is not valid.`, 'file');
      if (header.receiverFiscalCode !== ente.fiscalCode) {
        throw new CatalogError(
          'SETTLEMENT_FLOW_NOT_FOR_ENTE',
          `Flow ${header.flowId} settles money for ${header.receiverFiscalCode}, not for ${ente.ipaCode} (${ente.fiscalCode}).`,
          'enteCode',
        );
      }
      const [totals] = (await runner.query(
        'SELECT count(*)::int AS lines, COALESCE(sum(amount_cents), 0)::bigint AS cents FROM flow_line_in',
      )) as { lines: number; cents: string }[];
      if (totals!.lines !== header.totalCount || Number(totals!.cents) !== header.totalCents) {
        throw new CatalogError(
          'INVALID_SETTLEMENT_FLOW',
          `Flow ${header.flowId} declares ${header.totalCount} payments for ${header.totalCents} cents but lists ` +
            `${totals!.lines} for ${totals!.cents} cents: it is incomplete or altered.`,
          'file',
        );
      }
      const [existing] = (await runner.query(
        `SELECT max(revision) AS revision FROM settlement_flow WHERE ente_code = $1 AND flow_id = $2`,
        [ente.ipaCode, header.flowId],
      )) as { revision: number | null }[];
      if (existing?.revision != null && existing.revision >= header.revision) {
        await runner.rollbackTransaction();
        return {
          flowId: header.flowId,
          revision: header.revision,
          lines: totals!.lines,
          totalCents: header.totalCents,
          outcome: 'alreadyImported',
        };
      }
      if (existing?.revision != null) await this.supersede(runner, ente.ipaCode, header.flowId);
      const [flow] = (await runner.query(
        `INSERT INTO settlement_flow (ente_code, flow_id, revision, flow_date, psp_id, psp_name, regulation_id,
                                      regulation_date, receiver_fiscal_code, total_count, total_cents, source, imported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
        [
          ente.ipaCode,
          header.flowId,
          header.revision,
          header.flowDate,
          header.pspId,
          header.pspName ?? null,
          header.regulationId,
          header.regulationDate,
          header.receiverFiscalCode,
          header.totalCount,
          header.totalCents,
          source,
          accountReference(ctx.actor) ?? ctx.actor.kind,
        ],
      )) as { id: string }[];
      await runner.query(
        `INSERT INTO settlement_flow_line (flow, line_no, ente_code, iuv, iur, transfer_index, amount_cents,
                                           outcome_code, outcome_date)
         SELECT $1, line_no, $2, iuv, iur, transfer_index, amount_cents, outcome_code, outcome_date FROM flow_line_in`,
        [flow!.id, ente.ipaCode],
      );
      await this.audit.recordStep(
        runner.manager,
        ctx,
        {
          action: 'reconciliation.flowImported',
          entity: 'SettlementFlow',
          entityId: `${header.flowId}#${header.revision}`,
          enteCode: ente.ipaCode,
          after: { lines: totals!.lines, totalCents: header.totalCents, pspId: header.pspId, source },
        },
        `flow/${ente.ipaCode}/${header.flowId}#${header.revision}`,
      );
      await runner.commitTransaction();
      return {
        flowId: header.flowId,
        revision: header.revision,
        lines: totals!.lines,
        totalCents: header.totalCents,
        outcome: 'imported',
      };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Undoes the matches of a flow's stored revisions, which a newer revision replaces. */
  private async supersede(runner: QueryRunner, enteCode: string, flowId: string): Promise<void> {
    const old = `SELECT id FROM settlement_flow WHERE ente_code = $1 AND flow_id = $2 AND NOT superseded`;
    await runner.query(
      `UPDATE payment_transfer SET flow_line_flow = NULL, flow_line_no = NULL, reported_at = NULL,
              cash_movement_id = NULL, reconciled_at = NULL
        WHERE flow_line_flow IN (${old})`,
      [enteCode, flowId],
    );
    await runner.query(
      `UPDATE cash_movement SET matched = false
        WHERE id IN (SELECT cash_movement_id FROM settlement_flow WHERE id IN (${old}))`,
      [enteCode, flowId],
    );
    await runner.query(`DELETE FROM settlement_flow_line WHERE flow IN (${old})`, [enteCode, flowId]);
    await runner.query(
      `UPDATE settlement_flow SET superseded = true, cash_movement_id = NULL WHERE id IN (${old})`,
      [enteCode, flowId],
    );
  }

  /**
   * The treasurer's cash journal (`value_date,amount,causale`). Refused whole, with every bad line,
   * if any line is bad; movements already imported (the same journal again, or an overlapping
   * one) are not added twice.
   */
  async importCashJournal(
    ctx: RequestContext,
    enteCode: string,
    file: AsyncIterable<string | Buffer> | Readable,
    options: { name?: string; asOf?: Date; windows?: ReconciliationWindows } = {},
  ): Promise<CashJournalImport> {
    const ente = await this.writable(ctx, enteCode);
    const { lines, errors } = await readCashJournal(file);
    if (errors.length > 0) throw journalRefused(errors);
    const occurrences = new Map<string, number>();
    const keys = lines.map((line) => {
      const base = `${line.valueDate}|${line.amountCents}|${line.causale.replace(/\s+/g, '').toUpperCase()}`;
      const nth = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, nth);
      return `${base}|${nth}`;
    });
    const journal = options.name ?? `journal-${new Date().toISOString()}`;
    const inserted = await this.db.transaction(async (tx) => {
      const rows = (await tx.query(
        `INSERT INTO cash_movement (ente_code, movement_key, value_date, amount_cents, causale, kind, reference,
                                    reference_amount_cents, journal, line_no)
         SELECT $1, m.key, m.value_date, m.amount_cents, m.causale, m.kind, m.reference, m.reference_amount_cents, $2, m.line_no
           FROM unnest($3::text[], $4::date[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::int[])
                AS m (key, value_date, amount_cents, causale, kind, reference, reference_amount_cents, line_no)
         ON CONFLICT (ente_code, movement_key) DO NOTHING
         RETURNING id`,
        [
          ente.ipaCode,
          journal,
          keys,
          lines.map((line) => line.valueDate),
          lines.map((line) => line.amountCents),
          lines.map((line) => line.causale),
          lines.map((line) => line.reading.kind),
          lines.map((line) =>
            line.reading.kind === 'flow'
              ? line.reading.flowId
              : line.reading.kind === 'single'
                ? line.reading.iuv
                : null,
          ),
          lines.map((line) => (line.reading.kind === 'single' ? (line.reading.amountCents ?? null) : null)),
          lines.map((line) => line.line),
        ],
      )) as unknown[];
      await this.audit.recordStep(
        tx,
        ctx,
        {
          action: 'reconciliation.cashJournalImported',
          entity: 'CashJournal',
          entityId: journal,
          enteCode: ente.ipaCode,
          after: { movements: lines.length, added: rows.length },
        },
        `cash/${ente.ipaCode}/${ctx.requestId}/${journal}`,
      );
      return rows.length;
    });
    return {
      movements: lines.length,
      alreadyImported: lines.length - inserted,
      pagopaMovements: lines.filter((line) => line.reading.kind !== 'other').length,
      run: await this.runFor(ente, options),
    };
  }

  /** Runs the match and the anomaly check for an ente (e.g. after a fix elsewhere, or daily). */
  async run(
    ctx: RequestContext,
    enteCode: string,
    options: { asOf?: Date; windows?: ReconciliationWindows } = {},
  ): Promise<ReconciliationRun> {
    return this.runFor(await this.writable(ctx, enteCode), options);
  }

  private async runFor(
    ente: Ente,
    options: { asOf?: Date; windows?: ReconciliationWindows },
  ): Promise<ReconciliationRun> {
    const asOf = (options.asOf ?? new Date()).toISOString();
    const windows = options.windows ?? DEFAULT_WINDOWS;
    const enteCode = ente.ipaCode;
    return this.db.transaction(async (tx) => {
      // One run per ente at a time: two imports finishing together would otherwise match the
      // same line twice. Transaction-scoped, released at commit.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('reconciliation/' || $1))`, [enteCode]);
      // 1. Flow lines → transfers (receipt ↔ flow line): same ente, IUV and transfer index (the
      //    option's only transfer when the flow leaves the index out), same amount, executed.
      //    Two lines for one transfer: the first reports it, the other is a duplicate.
      const reported = (await tx.query(
        `WITH candidate AS (
           SELECT DISTINCT ON (t.notice_number, t.transfer_index)
                  l.flow, l.line_no, t.notice_number, t.transfer_index
             FROM settlement_flow_line l
             JOIN payment_transfer t
               ON t.ente_code = l.ente_code AND t.iuv = l.iuv AND t.transfer_index = COALESCE(l.transfer_index, 1)
            WHERE l.ente_code = $1 AND l.notice_number IS NULL AND l.outcome_code IN ('0', '9')
              AND t.flow_line_flow IS NULL AND l.amount_cents = t.amount_cents
            ORDER BY t.notice_number, t.transfer_index, l.flow, l.line_no
         ), lines AS (
           UPDATE settlement_flow_line l SET notice_number = c.notice_number
             FROM candidate c WHERE l.flow = c.flow AND l.line_no = c.line_no
         )
         UPDATE payment_transfer t SET flow_line_flow = c.flow, flow_line_no = c.line_no, reported_at = now()
           FROM candidate c WHERE t.notice_number = c.notice_number AND t.transfer_index = c.transfer_index
         RETURNING 1`,
        [enteCode],
      )) as [unknown[], number];
      // 2. Flows → cash movements (flow ↔ SCT): the causale names the flow, the amount is its total.
      await tx.query(
        `WITH candidate AS (
           SELECT DISTINCT ON (f.id) f.id AS flow, m.id AS movement
             FROM settlement_flow f
             JOIN cash_movement m
               ON m.ente_code = f.ente_code AND upper(m.reference) = upper(f.flow_id) AND m.kind = 'flow'
              AND NOT m.matched AND m.amount_cents = f.total_cents
            WHERE f.ente_code = $1 AND f.cash_movement_id IS NULL AND NOT f.superseded
            ORDER BY f.id, m.value_date, m.id
         ), chosen AS (
           SELECT DISTINCT ON (movement) flow, movement FROM candidate ORDER BY movement, flow
         ), flows AS (
           UPDATE settlement_flow f SET cash_movement_id = c.movement FROM chosen c WHERE f.id = c.flow
         )
         UPDATE cash_movement m SET matched = true FROM chosen c WHERE m.id = c.movement`,
        [enteCode],
      );
      // 3. Transfers reported by a flow whose money arrived → reconciled (only the reported, not
      //    yet reconciled ones are looked at).
      const viaFlow = (await tx.query(
        `UPDATE payment_transfer t SET cash_movement_id = f.cash_movement_id, reconciled_at = now()
           FROM settlement_flow f
          WHERE t.flow_line_flow = f.id AND t.flow_line_flow IS NOT NULL AND t.cash_movement_id IS NULL
            AND f.ente_code = $1 AND f.cash_movement_id IS NOT NULL
         RETURNING 1`,
        [enteCode],
      )) as [unknown[], number];
      // 4. Single-payment transfers (/RFS/, /RFB/): the movement pays every open transfer of the IUV.
      const viaSingle = (await tx.query(
        `WITH open AS (
           SELECT m.id AS movement, m.reference AS iuv
             FROM cash_movement m
            WHERE m.ente_code = $1 AND m.kind = 'single' AND NOT m.matched
              AND (m.reference_amount_cents IS NULL OR m.reference_amount_cents = m.amount_cents)
              AND m.amount_cents = (SELECT sum(t.amount_cents) FROM payment_transfer t
                                     WHERE t.ente_code = $1 AND t.iuv = m.reference AND t.cash_movement_id IS NULL)
         ), chosen AS (
           SELECT DISTINCT ON (iuv) movement, iuv FROM open ORDER BY iuv, movement
         ), movements AS (
           UPDATE cash_movement m SET matched = true FROM chosen c WHERE m.id = c.movement
         )
         UPDATE payment_transfer t SET cash_movement_id = c.movement, reconciled_at = now()
           FROM chosen c WHERE t.ente_code = $1 AND t.iuv = c.iuv AND t.cash_movement_id IS NULL
         RETURNING 1`,
        [enteCode],
      )) as [unknown[], number];
      const anomalies = await this.refreshAnomalies(tx, enteCode, asOf, windows);
      return {
        reported: reported[1],
        reconciled: viaFlow[1] + viaSingle[1],
        ...anomalies,
      };
    });
  }

  /**
   * The anomalies as they are now, from what is still unmatched: new ones are opened, those no
   * longer found are closed (resolved_at), the rest keep their first detection time.
   */
  private async refreshAnomalies(
    tx: { query: (sql: string, params: unknown[]) => Promise<unknown> },
    enteCode: string,
    asOf: string,
    windows: ReconciliationWindows,
  ): Promise<Pick<ReconciliationRun, 'openAnomalies' | 'newAnomalies' | 'resolvedAnomalies'>> {
    const euro = (column: string) => `to_char(${column} / 100.0, 'FM999999999990.00')`;
    const [row] = (await tx.query(
      `WITH current (kind, anomaly_key, iuv, notice_number, transfer_index, flow_id, cash_movement_id,
                     expected_cents, actual_cents, detail) AS (
         SELECT 'paymentWithoutFlow', 'transfer:' || t.notice_number || '/' || t.transfer_index, t.iuv, t.notice_number,
                t.transfer_index, NULL::text, NULL::bigint, t.amount_cents, NULL::bigint,
                'Paid on ' || to_char(o.paid_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD') || ' (IUV ' || t.iuv ||
                ', transfer ' || t.transfer_index || ', ' || ${euro('t.amount_cents')} || ' EUR) but no settlement flow reports it.'
           FROM payment_transfer t JOIN payment_option o ON o.notice_number = t.notice_number
          WHERE t.ente_code = $1 AND t.flow_line_flow IS NULL AND t.cash_movement_id IS NULL
            AND o.paid_at < $2::timestamptz - make_interval(days => $3)
            AND NOT EXISTS (SELECT 1 FROM settlement_flow_line l
                             WHERE l.ente_code = t.ente_code AND l.iuv = t.iuv AND l.notice_number IS NULL)
         UNION ALL
         SELECT 'flowWithoutCashMovement', 'flow:' || f.id, NULL, NULL, NULL, f.flow_id, NULL, f.total_cents, NULL,
                'Flow ' || f.flow_id || ' of ' || f.psp_id || ' (' || ${euro('f.total_cents')} || ' EUR, regulated ' ||
                f.regulation_date || ') has no movement in the cash journal.'
           FROM settlement_flow f
          WHERE f.ente_code = $1 AND NOT f.superseded AND f.cash_movement_id IS NULL
            AND f.regulation_date < ($2::timestamptz - make_interval(days => $4))::date
         UNION ALL
         SELECT CASE WHEN f.id IS NULL THEN 'cashMovementWithoutFlow'
                     WHEN f.cash_movement_id IS NOT NULL THEN 'duplicate'
                     ELSE 'amountMismatch' END,
                'cash:' || m.id, NULL, NULL, NULL, m.reference, m.id, f.total_cents, m.amount_cents,
                CASE WHEN f.id IS NULL THEN 'Cash movement of ' || m.value_date || ' (' || ${euro('m.amount_cents')} ||
                       ' EUR) names flow ' || m.reference || ', which has not been imported.'
                     WHEN f.cash_movement_id IS NOT NULL THEN 'Flow ' || f.flow_id ||
                       ' was already credited by another cash movement; this one (' || m.value_date || ', ' ||
                       ${euro('m.amount_cents')} || ' EUR) credits it again.'
                     ELSE 'Cash movement of ' || m.value_date || ' credits ' || ${euro('m.amount_cents')} ||
                       ' EUR for flow ' || f.flow_id || ', whose total is ' || ${euro('f.total_cents')} || ' EUR.' END
           FROM cash_movement m
           LEFT JOIN LATERAL (SELECT f.id, f.flow_id, f.total_cents, f.cash_movement_id FROM settlement_flow f
                               WHERE f.ente_code = m.ente_code AND upper(f.flow_id) = upper(m.reference)
                                 AND NOT f.superseded ORDER BY f.revision DESC LIMIT 1) f ON true
          WHERE m.ente_code = $1 AND m.kind = 'flow' AND NOT m.matched
            AND (f.id IS NOT NULL OR m.value_date < ($2::timestamptz - make_interval(days => $3))::date)
         UNION ALL
         SELECT CASE WHEN s.transfers = 0 THEN 'unknownIuv' WHEN s.open = 0 THEN 'duplicate' ELSE 'amountMismatch' END,
                'cash:' || m.id, m.reference, NULL, NULL, NULL, m.id, s.open_cents, m.amount_cents,
                CASE WHEN s.transfers = 0 THEN 'Cash movement of ' || m.value_date || ' pays IUV ' || m.reference ||
                       ', which no notice of the ente has.'
                     WHEN s.open = 0 THEN 'IUV ' || m.reference || ' was already credited; the movement of ' ||
                       m.value_date || ' (' || ${euro('m.amount_cents')} || ' EUR) credits it again.'
                     ELSE 'Cash movement of ' || m.value_date || ' credits ' || ${euro('m.amount_cents')} ||
                       ' EUR for IUV ' || m.reference || ', which is owed ' || ${euro('s.open_cents')} || ' EUR.' END
           FROM cash_movement m
           CROSS JOIN LATERAL (SELECT count(*) AS transfers, count(*) FILTER (WHERE t.cash_movement_id IS NULL) AS open,
                                      sum(t.amount_cents) FILTER (WHERE t.cash_movement_id IS NULL) AS open_cents
                                 FROM payment_transfer t WHERE t.ente_code = m.ente_code AND t.iuv = m.reference) s
          WHERE m.ente_code = $1 AND m.kind = 'single' AND NOT m.matched
         UNION ALL
         SELECT CASE WHEN t.notice_number IS NULL THEN 'unknownIuv'
                     WHEN t.flow_line_flow IS NOT NULL THEN 'duplicate' ELSE 'amountMismatch' END,
                'line:' || l.flow || '/' || l.line_no, l.iuv, t.notice_number, COALESCE(l.transfer_index, 1), f.flow_id, NULL,
                t.amount_cents, l.amount_cents,
                CASE WHEN t.notice_number IS NULL THEN 'Flow ' || f.flow_id || ' reports IUV ' || l.iuv || ' (transfer ' ||
                       COALESCE(l.transfer_index, 1) || '), which no notice of the ente has.'
                     WHEN t.flow_line_flow IS NOT NULL THEN 'Flow ' || f.flow_id || ' reports IUV ' || l.iuv ||
                       ' (transfer ' || t.transfer_index || ', IUR ' || l.iur || ') already reported by another line: paid twice?'
                     ELSE 'Flow ' || f.flow_id || ' reports ' || ${euro('l.amount_cents')} || ' EUR for IUV ' || l.iuv ||
                       ' (transfer ' || t.transfer_index || '), which is ' || ${euro('t.amount_cents')} || ' EUR.' END
           FROM settlement_flow_line l
           JOIN settlement_flow f ON f.id = l.flow
           LEFT JOIN payment_transfer t
             ON t.ente_code = l.ente_code AND t.iuv = l.iuv AND t.transfer_index = COALESCE(l.transfer_index, 1)
          WHERE l.ente_code = $1 AND l.notice_number IS NULL AND l.outcome_code IN ('0', '9')
       ), upserted AS (
         INSERT INTO reconciliation_anomaly (ente_code, kind, anomaly_key, iuv, notice_number, transfer_index, flow_id,
                                             cash_movement_id, expected_cents, actual_cents, detail, detected_at)
         SELECT $1, kind, anomaly_key, iuv, notice_number, transfer_index, flow_id, cash_movement_id, expected_cents,
                actual_cents, detail, now()
           FROM current
         ON CONFLICT (ente_code, kind, anomaly_key) DO UPDATE
           SET resolved_at = NULL, detail = EXCLUDED.detail, expected_cents = EXCLUDED.expected_cents,
               actual_cents = EXCLUDED.actual_cents
           WHERE reconciliation_anomaly.resolved_at IS NOT NULL
              OR reconciliation_anomaly.detail IS DISTINCT FROM EXCLUDED.detail
         RETURNING (xmax = 0) AS inserted
       ), resolved AS (
         UPDATE reconciliation_anomaly a SET resolved_at = now()
          WHERE a.ente_code = $1 AND a.resolved_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM current c WHERE c.kind = a.kind AND c.anomaly_key = a.anomaly_key)
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM current)::int AS open,
              (SELECT count(*) FILTER (WHERE inserted) FROM upserted)::int AS new,
              (SELECT count(*) FROM resolved)::int AS resolved`,
      [enteCode, asOf, windows.flowDays, windows.cashDays],
    )) as { open: number; new: number; resolved: number }[];
    return { openAnomalies: row!.open, newAnomalies: row!.new, resolvedAnomalies: row!.resolved };
  }

  /** Anomalies of an ente, open ones first (newest first); resolved ones only when asked. */
  async anomalies(
    ctx: RequestContext,
    enteCode: string,
    filter: { kind?: AnomalyKind | null; includeResolved?: boolean | null; first?: number | null } = {},
  ): Promise<ReconciliationAnomalyView[]> {
    const ente = await this.readable(ctx, enteCode);
    const rows = (await this.db.query(
      `SELECT id, kind, iuv, notice_number, transfer_index, flow_id, expected_cents, actual_cents, detail,
              detected_at, resolved_at
         FROM reconciliation_anomaly
        WHERE ente_code = $1 AND ($2::text IS NULL OR kind = $2) AND ($3 OR resolved_at IS NULL)
        ORDER BY resolved_at IS NOT NULL, detected_at DESC, id DESC
        LIMIT $4`,
      [
        ente.ipaCode,
        filter.kind ?? null,
        filter.includeResolved ?? false,
        Math.min(filter.first ?? 100, 1000),
      ],
    )) as Record<string, unknown>[];
    return rows.map((row) => ({
      id: String(row.id),
      kind: row.kind as AnomalyKind,
      iuv: (row.iuv as string | null) ?? null,
      noticeNumber: (row.notice_number as string | null) ?? null,
      transferIndex: row.transfer_index == null ? null : Number(row.transfer_index),
      flowId: (row.flow_id as string | null) ?? null,
      expectedCents: row.expected_cents == null ? null : Number(row.expected_cents),
      actualCents: row.actual_cents == null ? null : Number(row.actual_cents),
      detail: String(row.detail),
      detectedAt: (row.detected_at as Date).toISOString(),
      resolvedAt: row.resolved_at ? (row.resolved_at as Date).toISOString() : null,
    }));
  }

  /**
   * What the ragioneria reads: transfers of the options paid between `from` and `to` (civil
   * dates in Italy, inclusive) by state, totals per service and accounting reference, the flows
   * regulated in the period and the open anomalies.
   */
  async report(
    ctx: RequestContext,
    enteCode: string,
    from: string,
    to: string,
  ): Promise<ReconciliationReport> {
    const ente = await this.readable(ctx, enteCode);
    [from, to] = checkedPeriod(from, to);
    const period = [ente.ipaCode, from, to];
    const totals = (await this.db.query(
      `SELECT t.service_code, t.accounting_reference, count(*)::int AS transfers,
              sum(t.amount_cents)::bigint AS received,
              COALESCE(sum(t.amount_cents) FILTER (WHERE t.flow_line_flow IS NOT NULL), 0)::bigint AS reported,
              COALESCE(sum(t.amount_cents) FILTER (WHERE t.cash_movement_id IS NOT NULL), 0)::bigint AS reconciled,
              count(*) FILTER (WHERE t.flow_line_flow IS NOT NULL)::int AS reported_count,
              count(*) FILTER (WHERE t.cash_movement_id IS NOT NULL)::int AS reconciled_count
         FROM payment_transfer t JOIN payment_option o ON o.notice_number = t.notice_number
        WHERE t.ente_code = $1 AND o.paid_at IS NOT NULL
          AND (o.paid_at AT TIME ZONE 'Europe/Rome')::date BETWEEN $2::date AND $3::date
        GROUP BY t.service_code, t.accounting_reference
        ORDER BY t.service_code NULLS LAST, t.accounting_reference NULLS LAST`,
      period,
    )) as Record<string, unknown>[];
    const flows = (await this.db.query(
      `SELECT f.flow_id, f.revision, f.psp_id, to_char(f.regulation_date, 'YYYY-MM-DD') AS regulation_date,
              f.total_count, f.total_cents, f.cash_movement_id IS NOT NULL AS cash_matched
         FROM settlement_flow f
        WHERE f.ente_code = $1 AND NOT f.superseded AND f.regulation_date BETWEEN $2::date AND $3::date
        ORDER BY f.regulation_date, f.flow_id`,
      period,
    )) as Record<string, unknown>[];
    const open = (await this.db.query(
      `SELECT kind, count(*)::int AS count FROM reconciliation_anomaly
        WHERE ente_code = $1 AND resolved_at IS NULL GROUP BY kind ORDER BY kind`,
      [ente.ipaCode],
    )) as { kind: AnomalyKind; count: number }[];
    const sum = (key: string) => totals.reduce((total, row) => total + Number(row[key]), 0);
    return {
      enteCode: ente.ipaCode,
      from,
      to,
      received: sum('transfers'),
      reported: sum('reported_count'),
      reconciled: sum('reconciled_count'),
      totals: totals.map((row) => ({
        serviceCode: (row.service_code as string | null) ?? null,
        accountingReference: (row.accounting_reference as string | null) ?? null,
        transfers: Number(row.transfers),
        receivedCents: Number(row.received),
        reportedCents: Number(row.reported),
        reconciledCents: Number(row.reconciled),
      })),
      flows: flows.map((row) => ({
        flowId: String(row.flow_id),
        revision: Number(row.revision),
        pspId: String(row.psp_id),
        regulationDate: String(row.regulation_date),
        lines: Number(row.total_count),
        totalCents: Number(row.total_cents),
        cashMatched: Boolean(row.cash_matched),
      })),
      openAnomalies: open,
    };
  }

  private async writable(ctx: RequestContext, enteCode: string): Promise<Ente> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    assertCan(ctx, 'reconciliation:write', ente.ipaCode);
    return ente;
  }

  private async readable(ctx: RequestContext, enteCode: string): Promise<Ente> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    assertCan(ctx, 'reconciliation:read', ente.ipaCode);
    return ente;
  }
}

/** A period of civil days, checked: an impossible date or a reversed period is the caller's mistake. */
export function checkedPeriod(from: string, to: string): [string, string] {
  const first = parseField('from', () => parseCivilDate(from));
  const last = parseField('to', () => parseCivilDate(to));
  if (last < first)
    throw new CatalogError('BAD_USER_INPUT', `The period ends (${last}) before it starts (${first}).`, 'to');
  return [first, last];
}

function journalRefused(errors: CashJournalError[]): CatalogError {
  const shown = errors
    .slice(0, 5)
    .map((error) => `line ${error.line} ${error.field}: ${error.message}`)
    .join('; ');
  return new CatalogError(
    'INVALID_CASH_JOURNAL',
    `The cash journal was not imported: ${errors.length} bad line(s) (${shown}${errors.length > 5 ? '; …' : ''}).`,
    'file',
    { errors: errors.slice(0, 100) },
  );
}
