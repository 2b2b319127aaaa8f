import { createHash, randomUUID } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import {
  accountReference,
  assertCan,
  civilDateInRome,
  readBulkHeader,
  validateBulkLine,
  type BulkHeader,
  type BulkLineError,
  type BulkLineRules,
  type BulkTransfer,
} from '@sus/domain';
import { AuditLog } from '../../audit/audit-log';
import { CatalogError } from '../../catalog-error';
import type { RequestContext } from '../../context/request-context';
import { EntiService } from '../../organisations/enti.service';
import { pagopaTaxonomy } from '../../services/taxonomy';
import { CsvRecordSplitter, type CsvRecord } from './csv-records';

export type BulkJobStatus = 'uploading' | 'rejected' | 'ready' | 'issuing' | 'completed';

export interface BulkJobView {
  id: string;
  enteCode: string;
  fileName: string;
  fileSha256: string | null;
  fileBytes: number;
  status: BulkJobStatus;
  totalLines: number;
  errorLines: number;
  positions: number;
  positionsIssued: number;
  positionsAlreadyIssued: number;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export interface BulkErrorView {
  line: number;
  positionId: string;
  field: string;
  code: string;
  message: string;
}

/** One valid line of a position, as staged (`lines` of bulk_job_position). */
export interface BulkPositionLine {
  line: number;
  /** 0: the single payment. */
  instalment: number;
  payerType: 'F' | 'G';
  payerFiscalCode: string;
  payerName: string;
  payerEmail: string | null;
  description: string;
  taxonomyCode: string;
  accountingRef: string | null;
  amountCents: number;
  dueDate: string;
  transfers: BulkTransfer[] | null;
}

export interface BulkBatchPosition {
  firstLine: number;
  positionId: string;
  lines: BulkPositionLine[];
}

export interface BulkNoticeOption {
  /** 0: the single payment. */
  instalment: number;
  noticeNumber: string;
  iuv: string;
}

export interface BulkPositionNotices {
  positionId: string;
  noticeNumber: string;
  options: BulkNoticeOption[];
}

export interface BulkIngestRequest {
  enteCode: string;
  fileName: string;
  /** The file's bytes (UTF-8), streamed: never held whole in memory. */
  source: AsyncIterable<Buffer | string> | Readable;
  /** Files larger than this are rejected whole (FILE_TOO_LARGE). */
  maxBytes: number;
}

/** Upper bound of an upload: about 450,000 lines of a typical file. */
export const BULK_DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

const JOB_COLUMNS = `id, ente_code AS "enteCode", file_name AS "fileName", file_sha256 AS "fileSha256",
  file_bytes::int AS "fileBytes", status, total_lines AS "totalLines", error_lines AS "errorLines",
  positions, positions_issued AS "positionsIssued", positions_already_issued AS "positionsAlreadyIssued",
  created_by AS "createdBy", created_at AS "createdAt", started_at AS "startedAt", completed_at AS "completedAt"`;

/** A whole-file problem: the job is rejected and nothing of the file is kept but the report. */
class FileRejected extends Error {
  constructor(readonly problem: BulkLineError & { line: number }) {
    super(problem.message);
  }
}

/**
 * Bulk issuance jobs: a finance office's file streamed in, checked line by line, staged by COPY,
 * then checked per debt position in SQL. Issuing is the bulk workflow's (apps/worker).
 */
@Injectable()
export class BulkJobs {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enti: EntiService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Reads the file into a new job: per-line errors, valid lines staged, positions checked. The
   * same file uploaded again answers the job it made the first time, staging nothing.
   */
  async ingest(ctx: RequestContext, request: BulkIngestRequest): Promise<BulkJobView> {
    const ente = await this.enti.getByCode(ctx, request.enteCode);
    assertCan(ctx, 'payments:write', ente.ipaCode);
    const jobId = randomUUID();
    const createdBy = accountReference(ctx.actor) ?? ctx.actor.kind;
    await this.db.query(
      `INSERT INTO bulk_job (id, ente_code, file_name, status, created_by) VALUES ($1, $2, $3, 'uploading', $4)`,
      [jobId, ente.ipaCode, request.fileName.slice(0, 200), createdBy],
    );
    const hash = createHash('sha256');
    let bytes = 0;
    let lines: number;
    try {
      ({ lines } = await this.stage(jobId, request, (chunk) => {
        bytes += chunk.length;
        hash.update(chunk);
      }));
    } catch (error) {
      if (!(error instanceof FileRejected)) {
        await this.db.query('DELETE FROM bulk_job WHERE id = $1', [jobId]);
        throw error;
      }
      await this.reject(jobId, error.problem, bytes);
      return this.view(jobId);
    }
    const sha = hash.digest('hex');
    const existing = await this.settle(jobId, ente.ipaCode, sha, bytes, lines);
    if (existing) return this.view(existing);
    await this.audit.record(ctx, {
      action: 'uploadBulkIssuance',
      entity: 'BulkJob',
      entityId: jobId,
      enteCode: ente.ipaCode,
      after: { fileName: request.fileName, sha256: sha, lines },
    });
    return this.view(jobId);
  }

