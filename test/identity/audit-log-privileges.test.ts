import { Client } from 'pg';
import { APPLICATION_ROLE, assertApplicationRole, readDatabaseRole } from '@sus/catalog';
import { ConfigurationError } from '@sus/platform';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Issue 11: the api and the worker connect as a role that owns no table, so whoever gets SQL
 * through them cannot drop or disable the audit log's append-only triggers, nor empty the table.
 */
describe('the application database role', () => {
  let db: TestDatabase;
  let app: Client;
  let owner: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = new Client({ connectionString: db.url });
    owner = new Client({ connectionString: db.ownerUrl });
    await Promise.all([app.connect(), owner.connect()]);
  });

  afterAll(async () => {
    await Promise.all([app?.end(), owner?.end()]);
    await db?.drop();
  });

  const insertEntry = (client: Client, action: string) =>
    client.query(
      `INSERT INTO audit_log (actor_kind, actor_ref, action, entity, entity_id, request_id)
       VALUES ('staff', 'staff:test', $1, 'Test', 'x', 'req') RETURNING id`,
      [action],
    );
  const triggers = async () =>
    (
      await owner.query<{ tgname: string; tgenabled: string }>(
        "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY tgname",
      )
    ).rows;

  it('is the application role, not the owner', async () => {
    const { rows } = await app.query<{ user: string }>('SELECT current_user AS user');
    expect(rows[0]!.user).toBe(APPLICATION_ROLE);
  });

  it('writes and reads audit entries', async () => {
    const { rows } = await insertEntry(app, 'privileges-insert');
    const read = await app.query('SELECT action FROM audit_log WHERE id = $1', [rows[0]!.id]);
    expect(read.rows).toEqual([{ action: 'privileges-insert' }]);
  });

  it('cannot drop, disable or bypass the append-only triggers, nor change or empty the log', async () => {
    await insertEntry(app, 'privileges-keep');
    const before = await triggers();
    expect(before).toEqual([
      { tgname: 'audit_log_no_change', tgenabled: 'O' },
      { tgname: 'audit_log_no_truncate', tgenabled: 'O' },
    ]);
    const attempts = [
      'DROP TRIGGER audit_log_no_change ON audit_log',
      'DROP TRIGGER audit_log_no_truncate ON audit_log',
      'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change',
      'ALTER TABLE audit_log DISABLE TRIGGER ALL',
      'DROP FUNCTION audit_log_append_only() CASCADE',
      'CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$',
      'DROP TABLE audit_log',
      'ALTER TABLE audit_log RENAME TO audit_log_old',
      'TRUNCATE audit_log',
      "UPDATE audit_log SET action = 'rewritten'",
      'DELETE FROM audit_log',
      "SET session_replication_role = 'replica'",
    ];
    for (const sql of attempts)
      await expect(app.query(sql).then(() => `${sql}: succeeded`)).rejects.toThrow(
        /must be owner|permission denied/,
      );
    expect(await triggers()).toEqual(before);
    const kept = await owner.query(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'privileges-keep'",
    );
    expect(kept.rows[0]).toEqual({ n: 1 });
  });

  it('cannot touch the migrations table, or grant itself more', async () => {
    await expect(app.query('SELECT * FROM schema_migration')).rejects.toThrow(/permission denied/);
    // Postgres only warns "no privileges were granted": the UPDATE below is what counts.
    await app.query(`GRANT UPDATE ON audit_log TO ${APPLICATION_ROLE}`).catch(() => undefined);
    await expect(app.query("UPDATE audit_log SET action = 'rewritten'")).rejects.toThrow(/permission denied/);
  });

  it('gets the same grants on tables that later migrations create, without a GRANT of their own', async () => {
    // What any later migration does, run as the owner as migrations are.
    await owner.query('CREATE TABLE later_feature (id serial PRIMARY KEY, note text NOT NULL)');
    await app.query("INSERT INTO later_feature (note) VALUES ('a'), ('b')");
    await app.query("UPDATE later_feature SET note = 'c' WHERE note = 'b'");
    await app.query("DELETE FROM later_feature WHERE note = 'a'");
    expect((await app.query('SELECT note FROM later_feature')).rows).toEqual([{ note: 'c' }]);
    await expect(app.query('TRUNCATE later_feature')).rejects.toThrow(/permission denied/);
    await expect(app.query('DROP TABLE later_feature')).rejects.toThrow(/must be owner/);
  });

  describe('the production check at start', () => {
    const production = (url: string) => ({ NODE_ENV: 'production', DATABASE_URL: url });

    it('accepts the application role', async () => {
      expect(await readDatabaseRole(db.url)).toEqual({
        role: APPLICATION_ROLE,
        superuser: false,
        createRole: false,
        ownedTables: [],
      });
      await expect(assertApplicationRole(production(db.url))).resolves.toMatchObject({
        role: APPLICATION_ROLE,
      });
    });

    it('refuses a connection that owns the tables, naming DATABASE_URL', async () => {
      await expect(assertApplicationRole(production(db.ownerUrl))).rejects.toThrow(ConfigurationError);
      await expect(assertApplicationRole(production(db.ownerUrl))).rejects.toThrow(
        /DATABASE_URL: connects as "\w+", which (is a superuser|owns)/,
      );
    });

    it('refuses the application role once it owns a table', async () => {
      await owner.query(`ALTER TABLE api_key OWNER TO ${APPLICATION_ROLE}`);
      try {
        await expect(assertApplicationRole(production(db.url))).rejects.toThrow(
          /DATABASE_URL: connects as "sus_app", which owns api_key/,
        );
      } finally {
        await owner.query('ALTER TABLE api_key OWNER TO CURRENT_USER');
      }
    });

    it('checks nothing outside production', async () => {
      await expect(
        assertApplicationRole({ NODE_ENV: 'development', DATABASE_URL: db.ownerUrl }),
      ).resolves.toBeUndefined();
    });
  });
});
