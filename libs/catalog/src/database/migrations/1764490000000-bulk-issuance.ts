import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk issuance (issue 19): a job per uploaded file, its lines staged by COPY, the error report,
 * and the debt positions an ente issued in bulk, unique per ente and position id across files.
 */
export class BulkIssuance1764490000000 implements MigrationInterface {
  name = 'BulkIssuance1764490000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE bulk_job (
        id uuid PRIMARY KEY,
        ente_code text NOT NULL,
        file_name text NOT NULL,
        file_sha256 text,
        file_bytes bigint NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('uploading', 'rejected', 'ready', 'issuing', 'completed')),
        total_lines int NOT NULL DEFAULT 0,
        error_lines int NOT NULL DEFAULT 0,
        positions int NOT NULL DEFAULT 0,
        positions_issued int NOT NULL DEFAULT 0,
        positions_already_issued int NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz
      )`);
    // The same file uploaded again is the same job: nothing is staged or issued twice.
    await db.query(`
      CREATE UNIQUE INDEX bulk_job_file ON bulk_job (ente_code, file_sha256)
      WHERE file_sha256 IS NOT NULL AND status <> 'rejected'`);
    await db.query('CREATE INDEX bulk_job_ente ON bulk_job (ente_code, created_at DESC)');

    // Staging: every line of the file as read, valid ones typed, invalid ones with their errors.
    // No keys or foreign keys: rows arrive by COPY and are read by job and position.
    await db.query(`
      CREATE TABLE bulk_line (
        job_id uuid NOT NULL,
        line_no int NOT NULL,
        position_id text NOT NULL,
        instalment_number smallint,
        payer_type text,
        payer_fiscal_code text,
        payer_name text,
        payer_email text,
        description text,
        taxonomy_code text,
        accounting_ref text,
        amount_cents bigint,
        due_date date,
        transfers jsonb,
        errors jsonb
      )`);

    await db.query(`
      CREATE TABLE bulk_error (
        job_id uuid NOT NULL,
        line_no int NOT NULL,
        position_id text NOT NULL,
        field text NOT NULL,
        code text NOT NULL,
        message text NOT NULL
      )`);
    await db.query('CREATE INDEX bulk_error_job ON bulk_error (job_id, line_no)');

    // One row per debt position an ente issued in bulk, whatever file brought it: the key that
    // makes re-uploads and resumed jobs issue nothing twice. `fingerprint` tells the same
    // position uploaded again (accepted, not issued again) from a different one under a used id.
    await db.query(`
      CREATE TABLE bulk_position (
        ente_code text NOT NULL,
        position_id text NOT NULL,
        job_id uuid NOT NULL REFERENCES bulk_job (id),
        fingerprint text NOT NULL,
        -- Set when a job allocates its notice numbers; the job that did is the one that issued it.
        notice_number text,
        options jsonb,
        issued_by uuid,
        PRIMARY KEY (ente_code, position_id)
      )`);
    // The positions a job's file carries (its own and those an earlier file brought identically).
    await db.query(`
      CREATE TABLE bulk_job_position (
        job_id uuid NOT NULL REFERENCES bulk_job (id),
        first_line int NOT NULL,
        position_id text NOT NULL,
        -- The position's valid lines (instalment order), so issuing reads one row per position.
        lines jsonb NOT NULL,
        -- 'issued' by this job, or 'alreadyIssued' by an earlier file; null until its batch ran.
        outcome text CHECK (outcome IN ('issued', 'alreadyIssued')),
        PRIMARY KEY (job_id, first_line)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE bulk_job_position');
    await db.query('DROP TABLE bulk_position');
    await db.query('DROP TABLE bulk_error');
    await db.query('DROP TABLE bulk_line');
    await db.query('DROP TABLE bulk_job');
  }
}