  /** Streams the file through the splitter and the line rules into COPY, with backpressure. */
  private async stage(
    jobId: string,
    request: BulkIngestRequest,
    onBytes: (chunk: Buffer) => void,
  ): Promise<{ lines: number }> {
    const taxonomy = pagopaTaxonomy();
    const today = civilDateInRome(new Date());
    const rules: BulkLineRules = {
      knownTaxonomy: (code) => {
        const entry = taxonomy.get(code);
        return entry !== undefined && entry.validFrom <= today && today < entry.validTo;
      },
      today,
    };
    const [client, release] = (await (this.db.driver as PostgresDriver).obtainMasterConnection()) as [
      { query: (stream: Writable) => Writable },
      (error?: unknown) => void,
    ];
    const copy = client.query(
      copyFrom(
        'COPY bulk_line (job_id, line_no, position_id, instalment_number, payer_type, payer_fiscal_code, payer_name, ' +
          'payer_email, description, taxonomy_code, accounting_ref, amount_cents, due_date, transfers, errors) FROM STDIN',
      ),
    );
    const copied = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    copied.catch(() => undefined); // observed below; avoids an unhandled rejection while reading
    let failed: unknown;
    try {
      const splitter = new CsvRecordSplitter();
      const decoder = new StringDecoder('utf8');
      let header: BulkHeader | undefined;
      let bytes = 0;
      let lines = 0;
      let lastLine = 0;
      let buffer = '';
      const flush = async () => {
        if (buffer === '') return;
        const more = copy.write(buffer);
        buffer = '';
        if (!more) await new Promise<void>((resolve) => copy.once('drain', resolve));
      };
      const take = async (records: CsvRecord[]) => {
        for (const record of records) {
          lastLine = record.line;
          if (header === undefined) {
            const read = readBulkHeader(record.fields);
            if ('code' in read) throw new FileRejected({ ...read, line: record.line });
            header = read;
            continue;
          }
          // A blank line (often the last) is no line of the file.
          if (record.fields.length === 1 && record.fields[0]!.trim() === '') continue;
          lines++;
          buffer += copyRow(jobId, record, header, rules);
        }
        if (buffer.length > 1 << 16) await flush();
      };
      for await (const chunk of request.source) {
        const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        bytes += data.length;
        onBytes(data);
        if (bytes > request.maxBytes) {
          throw new FileRejected({
            line: lastLine + 1,
            field: '',
            code: 'FILE_TOO_LARGE',
            message: `The file is larger than ${request.maxBytes} bytes; split it into several files.`,
          });
        }
        await take(splitter.push(decoder.write(data)));
      }
      await take(splitter.push(decoder.end()));
      const tail = splitter.end();
      if (tail.openQuote) {
        throw new FileRejected({
          line: lastLine + 1,
          field: '',
          code: 'FILE_TRUNCATED',
          message: 'The file ends inside a quoted field: it was cut short. Upload the whole file again.',
        });
      }
      if (tail.record) {
        if (header !== undefined && tail.record.fields.length !== header.columns) {
          throw new FileRejected({
            line: tail.record.line,
            field: '',
            code: 'FILE_TRUNCATED',
            message: `The last line has ${tail.record.fields.length} columns of ${header.columns} and no line end: the file was cut short. Upload the whole file again.`,
          });
        }
        await take([tail.record]);
      }
      if (header === undefined) {
        throw new FileRejected({
          line: 1,
          field: '',
          code: 'EMPTY_FILE',
          message: 'The file is empty: it needs the header line.',
        });
      }
      if (lines === 0) {
        throw new FileRejected({
          line: 2,
          field: '',
          code: 'EMPTY_FILE',
          message: 'The file has a header but no lines.',
        });
      }
      await flush();
      copy.end();
      await copied;
      return { lines };
    } catch (error) {
      failed = error;
      // Aborting the COPY rolls it back: a rejected file leaves no staged line behind.
      copy.destroy(error instanceof Error ? error : new Error(String(error)));
      await copied.catch(() => undefined);
      throw error;
    } finally {
      release(failed instanceof FileRejected ? undefined : failed);
    }
  }

