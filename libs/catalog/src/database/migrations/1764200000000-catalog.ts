import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Business Catalog concepts (versioned, with the usage table process models fill), procedure
 * templates with their ente specialisations (overrides as JSON: absent key = follow the
 * template), service types and ente services with an Italian full-text index.
 */
export class Catalog1764200000000 implements MigrationInterface {
  name = 'Catalog1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE concept (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*$' AND length(code) <= 100),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE concept_version (
        id uuid PRIMARY KEY,
        concept_id uuid NOT NULL REFERENCES concept (id),
        version integer NOT NULL CHECK (version >= 1),
        status text NOT NULL CHECK (status IN ('draft', 'published')),
        type text NOT NULL,
        enum_values text[] NOT NULL DEFAULT '{}',
        validation jsonb NOT NULL DEFAULT '{}',
        sensitive boolean NOT NULL,
        label_it text NOT NULL,
        label_en text,
        help_it text,
        help_en text,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT concept_version_unique UNIQUE (concept_id, version),
        CONSTRAINT concept_version_published_at CHECK ((status = 'published') = (published_at IS NOT NULL))
      )`);
    // Filled by process-model work: which model version uses which concept version.
    await db.query(`
      CREATE TABLE concept_usage (
        concept_version_id uuid NOT NULL REFERENCES concept_version (id),
        model_ref text NOT NULL CHECK (length(model_ref) BETWEEN 1 AND 200),
        model_published boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (concept_version_id, model_ref)
      )`);

    await db.query(`
      CREATE TABLE procedure_template (
        id uuid PRIMARY KEY,
        owner_ente_id uuid NOT NULL REFERENCES ente (id),
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$'),
        fields jsonb NOT NULL,
        locked_fields text[] NOT NULL DEFAULT '{}',
        substitute_power_title text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE procedure (
        id uuid PRIMARY KEY,
        ente_id uuid NOT NULL REFERENCES ente (id),
        template_id uuid NOT NULL REFERENCES procedure_template (id),
        code text NOT NULL,
        overrides jsonb NOT NULL DEFAULT '{}',
        responsible_unit_id uuid REFERENCES org_unit (id),
        substitute_power_holder_id uuid REFERENCES role_holder (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT procedure_code_unique UNIQUE (ente_id, code),
        CONSTRAINT procedure_template_once UNIQUE (ente_id, template_id)
      )`);
    await db.query('CREATE INDEX procedure_template_idx ON procedure (template_id)');

    await db.query(`
      CREATE TABLE service_type (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$'),
        scope text NOT NULL CHECK (scope IN ('national', 'regional')),
        owner_ente_id uuid REFERENCES ente (id),
        procedure_template_id uuid REFERENCES procedure_template (id),
        defaults jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE service (
        id uuid PRIMARY KEY,
        ente_id uuid NOT NULL REFERENCES ente (id),
        service_type_id uuid REFERENCES service_type (id),
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        channels text[] NOT NULL DEFAULT '{}',
        interactivity_level text NOT NULL,
        availability text,
        taxonomy_codes text[] NOT NULL DEFAULT '{}',
        contact_points jsonb NOT NULL DEFAULT '[]',
        payment_mode text,
        voluntary boolean NOT NULL DEFAULT false,
        pagopa_active boolean NOT NULL DEFAULT false,
        fees jsonb NOT NULL DEFAULT '[]',
        accounting_references jsonb NOT NULL DEFAULT '[]',
        app_io_service_id text,
        app_io_published boolean NOT NULL DEFAULT false,
        procedure_id uuid REFERENCES procedure (id),
        search_vector tsvector GENERATED ALWAYS AS (
          to_tsvector('italian', name || ' ' || description)
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT service_code_unique UNIQUE (ente_id, code),
        CONSTRAINT service_app_io_needs_id CHECK (NOT app_io_published OR app_io_service_id IS NOT NULL)
      )`);
    await db.query('CREATE INDEX service_search_idx ON service USING gin (search_vector)');
    await db.query('CREATE INDEX service_taxonomy_idx ON service USING gin (taxonomy_codes)');
    await db.query('CREATE INDEX service_procedure_idx ON service (procedure_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'service',
      'service_type',
      'procedure',
      'procedure_template',
      'concept_usage',
      'concept_version',
      'concept',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
