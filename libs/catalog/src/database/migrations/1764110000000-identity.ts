import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Integrator API keys and the append-only audit log (issue 6). */
export class Identity1764110000000 implements MigrationInterface {
  name = 'Identity1764110000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY,
        ente_code text NOT NULL,
        name text NOT NULL,
        scopes text[] NOT NULL,
        -- sha256 of a 256-bit random secret: the secret itself is shown once and never stored.
        secret_sha256 bytea NOT NULL CHECK (octet_length(secret_sha256) = 32),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await db.query('CREATE INDEX api_key_ente ON api_key (ente_code, created_at DESC)');

    await db.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        request_id text NOT NULL,
        actor_kind text NOT NULL,
        -- pseudonymised: never a fiscal code in clear
        actor_ref text,
        ente_code text,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb
      )`);
    await db.query('CREATE INDEX audit_log_ente ON audit_log (ente_code, id DESC)');
    // Append-only even for the application's own database role: a bug or an intruder with the
    // app's credentials cannot rewrite history. (Only a superuser dropping the trigger can.)
    await db.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE audit_log');
    await db.query('DROP FUNCTION audit_log_append_only()');
    await db.query('DROP TABLE api_key');
  }
}