  private async reject(
    jobId: string,
    problem: BulkLineError & { line: number },
    bytes: number,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM bulk_line WHERE job_id = $1', [jobId]);
      await tx.query(
        `INSERT INTO bulk_error (job_id, line_no, position_id, field, code, message) VALUES ($1, $2, '', $3, $4, $5)`,
        [jobId, problem.line, problem.field, problem.code, problem.message],
      );
      await tx.query(
        `UPDATE bulk_job SET status = 'rejected', file_bytes = $2, error_lines = 1, completed_at = now() WHERE id = $1`,
        [jobId, bytes],
      );
    });
  }

  /**
   * The checks that need the whole file, in one transaction over the staged lines: duplicates,
   * instalment plans, payers, positions already issued from another file. Answers the earlier
   * job when the same file was uploaded before (this one's lines are then dropped).
   */
  private async settle(
    jobId: string,
    enteCode: string,
    sha: string,
    bytes: number,
    lines: number,
  ): Promise<string | undefined> {
    return this.db.transaction(async (tx) => {
      // Serialises uploads of one ente: the same file twice at once still makes one job.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`bulk/${enteCode}`]);
      const [earlier] = (await tx.query(
        `SELECT id FROM bulk_job WHERE ente_code = $1 AND file_sha256 = $2 AND status <> 'rejected' AND id <> $3`,
        [enteCode, sha, jobId],
      )) as { id: string }[];
      if (earlier) {
        await tx.query('DELETE FROM bulk_line WHERE job_id = $1', [jobId]);
        await tx.query('DELETE FROM bulk_job WHERE id = $1', [jobId]);
        return earlier.id;
      }
      // Codes and fields are constants of this file; values come in as parameters.
      const error = (code: string, field: string, message: string, where: string, params: unknown[] = []) =>
        tx.query(
          `INSERT INTO bulk_error (job_id, line_no, position_id, field, code, message)
           SELECT $1, line_no, position_id, '${field}', '${code}', ${message} FROM (${where}) flagged`,
          [jobId, ...params],
        );
      // Lines with their own errors.
      await tx.query(
        `INSERT INTO bulk_error (job_id, line_no, position_id, field, code, message)
         SELECT $1, line_no, position_id, e->>'field', e->>'code', e->>'message'
         FROM bulk_line, jsonb_array_elements(errors) e WHERE job_id = $1 AND errors IS NOT NULL`,
        [jobId],
      );
      // Position checks look at positions whose every line is valid, and report a position's
      // first problem only: one cause per position, so the report reads plainly.
      await tx.query(
        `CREATE TEMP TABLE bulk_valid ON COMMIT DROP AS
         SELECT * FROM bulk_line WHERE job_id = $1 AND errors IS NULL
           AND position_id NOT IN (SELECT position_id FROM bulk_line WHERE job_id = $1 AND errors IS NOT NULL)`,
        [jobId],
      );
      await tx.query('ANALYZE bulk_valid');
      const clean = `v.position_id NOT IN (SELECT position_id FROM bulk_error WHERE job_id = $1)`;
      await error(
        'DUPLICATE_INSTALMENT',
        'instalment_number',
        `'Position ' || position_id || CASE WHEN instalment_number = 0 THEN ' has its single payment' ELSE ' has instalment ' || instalment_number END || ' already on line ' || first_line || '.'`,
        `SELECT * FROM (SELECT line_no, position_id, instalment_number,
           min(line_no) OVER (PARTITION BY position_id, instalment_number) AS first_line
         FROM bulk_valid) lines WHERE line_no <> first_line`,
      );
      await error(
        'POSITION_INCONSISTENT',
        'payer_fiscal_code',
        `'Line ' || line_no || ' names another payer than line ' || first_line || ' of position ' || position_id || '.'`,
        `SELECT line_no, position_id, first_line FROM (
           SELECT line_no, position_id, payer_type, payer_fiscal_code, payer_name,
             first_value(line_no) OVER w AS first_line,
             first_value(payer_type || '|' || payer_fiscal_code || '|' || payer_name) OVER w AS first_payer
           FROM bulk_valid v WHERE ${clean} WINDOW w AS (PARTITION BY position_id ORDER BY line_no)) lines
         WHERE payer_type || '|' || payer_fiscal_code || '|' || payer_name <> first_payer`,
      );
      await error(
        'INSTALMENTS_WITHOUT_TOTAL',
        'instalment_number',
        `'Position ' || position_id || ' has instalments but no line for the single payment (instalment_number empty) with the total.'`,
        `SELECT min(line_no) AS line_no, position_id FROM bulk_valid v WHERE ${clean} GROUP BY position_id
         HAVING bool_and(instalment_number > 0)`,
      );
      await error(
        'INSTALMENT_GAP',
        'instalment_number',
        `'The instalments of position ' || position_id || ' must be numbered 1 to ' || top || ' with none missing.'`,
        `SELECT max(line_no) AS line_no, position_id, max(instalment_number) AS top FROM bulk_valid v
         WHERE instalment_number > 0 AND ${clean} GROUP BY position_id
         HAVING count(*) <> max(instalment_number)`,
      );
      await error(
        'INSTALMENTS_DO_NOT_ADD_UP',
        'amount',
        `'The instalments of position ' || position_id || ' add up to ' || instalments || ' cents; the single payment is ' || total || '.'`,
        `SELECT min(line_no) FILTER (WHERE instalment_number = 0) AS line_no, position_id,
           sum(amount_cents) FILTER (WHERE instalment_number > 0) AS instalments,
           min(amount_cents) FILTER (WHERE instalment_number = 0) AS total
         FROM bulk_valid v WHERE ${clean} GROUP BY position_id
         HAVING count(*) > 1
           AND sum(amount_cents) FILTER (WHERE instalment_number > 0) <> min(amount_cents) FILTER (WHERE instalment_number = 0)`,
      );
      // Positions clean so far, with a fingerprint of their content: the same position from an
      // earlier file is accepted (and not issued again), a different one under a used id is not.
      await tx.query(
        `CREATE TEMP TABLE bulk_candidate ON COMMIT DROP AS
         SELECT position_id, min(line_no) AS first_line,
           md5(string_agg(concat_ws('|', instalment_number, payer_type, payer_fiscal_code, payer_name, payer_email,
             description, taxonomy_code, accounting_ref, amount_cents, due_date, transfers::text), E'\\n'
             ORDER BY instalment_number)) AS fingerprint
         FROM bulk_valid v WHERE ${clean}
         GROUP BY position_id`,
        [jobId],
      );
      await tx.query(
        `INSERT INTO bulk_position (ente_code, position_id, job_id, fingerprint)
         SELECT $2, position_id, $1, fingerprint FROM bulk_candidate
         ON CONFLICT (ente_code, position_id) DO NOTHING`,
        [jobId, enteCode],
      );
      await error(
        'DUPLICATE_POSITION',
        'position_id',
        `'Position ' || position_id || ' was uploaded before with other lines (file ' || file_name || '); a position id is used once.'`,
        `SELECT c.first_line AS line_no, c.position_id, j.file_name FROM bulk_candidate c
         JOIN bulk_position p ON p.ente_code = $2 AND p.position_id = c.position_id
         JOIN bulk_job j ON j.id = p.job_id
         WHERE p.fingerprint <> c.fingerprint`,
        [enteCode],
      );
      await tx.query(
        `DELETE FROM bulk_candidate WHERE position_id IN (SELECT position_id FROM bulk_error WHERE job_id = $1)`,
        [jobId],
      );
      // The other lines of a rejected position: nothing of it is issued.
      await error(
        'POSITION_REJECTED',
        'position_id',
        `'Position ' || position_id || ' is not issued: line ' || bad_line || ' of it has errors.'`,
        `WITH bad AS MATERIALIZED (
           SELECT position_id, min(line_no) AS bad_line FROM bulk_error WHERE job_id = $1 AND position_id <> ''
           GROUP BY position_id)
         SELECT v.line_no, v.position_id, bad.bad_line FROM bulk_line v JOIN bad ON bad.position_id = v.position_id
         WHERE v.job_id = $1 AND v.errors IS NULL
           AND v.line_no NOT IN (SELECT line_no FROM bulk_error WHERE job_id = $1)`,
      );
      await tx.query(
        `INSERT INTO bulk_job_position (job_id, first_line, position_id, lines)
         SELECT $1, c.first_line, c.position_id,
           jsonb_agg(jsonb_build_object('line', v.line_no, 'instalment', v.instalment_number, 'payerType', v.payer_type,
             'payerFiscalCode', v.payer_fiscal_code, 'payerName', v.payer_name, 'payerEmail', v.payer_email,
             'description', v.description, 'taxonomyCode', v.taxonomy_code, 'accountingRef', v.accounting_ref,
             'amountCents', v.amount_cents, 'dueDate', v.due_date, 'transfers', v.transfers) ORDER BY v.instalment_number)
         FROM bulk_candidate c JOIN bulk_valid v ON v.position_id = c.position_id
         GROUP BY c.first_line, c.position_id`,
        [jobId],
      );
      await tx.query(
        `UPDATE bulk_job SET status = 'ready', file_sha256 = $2, file_bytes = $3, total_lines = $4,
           error_lines = (SELECT count(DISTINCT line_no) FROM bulk_error WHERE job_id = $1),
           positions = (SELECT count(*) FROM bulk_candidate)
         WHERE id = $1`,
        [jobId, sha, bytes, lines],
      );
      return undefined;
    });
  }

  async get(ctx: RequestContext, id: string): Promise<BulkJobView> {
    const job = await this.find(id);
    if (!job || !canRead(ctx, job.enteCode)) throw new CatalogError('NOT_FOUND', `No bulk job ${id}.`, 'id');
    return job;
  }

  async find(id: string): Promise<BulkJobView | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [job] = (await this.db.query(`SELECT ${JOB_COLUMNS} FROM bulk_job WHERE id = $1`, [
      id,
    ])) as RawJob[];
    return job && toView(job);
  }

  private async view(id: string): Promise<BulkJobView> {
    return (await this.find(id))!;
  }

  async list(ctx: RequestContext, enteCode: string, first: number): Promise<BulkJobView[]> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    assertCan(ctx, 'payments:read', ente.ipaCode);
    const rows = (await this.db.query(
      `SELECT ${JOB_COLUMNS} FROM bulk_job WHERE ente_code = $1 AND status <> 'uploading' ORDER BY created_at DESC LIMIT $2`,
      [ente.ipaCode, first],
    )) as RawJob[];
    return rows.map(toView);
  }

  /**
   * The error report, in line order, a page at a time (`afterLine` is the last line seen). A page
   * holds whole lines only (a line may have several errors), so the next page, after the last
   * line of this one, misses none; a page is shorter than `first` rather than cut inside a line.
   */
  async errors(
    ctx: RequestContext,
    id: string,
    page: { afterLine: number; first: number },
  ): Promise<BulkErrorView[]> {
    await this.get(ctx, id);
    const rows = (await this.db.query(
      `SELECT line_no AS line, position_id AS "positionId", field, code, message FROM bulk_error
       WHERE job_id = $1 AND line_no > $2 ORDER BY line_no, field, code LIMIT $3`,
      [id, page.afterLine, page.first + 1],
    )) as BulkErrorView[];
    if (rows.length <= page.first) return rows;
    const cut = rows[page.first]!.line;
    const whole = rows.slice(0, page.first).filter((row) => row.line !== cut);
    if (whole.length > 0) return whole;
    // One line with more errors than a page holds: the page is that whole line.
    return (await this.db.query(
      `SELECT line_no AS line, position_id AS "positionId", field, code, message FROM bulk_error
       WHERE job_id = $1 AND line_no = $2 ORDER BY field, code`,
      [id, cut],
    )) as BulkErrorView[];
  }

  /** The job's positions after `afterLine` (their first line), in file order, with their lines. */
  async positionsAfter(jobId: string, afterLine: number, limit: number): Promise<BulkBatchPosition[]> {
    return (await this.db.query(
      `SELECT first_line AS "firstLine", position_id AS "positionId", lines FROM bulk_job_position
       WHERE job_id = $1 AND first_line > $2 ORDER BY first_line LIMIT $3`,
      [jobId, afterLine, limit],
    )) as BulkBatchPosition[];
  }

  /**
   * Records the notice numbers allocated for positions: the first job to allocate them is the
   * one that issued the position; an allocation repeated (same keys, same numbers) changes nothing.
   */
  async recordNotices(jobId: string, enteCode: string, notices: BulkPositionNotices[]): Promise<void> {
    if (notices.length === 0) return;
    await this.db.query(
      `UPDATE bulk_position p SET notice_number = n.notice_number, options = n.options, issued_by = $1
       FROM jsonb_to_recordset($3::jsonb) AS n(position_id text, notice_number text, options jsonb)
       WHERE p.ente_code = $2 AND p.position_id = n.position_id AND p.notice_number IS NULL`,
      [
        jobId,
        enteCode,
        JSON.stringify(
          notices.map((notice) => ({
            position_id: notice.positionId,
            notice_number: notice.noticeNumber,
            options: notice.options,
          })),
        ),
      ],
    );
  }

  /** Marks a batch handed over and moves the job's counters, once however often it is repeated. */
  async recordBatch(jobId: string, enteCode: string, firstLines: number[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const marked = (await tx.query(
        `UPDATE bulk_job_position jp
         SET outcome = CASE WHEN p.issued_by = $1 THEN 'issued' ELSE 'alreadyIssued' END
         FROM bulk_position p
         WHERE jp.job_id = $1 AND jp.first_line = ANY($3::int[]) AND jp.outcome IS NULL
           AND p.ente_code = $2 AND p.position_id = jp.position_id
         RETURNING jp.outcome`,
        [jobId, enteCode, firstLines],
      )) as [{ outcome: string }[], number];
      const outcomes = marked[0];
      const issued = outcomes.filter((row) => row.outcome === 'issued').length;
      await tx.query(
        `UPDATE bulk_job SET positions_issued = positions_issued + $2,
           positions_already_issued = positions_already_issued + $3 WHERE id = $1`,
        [jobId, issued, outcomes.length - issued],
      );
    });
  }

  async finish(jobId: string): Promise<void> {
    await this.db.query(
      `UPDATE bulk_job SET status = 'completed', completed_at = coalesce(completed_at, now()) WHERE id = $1`,
      [jobId],
    );
  }

  /**
   * The notice numbers of the job's positions (`position_id,instalment_number,notice_number,iuv`),
   * what an accounting system re-imports; a page after `afterLine` (first line of a position).
   */
  async notices(
    ctx: RequestContext,
    id: string,
    page: { afterLine: number; first: number },
  ): Promise<{ firstLine: number; positionId: string; options: BulkNoticeOption[] }[]> {
    await this.get(ctx, id);
    return (await this.db.query(
      `SELECT jp.first_line AS "firstLine", jp.position_id AS "positionId", p.options
       FROM bulk_job_position jp JOIN bulk_job j ON j.id = jp.job_id
       JOIN bulk_position p ON p.ente_code = j.ente_code AND p.position_id = jp.position_id
       WHERE jp.job_id = $1 AND jp.first_line > $2 AND p.options IS NOT NULL
       ORDER BY jp.first_line LIMIT $3`,
      [id, page.afterLine, page.first],
    )) as { firstLine: number; positionId: string; options: BulkNoticeOption[] }[];
  }

  /**
   * The job's positions with their notice numbers allocated, lines and options, a page after
   * `afterLine` (first line of a position): what the avvisi are printed from.
   */
  async noticedPositions(
    ctx: RequestContext,
    id: string,
    page: { afterLine: number; first: number },
  ): Promise<(BulkBatchPosition & { options: BulkNoticeOption[] })[]> {
    await this.get(ctx, id);
    return (await this.db.query(
      `SELECT jp.first_line AS "firstLine", jp.position_id AS "positionId", jp.lines, p.options
       FROM bulk_job_position jp JOIN bulk_job j ON j.id = jp.job_id
       JOIN bulk_position p ON p.ente_code = j.ente_code AND p.position_id = jp.position_id
       WHERE jp.job_id = $1 AND jp.first_line > $2 AND p.options IS NOT NULL
       ORDER BY jp.first_line LIMIT $3`,
      [id, page.afterLine, page.first],
    )) as (BulkBatchPosition & { options: BulkNoticeOption[] })[];
  }

  /** Marks the job issuing; false when it was started before (the workflow is the same one). */
  async markIssuing(ctx: RequestContext, id: string): Promise<BulkJobView> {
    const job = await this.get(ctx, id);
    assertCan(ctx, 'payments:write', job.enteCode);
    if (job.status === 'rejected') {
      throw new CatalogError(
        'BULK_JOB_REJECTED',
        'The file was rejected; nothing of it can be issued.',
        'id',
      );
    }
    if (job.status === 'uploading') throw new CatalogError('NOT_FOUND', `No bulk job ${id}.`, 'id');
    await this.db.query(
      `UPDATE bulk_job SET status = 'issuing', started_at = coalesce(started_at, now()) WHERE id = $1 AND status = 'ready'`,
      [id],
    );
    return this.view(id);
  }
}

