import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The process modeller (issue 13): drafts of procedure models, per ente or for a regional
 * template, with every edit kept as an append-only revision; and, on each published version, the
 * regional version it was specialised from, so a newer regional version can be offered to the enti
 * that specialised an older one.
 */
export class ProcedureDrafts1764450000000 implements MigrationInterface {
  name = 'ProcedureDrafts1764450000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE procedure_version
        ADD COLUMN based_on_template_version_id uuid REFERENCES procedure_version (id)`);
    await db.query(`
      CREATE TABLE procedure_draft (
        id uuid PRIMARY KEY,
        -- Null for a draft of a regional template.
        ente_id uuid REFERENCES ente (id),
        procedure_template_id uuid NOT NULL REFERENCES procedure_template (id),
        procedure_code text NOT NULL,
        source text NOT NULL CHECK (source IN ('template', 'version', 'scratch')),
        source_version_id uuid REFERENCES procedure_version (id),
        based_on_template_version_id uuid REFERENCES procedure_version (id),
        revision integer NOT NULL CHECK (revision >= 1),
        document jsonb NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'published', 'discarded')),
        published_version_id uuid REFERENCES procedure_version (id),
        created_by text NOT NULL CHECK (created_by <> ''),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT procedure_draft_published CHECK ((status = 'published') = (published_version_id IS NOT NULL))
      )`);
    await db.query('CREATE INDEX procedure_draft_ente ON procedure_draft (ente_id, status, updated_at DESC)');
    await db.query(`
      CREATE TABLE procedure_draft_revision (
        draft_id uuid NOT NULL REFERENCES procedure_draft (id),
        revision integer NOT NULL,
        document jsonb NOT NULL,
        edit jsonb NOT NULL,
        edited_by text NOT NULL,
        edited_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (draft_id, revision)
      )`);
    // Revisions are the draft's history: nobody rewrites it.
    await db.query(`
      CREATE FUNCTION procedure_draft_revision_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'procedure_draft_revision is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER procedure_draft_revision_no_change BEFORE UPDATE OR DELETE ON procedure_draft_revision
      FOR EACH ROW EXECUTE FUNCTION procedure_draft_revision_immutable()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE procedure_draft_revision');
    await db.query('DROP FUNCTION procedure_draft_revision_immutable()');
    await db.query('DROP TABLE procedure_draft');
    await db.query('ALTER TABLE procedure_version DROP COLUMN based_on_template_version_id');
  }
}
