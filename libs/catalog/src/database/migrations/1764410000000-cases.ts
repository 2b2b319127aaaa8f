import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published procedure versions and the case projection (issue 16). The Temporal history of a
 * case is the source of truth; these tables serve lists and searches, and are written by the
 * workflow's activities, so every write here is idempotent and never moves a case backwards.
 */
export class Cases1764410000000 implements MigrationInterface {
  name = 'Cases1764410000000';

  async up(db: QueryRunner): Promise<void> {
    // Owned either by a regional template or by one ente's adoption, never both.
    await db.query(`
      CREATE TABLE procedure_version (
        id uuid PRIMARY KEY,
        procedure_template_id uuid REFERENCES procedure_template (id),
        procedure_id uuid REFERENCES procedure (id),
        ente_id uuid REFERENCES ente (id),
        version integer NOT NULL CHECK (version >= 1),
        document jsonb NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL CHECK (published_by <> ''),
        CONSTRAINT procedure_version_one_owner CHECK (
          (procedure_template_id IS NOT NULL AND procedure_id IS NULL AND ente_id IS NULL)
          OR (procedure_template_id IS NULL AND procedure_id IS NOT NULL AND ente_id IS NOT NULL))
      )`);
    await db.query(`
      CREATE UNIQUE INDEX procedure_version_template_number ON procedure_version (procedure_template_id, version)
      WHERE procedure_template_id IS NOT NULL`);
    await db.query(`
      CREATE UNIQUE INDEX procedure_version_procedure_number ON procedure_version (procedure_id, version)
      WHERE procedure_id IS NOT NULL`);
    // A running case holds a snapshot of its version: changing a published one would make the
    // projection and new cases disagree with what the running ones execute.
    await db.query(`
      CREATE FUNCTION procedure_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'procedure_version is immutable: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER procedure_version_no_change BEFORE UPDATE OR DELETE ON procedure_version
      FOR EACH ROW EXECUTE FUNCTION procedure_version_immutable()`);
    await db.query(`
      CREATE TRIGGER procedure_version_no_truncate BEFORE TRUNCATE ON procedure_version
      FOR EACH STATEMENT EXECUTE FUNCTION procedure_version_immutable()`);

    // One counter row per ente and year: the row lock serialises allocations, and a rolled-back
    // allocation rolls its increment back too, so numbers have no gaps.
    await db.query(`
      CREATE TABLE case_number_counter (
        ente_id uuid NOT NULL REFERENCES ente (id),
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (ente_id, year)
      )`);
    await db.query(`
      CREATE TABLE case_number_allocation (
        idempotency_key text PRIMARY KEY,
        ente_id uuid NOT NULL REFERENCES ente (id),
        case_number text NOT NULL,
        allocated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_number_allocation_unique UNIQUE (ente_id, case_number)
      )`);

    await db.query(`
      CREATE TABLE procedure_case (
        id uuid PRIMARY KEY,
        ente_id uuid NOT NULL REFERENCES ente (id),
        case_number text NOT NULL,
        workflow_id text NOT NULL CONSTRAINT procedure_case_workflow_id_key UNIQUE,
        procedure_code text NOT NULL,
        service_code text NOT NULL,
        version_id uuid NOT NULL REFERENCES procedure_version (id),
        version_number integer NOT NULL,
        applicant_fiscal_code text NOT NULL,
        applicant_name text NOT NULL,
        party_fiscal_codes text[] NOT NULL,
        status text NOT NULL CHECK (status IN ('submitted', 'inProgress', 'waitingCitizen', 'waitingPayment',
          'waitingStaff', 'suspended', 'accepted', 'rejected', 'withdrawn', 'expired')),
        current_step_id text,
        current_step_type text,
        current_step_title text,
        term_deadline date,
        clock_state text,
        received_at timestamptz NOT NULL,
        concluded_at timestamptz,
        conclusion text CHECK (conclusion IN ('accepted', 'rejected', 'withdrawn', 'expired')),
        revision integer NOT NULL CHECK (revision >= 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT procedure_case_number_unique UNIQUE (ente_id, case_number)
      )`);
    await db.query(
      'CREATE INDEX procedure_case_staff_list ON procedure_case (ente_id, received_at DESC, id DESC)',
    );
    await db.query('CREATE INDEX procedure_case_parties ON procedure_case USING gin (party_fiscal_codes)');

    await db.query(`
      CREATE TABLE case_timeline (
        case_id uuid NOT NULL REFERENCES procedure_case (id),
        seq integer NOT NULL CHECK (seq >= 0),
        at timestamptz NOT NULL,
        step_id text,
        kind text NOT NULL,
        actor text,
        detail jsonb,
        PRIMARY KEY (case_id, seq)
      )`);

    await db.query(`
      CREATE TABLE case_task (
        id uuid PRIMARY KEY,
        ente_id uuid NOT NULL REFERENCES ente (id),
        case_id uuid NOT NULL REFERENCES procedure_case (id),
        step_id text NOT NULL,
        visit integer NOT NULL CHECK (visit >= 1),
        title text NOT NULL,
        assignee_unit_code text,
        assignee_role text,
        status text NOT NULL CHECK (status IN ('open', 'claimed', 'done', 'cancelled')),
        claimed_by text,
        outcome text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT case_task_visit_unique UNIQUE (case_id, step_id, visit),
        CONSTRAINT case_task_claimed_by CHECK (status <> 'claimed' OR claimed_by IS NOT NULL)
      )`);
    await db.query('CREATE INDEX case_task_queue ON case_task (ente_id, status, created_at, id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE case_task');
    await db.query('DROP TABLE case_timeline');
    await db.query('DROP TABLE procedure_case');
    await db.query('DROP TABLE case_number_allocation');
    await db.query('DROP TABLE case_number_counter');
    await db.query('DROP TABLE procedure_version');
    await db.query('DROP FUNCTION procedure_version_immutable()');
  }
}