type RawJob = Omit<BulkJobView, 'createdAt' | 'startedAt' | 'completedAt'> & {
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
};

function toView(row: RawJob): BulkJobView {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    completedAt: row.completedAt?.toISOString() ?? null,
  };
}

function canRead(ctx: RequestContext, enteCode: string): boolean {
  try {
    assertCan(ctx, 'payments:read', enteCode);
    return true;
  } catch {
    return false;
  }
}

/** COPY text format: backslash, tab and line ends escaped; \N is NULL. */
function text(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : value;
}

function copyRow(jobId: string, record: CsvRecord, header: BulkHeader, rules: BulkLineRules): string {
  const checked = validateBulkLine(record.fields, header, rules);
  const positionId = text((record.fields[0] ?? '').trim().slice(0, 100));
  if ('errors' in checked) {
    return `${jobId}\t${record.line}\t${positionId}\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t${text(JSON.stringify(checked.errors))}\n`;
  }
  const line = checked.line;
  return (
    `${jobId}\t${record.line}\t${positionId}\t${line.instalmentNumber}\t${line.payerType}\t${text(line.payerFiscalCode)}\t` +
    `${text(line.payerName)}\t${text(line.payerEmail)}\t${text(line.description)}\t${text(line.taxonomyCode)}\t` +
    `${text(line.accountingRef)}\t${line.amountCents}\t${line.dueDate}\t` +
    `${line.transfers.length ? text(JSON.stringify(line.transfers)) : '\\N'}\t\\N\n`
  );
}
