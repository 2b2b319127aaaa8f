import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enti, their payment accounts, the organisational-unit tree and role holders. The database
 * keeps what it can check cheaply (shapes, one default IBAN, a parent in the same ente); rules
 * that need the whole picture (no cycles, exactly one default) live in the services.
 */
export class Organisations1764100000000 implements MigrationInterface {
  name = 'Organisations1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ente (
        id uuid PRIMARY KEY,
        ipa_code text NOT NULL UNIQUE CHECK (ipa_code ~ '^[a-z0-9][a-z0-9_.-]{1,29}$'),
        type text NOT NULL CHECK (type IN ('regione', 'comune', 'unione', 'altro')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        fiscal_code text NOT NULL UNIQUE CHECK (fiscal_code ~ '^[0-9]{11}$'),
        region_id uuid REFERENCES ente (id),
        segregation_code text CHECK (segregation_code ~ '^[0-9]{2}$'),
        application_code text CHECK (application_code ~ '^[0-9]{2}$'),
        cbill_code text CHECK (cbill_code ~ '^[A-Z0-9]{5}$'),
        app_io_service_ids text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ente_region_shape CHECK (
          (type = 'regione' AND region_id IS NULL) OR (type IN ('comune', 'unione') AND region_id IS NOT NULL) OR type = 'altro'
        )
      )`);
    await db.query('CREATE INDEX ente_region_idx ON ente (region_id)');
    await db.query('CREATE INDEX ente_name_idx ON ente (name, ipa_code)');

    await db.query(`
      CREATE TABLE iban_account (
        id uuid PRIMARY KEY,
        ente_id uuid NOT NULL REFERENCES ente (id) ON DELETE CASCADE,
        iban text NOT NULL CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),
        description text,
        is_default boolean NOT NULL DEFAULT false,
        service_code text,
        created_at timestamptz NOT NULL DEFAULT now(),
        -- The default account collects whatever no service claims, so it cannot belong to one.
        CONSTRAINT iban_account_default_is_general CHECK (NOT (is_default AND service_code IS NOT NULL))
      )`);
    await db.query('CREATE UNIQUE INDEX iban_account_one_default ON iban_account (ente_id) WHERE is_default');
    await db.query(
      'CREATE UNIQUE INDEX iban_account_one_per_service ON iban_account (ente_id, service_code) WHERE service_code IS NOT NULL',
    );
    await db.query(
      "CREATE UNIQUE INDEX iban_account_unique ON iban_account (ente_id, iban, coalesce(service_code, ''))",
    );

    await db.query(`
      CREATE TABLE org_unit (
        id uuid PRIMARY KEY,
        ente_id uuid NOT NULL REFERENCES ente (id),
        external_id text CHECK (length(external_id) BETWEEN 1 AND 100),
        code text NOT NULL CHECK (length(code) BETWEEN 1 AND 50),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        parent_id uuid,
        valid_from date,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT org_unit_ente_id UNIQUE (ente_id, id),
        -- Deferred so an import can swap codes between units or add a parent after its children.
        CONSTRAINT org_unit_code_unique UNIQUE (ente_id, code) DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT org_unit_external_id_unique UNIQUE (ente_id, external_id),
        CONSTRAINT org_unit_parent_same_ente FOREIGN KEY (ente_id, parent_id)
          REFERENCES org_unit (ente_id, id) DEFERRABLE INITIALLY DEFERRED,
        CONSTRAINT org_unit_not_own_parent CHECK (parent_id <> id),
        CONSTRAINT org_unit_validity CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
      )`);
    await db.query('CREATE INDEX org_unit_parent_idx ON org_unit (parent_id)');

    await db.query(`
      CREATE TABLE role_holder (
        id uuid PRIMARY KEY,
        ente_id uuid NOT NULL REFERENCES ente (id),
        org_unit_id uuid,
        role text NOT NULL CHECK (role IN ('responsabileProcedimento', 'substitutePowerHolder')),
        person_name text NOT NULL CHECK (length(person_name) BETWEEN 1 AND 200),
        fiscal_code text NOT NULL CHECK (fiscal_code ~ '^[A-Z0-9]{16}$'),
        email text,
        title text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT role_holder_unit_same_ente FOREIGN KEY (ente_id, org_unit_id) REFERENCES org_unit (ente_id, id)
      )`);
    // One holder per role and place; the ente level is the row without a unit.
    await db.query(
      'CREATE UNIQUE INDEX role_holder_one_per_place ON role_holder (ente_id, coalesce(org_unit_id, ente_id), role)',
    );
    await db.query('CREATE INDEX role_holder_unit_idx ON role_holder (org_unit_id)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE role_holder');
    await db.query('DROP TABLE org_unit');
    await db.query('DROP TABLE iban_account');
    await db.query('DROP TABLE ente');
  }
}
