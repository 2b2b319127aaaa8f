import { Client } from 'pg';
import { ConfigurationError, databaseRoleReadiness, type DatabaseRoleFacts } from '@sus/platform';

/**
 * The database role the api and the worker connect as: DML grants only, owner of nothing (see the
 * ApplicationRole migration). Migrations and seed data run as the owner (DATABASE_OWNER_URL).
 */
export const APPLICATION_ROLE = 'sus_app';

/** The same server and database as `url`, as another role. */
export function asDatabaseRole(url: string, role: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password ?? '';
  return parsed.toString();
}

async function logsIn(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Makes APPLICATION_ROLE log in with `password` (creating the role, or setting its password, as
 * the owner) and returns its URL on the owner's server and database. For npm start, the tests
 * and the compose migrate step; production may instead provision the role itself.
 */
export async function provideApplicationRole(ownerUrl: string, password: string): Promise<string> {
  const url = asDatabaseRole(ownerUrl, APPLICATION_ROLE, password);
  if (await logsIn(url)) return url;
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APPLICATION_ROLE]);
    await client.query(
      `${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE "${APPLICATION_ROLE}" ` +
        `LOGIN PASSWORD ${client.escapeLiteral(password)}`,
    );
  } catch (error) {
    // Another process (a parallel test run) may have done the same a moment ago.
    if (!(await logsIn(url)))
      throw new ConfigurationError([
        {
          variable: 'DATABASE_OWNER_URL',
          problem:
            `could not let ${APPLICATION_ROLE} log in (${error instanceof Error ? error.message : String(error)}); ` +
            `connect as a role that may create roles, or create ${APPLICATION_ROLE} with its password yourself`,
        },
      ]);
  } finally {
    await client.end().catch(() => undefined);
  }
  return url;
}

/** Reads, over one short connection, what the role behind `url` may do to the tables. */
export async function readDatabaseRole(url: string): Promise<DatabaseRoleFacts> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{
      role: string;
      superuser: boolean;
      createRole: boolean;
      ownedTables: string[];
    }>(
      `SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolcreaterole AS "createRole",
              ARRAY(SELECT c.relname::text FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
                      AND pg_has_role(r.oid, c.relowner, 'MEMBER')
                    ORDER BY c.relname) AS "ownedTables"
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    return rows[0]!;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * With NODE_ENV=production, refuses (ConfigurationError naming DATABASE_URL) an application
 * connection that is a superuser or owns tables. Returns the facts it read, or undefined when the
 * database did not answer: a process that may start without Postgres is checked at its next start.
 */
export async function assertApplicationRole(values: {
  NODE_ENV: string;
  DATABASE_URL: string;
}): Promise<DatabaseRoleFacts | undefined> {
  if (values.NODE_ENV !== 'production') return undefined;
  let facts: DatabaseRoleFacts;
  try {
    facts = await readDatabaseRole(values.DATABASE_URL);
  } catch {
    return undefined;
  }
  const problems = databaseRoleReadiness(values, facts);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return facts;
}
