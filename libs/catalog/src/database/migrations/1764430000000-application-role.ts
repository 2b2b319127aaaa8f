import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLICATION_ROLE } from '../application-role';

const app = `"${APPLICATION_ROLE}"`;
const DML = 'SELECT, INSERT, UPDATE, DELETE';

/**
 * The api and the worker connect as APPLICATION_ROLE, which owns nothing: only the owner of a table
 * may drop or disable its triggers, or truncate it, so the audit log's append-only triggers hold
 * against whoever gets SQL through the application (issue 11). Migrations keep running as the owner.
 *
 * The role is created here only where nobody provisioned it (npm start, tests, a fresh compose
 * database): roles belong to the whole server, and production creates it with its own password.
 * Default privileges grant the same DML on every table and sequence later migrations create, so
 * nobody has to remember a GRANT per table.
 */
export class ApplicationRole1764430000000 implements MigrationInterface {
  name = 'ApplicationRole1764430000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APPLICATION_ROLE}') THEN
          CREATE ROLE ${app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
        END IF;
      EXCEPTION
        -- Another database of the same server created it a moment ago (parallel test databases).
        WHEN duplicate_object OR unique_violation THEN NULL;
        WHEN insufficient_privilege THEN
          RAISE EXCEPTION 'role ${APPLICATION_ROLE} does not exist and % may not create roles', current_user
            USING HINT = 'Create it once per server (CREATE ROLE ${APPLICATION_ROLE} LOGIN PASSWORD ''…''), then migrate again.';
      END $$`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await db.query(`GRANT ${DML} ON ALL TABLES IN SCHEMA public TO ${app}`);
    await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ${DML} ON TABLES TO ${app}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
    // Audit entries are written and read, never changed; the migrations table is the owner's.
    await db.query(`REVOKE UPDATE, DELETE ON audit_log FROM ${app}`);
    await db.query(`REVOKE ALL ON schema_migration FROM ${app}`);
  }

  async down(db: QueryRunner): Promise<void> {
    // The role stays: it is shared by every database of the server.
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ${DML} ON TABLES FROM ${app}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ${app}`);
    await db.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`);
    await db.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app}`);
    await db.query(`REVOKE USAGE ON SCHEMA public FROM ${app}`);
  }
}
