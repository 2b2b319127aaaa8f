// `npm start`: the whole platform on one machine with embedded defaults (DESIGN §4).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { Client } from 'pg';
import { developmentSecrets, projectRoot } from '@sus/platform';
import { provideApplicationRole, runMigrations, SEED_ENTI, seedDatabase } from '@sus/catalog';
import { watchDevBuilds } from './dev-reload';
import { assertPortsFree, PortInUseError } from './ports';
import {
  canConnect,
  createDatabaseIfMissing,
  embeddedPostgresUsable,
  LOCAL_POSTGRES_URL,
  withDatabase,
} from './postgres';
import { Service, type ServiceSpec } from './supervisor';
import { resolveTemporalCli } from './temporal-binaries';

export const SEARCH_ATTRIBUTES = { SusEnte: 'Keyword', SusProcedure: 'Keyword', SusCaseStatus: 'Keyword' };

const root = projectRoot();
const env = process.env;
const settings = {
  dataDir: env.SUS_DATA_DIR ?? join(root, '.data'),
  embeddedPgPort: Number(env.SUS_EMBEDDED_PG_PORT ?? 54329),
  temporalHost: env.TEMPORAL_HOST ?? '127.0.0.1',
  temporalPort: Number(env.TEMPORAL_PORT ?? 7233),
  temporalUiPort: Number(env.TEMPORAL_UI_PORT ?? 8233),
  apiHost: env.API_HOST ?? '127.0.0.1',
  apiPort: Number(env.API_PORT ?? 3000),
  sandboxHost: env.SANDBOX_HOST ?? '127.0.0.1',
  sandboxPort: Number(env.SANDBOX_PORT ?? 3100),
  portalHost: env.PORTAL_HOST ?? '127.0.0.1',
  portalPort: Number(env.PORTAL_PORT ?? 3200),
  readyTimeoutMs: Number(env.SUS_READY_TIMEOUT_SECONDS ?? 300) * 1000,
  /** `npm run dev`: restart api, worker and sandbox after each compile (see dev-reload.ts). */
  watch: env.SUS_WATCH === '1',
};

const say = (line: string) => process.stdout.write(`${line}\n`);
const services: Service[] = [];
let shuttingDown: Promise<void> | undefined;

function supervise(spec: ServiceSpec): Service {
  const service = new Service(
    spec,
    say,
    (name) => {
      if (settings.watch && spec.restart) {
        say(`✖ ${name} stays down until the next compile restarts it.`);
        return;
      }
      say(`✖ ${name} is down and SUS cannot run without it; stopping everything.`);
      void shutdown(1);
    },
    writeServiceTable,
  );
  services.push(service);
  service.start();
  return service;
}

/** run/services.json: which pid runs which part, for operators and for the start-command test. */
function writeServiceTable(): void {
  const dir = join(settings.dataDir, 'run');
  mkdirSync(dir, { recursive: true });
  const table = Object.fromEntries(services.map((service) => [service.spec.name, service.pid ?? null]));
  writeFileSync(
    join(dir, 'services.json'),
    `${JSON.stringify({ supervisor: process.pid, ...table }, null, 2)}\n`,
  );
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = settings.readyTimeoutMs,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (shuttingDown) throw new Error('stopping');
    if (Date.now() > deadline)
      throw new Error(`${what} was not ready within ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function httpOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  return response.ok;
}

/**
 * The owner's connection: migrations and seed data run as it; api and worker never get it.
 * DATABASE_OWNER_URL, else DATABASE_URL (then taken as the owner), else embedded or local Postgres.
 */
const givenOwnerUrl = env.DATABASE_OWNER_URL || env.DATABASE_URL;

async function postgres(): Promise<{ url: string }> {
  if (givenOwnerUrl) {
    const database = new URL(givenOwnerUrl).pathname.slice(1) || 'postgres';
    await createDatabaseIfMissing(withDatabase(givenOwnerUrl, 'postgres'), database).catch(() => undefined);
    return { url: givenOwnerUrl };
  }
  const dataDir = join(settings.dataDir, 'postgres');
  const embedded = embeddedPostgresUsable(dataDir);
  if (!embedded.usable) {
    if (await canConnect(LOCAL_POSTGRES_URL)) {
      say(`• ${embedded.reason}; using the Postgres already listening on 127.0.0.1:5432 instead.`);
      await createDatabaseIfMissing(LOCAL_POSTGRES_URL, 'sus');
      return { url: withDatabase(LOCAL_POSTGRES_URL, 'sus') };
    }
    throw new Error(
      `${embedded.reason}. Set DATABASE_URL to a Postgres server, or run SUS as a normal user.`,
    );
  }
  say(`• starting embedded Postgres on 127.0.0.1:${settings.embeddedPgPort} (data in ${dataDir})`);
  mkdirSync(settings.dataDir, { recursive: true });
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${settings.embeddedPgPort}/postgres`;
  supervise({
    name: 'postgres',
    command: process.execPath,
    args: [join(__dirname, 'embedded-postgres-main.js')],
    env: { SUS_PG_DATA_DIR: dataDir, SUS_EMBEDDED_PG_PORT: String(settings.embeddedPgPort) },
    restart: false,
  });
  await waitFor('embedded Postgres', () => canConnect(adminUrl), 120_000);
  await createDatabaseIfMissing(adminUrl, 'sus');
  return { url: withDatabase(adminUrl, 'sus') };
}

async function temporal(): Promise<{ address: string; ui?: string }> {
  if (env.TEMPORAL_ADDRESS) return { address: env.TEMPORAL_ADDRESS };
  const cli = resolveTemporalCli();
  const dir = join(settings.dataDir, 'temporal');
  mkdirSync(dir, { recursive: true });
  const address = `${settings.temporalHost}:${settings.temporalPort}`;
  say(`• starting Temporal dev server on ${address} (history in ${join(dir, 'temporal.sqlite')})`);
  supervise({
    name: 'temporal',
    command: cli,
    args: [
      'server',
      'start-dev',
      '--db-filename',
      join(dir, 'temporal.sqlite'),
      '--ip',
      settings.temporalHost,
      '--port',
      String(settings.temporalPort),
      '--ui-port',
      String(settings.temporalUiPort),
      '--log-level',
      'warn',
      // Some server versions ship Updates switched off (DESIGN §4).
      '--dynamic-config-value',
      'frontend.enableUpdateWorkflowExecution=true',
      '--dynamic-config-value',
      'frontend.enableExecuteMultiOperation=true',
      ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => [
        '--search-attribute',
        `${name}=${type}`,
      ]),
    ],
    restart: false,
  });
  await waitFor('Temporal', async () => {
    const connection = await Connection.connect({ address, connectTimeout: '1 second' });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  });
  return { address, ui: `http://${settings.temporalHost}:${settings.temporalUiPort}` };
}

/** Development-only secrets shared by the local api, worker and sandbox (never used against real pagoPA). */
const SANDBOX_GPD_KEY = 'sandbox-subscription-key';
const SANDBOX_RECEIPT_KEY = 'sandbox-receipt-key-change-me';

/** The development key of an App IO service: the local worker and the sandbox's App IO share it. */
const sandboxIoKey = (serviceId: string) => `sandbox-io-key-${serviceId}`;

interface IoServiceRow {
  service_id: string;
  name: string;
  fiscal_code: string;
}

/**
 * Every App IO service the enti and their services name (seeded or set by staff since), so the
 * local App IO knows them and the worker holds their keys: a message from any of them reaches
 * the sandbox's inbox page.
 */
async function ioServicesOf(url: string): Promise<IoServiceRow[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<IoServiceRow>(
      `SELECT DISTINCT ON (service_id) service_id, name, fiscal_code FROM (
         SELECT unnest(app_io_service_ids) AS service_id, name, fiscal_code FROM ente
         UNION ALL
         SELECT s.app_io_service_id, s.name, e.fiscal_code FROM service s JOIN ente e ON e.id = s.ente_id
          WHERE s.app_io_service_id IS NOT NULL
       ) AS named ORDER BY service_id, name`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function up(): Promise<void> {
  const started = Date.now();
  await assertPortsFree([
    { what: 'api', host: settings.apiHost, port: settings.apiPort, envVar: 'API_PORT' },
    { what: 'sandbox', host: settings.sandboxHost, port: settings.sandboxPort, envVar: 'SANDBOX_PORT' },
    { what: 'portal', host: settings.portalHost, port: settings.portalPort, envVar: 'PORTAL_PORT' },
    ...(env.TEMPORAL_ADDRESS
      ? []
      : [
          {
            what: 'Temporal',
            host: settings.temporalHost,
            port: settings.temporalPort,
            envVar: 'TEMPORAL_PORT',
          },
          {
            what: 'Temporal UI',
            host: settings.temporalHost,
            port: settings.temporalUiPort,
            envVar: 'TEMPORAL_UI_PORT',
          },
        ]),
    ...(givenOwnerUrl
      ? []
      : [
          {
            what: 'embedded Postgres',
            host: '127.0.0.1',
            port: settings.embeddedPgPort,
            envVar: 'SUS_EMBEDDED_PG_PORT',
          },
        ]),
  ]);

  const [db, temporalServer] = await Promise.all([postgres(), temporal()]);
  // api and worker connect as the application role, which owns nothing (see docs/decisions.md).
  const appDatabaseUrl =
    env.DATABASE_OWNER_URL && env.DATABASE_URL
      ? env.DATABASE_URL
      : await provideApplicationRole(db.url, developmentSecrets.applicationDatabasePassword);
  const applied = await runMigrations(db.url);
  say(`• database ready${applied.length ? ` (applied ${applied.length} migration(s))` : ''}`);
  // The FVG example (DESIGN §1): added once, never overwriting what staff changed since.
  const seeded = await seedDatabase(db.url);
  const added = seeded.enti + seeded.orgUnits + seeded.roleHolders + seeded.procedures + seeded.services;
  say(`• example data ready${added ? ` (added ${added} record(s))` : ''}`);
  for (const skipped of seeded.skipped) say(`  example data skipped: ${skipped}`);

  const ioServices = await ioServicesOf(db.url);
  const apiUrl = `http://${settings.apiHost}:${settings.apiPort}`;
  const sandboxUrl = `http://${settings.sandboxHost}:${settings.sandboxPort}`;
  const portalUrl = `http://${settings.portalHost}:${settings.portalPort}`;

  const appEnv = {
    NODE_ENV: env.NODE_ENV ?? 'development',
    LOG_PRETTY: env.LOG_PRETTY ?? 'true',
    DATABASE_URL: appDatabaseUrl,
    // The owner's credentials stay with this process (spawn leaves out undefined variables).
    DATABASE_OWNER_URL: undefined,
    TEMPORAL_ADDRESS: temporalServer.address,
    API_HOST: settings.apiHost,
    API_PORT: String(settings.apiPort),
    SANDBOX_HOST: settings.sandboxHost,
    SANDBOX_PORT: String(settings.sandboxPort),
    // The notices the worker waits for stay payable after a restart (issue 17, item 6).
    // The worker's Prometheus endpoint (the api serves /metrics on its own port).
    WORKER_METRICS_PORT: env.WORKER_METRICS_PORT ?? '9464',
    SANDBOX_STATE_FILE: env.SANDBOX_STATE_FILE ?? join(settings.dataDir, 'sandbox', 'state.bin'),
    // The api accepts tokens of the sandbox IdP unless told otherwise (a real SPID/CIE gateway).
    // The sandbox vouches for both citizens and staff; a real gateway is given its actors explicitly.
    OIDC_ISSUERS:
      env.OIDC_ISSUERS ??
      JSON.stringify([
        {
          issuer: `http://${settings.sandboxHost}:${settings.sandboxPort}/oidc`,
          audience: 'sus-api',
          actors: ['citizen', 'staff'],
        },
      ]),
    // The local pagoPA stand-in knows the seeded enti and pushes their receipts to this api.
    PAGOPA_GPD_URL: `${sandboxUrl}/gpd/debt-positions-service/v1`,
    PAGOPA_GPD_SUBSCRIPTION_KEY: SANDBOX_GPD_KEY,
    PAGOPA_RECEIPT_KEY: SANDBOX_RECEIPT_KEY,
    PAGOPA_CHECKOUT_URL: `${sandboxUrl}/checkout/ec/v1`,
    PAGOPA_CHECKOUT_SUBSCRIPTION_KEY: SANDBOX_GPD_KEY,
    API_PUBLIC_URL: apiUrl,
    // Checkout sends citizens back to the portal's pages; reminders link to it.
    PORTAL_PUBLIC_URL: env.PORTAL_PUBLIC_URL ?? portalUrl,
    // The portal forwards the browser's GraphQL with X-Forwarded-For: the api rate-limits the browser, not the portal.
    API_TRUST_PROXY: env.API_TRUST_PROXY ?? '127.0.0.1',
    PORTAL_HOST: settings.portalHost,
    PORTAL_PORT: String(settings.portalPort),
    PORTAL_API_URL: apiUrl,
    PORTAL_OIDC_ISSUER: env.PORTAL_OIDC_ISSUER ?? `${sandboxUrl}/oidc`,
    // The local App IO knows every IO service of the enti, each with its development key.
    APP_IO_URL: `${sandboxUrl}/api/v1`,
    SMTP_URL: `smtp://${settings.sandboxHost}:${env.SANDBOX_SMTP_PORT ?? 2525}`,
    APP_IO_SERVICE_KEYS: JSON.stringify(
      Object.fromEntries(ioServices.map(({ service_id }) => [service_id, sandboxIoKey(service_id)])),
    ),
    SANDBOX_IO_SERVICES: JSON.stringify(
      ioServices.map(({ service_id, name, fiscal_code }) => ({
        serviceId: service_id,
        name: name.slice(0, 200),
        organizationFiscalCode: fiscal_code,
        subscriptionKeys: [sandboxIoKey(service_id)],
      })),
    ),
    SANDBOX_PAGOPA_ORGANIZATIONS: JSON.stringify(
      SEED_ENTI.map(({ ente }) => ({
        fiscalCode: ente.fiscalCode,
        companyName: ente.name,
        subscriptionKeys: [SANDBOX_GPD_KEY],
        receiptEndpoint: {
          url: `${apiUrl}/pagopa/receipts`,
          headers: { 'x-sus-receipt-key': SANDBOX_RECEIPT_KEY },
        },
      })),
    ),
  };
  const app = (name: string) =>
    supervise({
      name,
      command: process.execPath,
      args: [join(root, 'dist/apps', name, 'src/main.js')],
      env: appEnv,
      restart: true,
    });
  const apps = [app('sandbox'), app('worker'), app('api'), app('portal')];
  if (settings.watch) watchApps(apps);

  await Promise.all([
    waitFor('api (/health/ready: Postgres, Temporal, worker)', () => httpOk(`${apiUrl}/health/ready`)),
    waitFor('sandbox', () => httpOk(`${sandboxUrl}/health`)),
    waitFor('portal', () => httpOk(`${portalUrl}/health`)),
  ]);
  const rows: [string, string][] = [
    ['Portal (citizens)', portalUrl],
    ['Portal: voluntary payments', `${portalUrl}/pagamenti-volontari`],
    ['GraphQL API', `${apiUrl}/graphql`],
    ['GraphiQL (explorer)', `${apiUrl}/graphiql`],
    ['Health', `${apiUrl}/health/ready`],
    ['Temporal UI', temporalServer.ui ?? '(external Temporal: see its own UI)'],
    ['Temporal frontend', temporalServer.address],
    ['Sandbox (pagoPA, App IO, SPID)', sandboxUrl],
    ['Sandbox App IO inboxes', `${sandboxUrl}/__sandbox/io/inbox`],
    ['Sandbox e-mail (fallback)', `${sandboxUrl}/__sandbox/mail`],
    ['Sandbox login (test users)', `${sandboxUrl}/__sandbox/users (password: password)`],
    ['Postgres', redact(appDatabaseUrl)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  say('');
  say(`SUS is up in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  for (const [label, value] of rows) say(`  ${label.padEnd(width)}  ${value}`);
  if (settings.watch) say('Watching: api, worker and sandbox restart after each compile without errors.');
  say('Press Ctrl-C to stop.');
  say('');
}

/** Restarts the apps a compile touched, one build after the other; Postgres and Temporal stay up. */
function watchApps(apps: Service[]): void {
  let queue = Promise.resolve();
  const names = apps.map((service) => service.spec.name);
  watchDevBuilds(join(root, 'dist'), names, (changed) => {
    queue = queue.then(async () => {
      if (shuttingDown) return;
      say(`↻ code changed: restarting ${changed.join(', ')}`);
      const restarting = apps.filter((service) => changed.includes(service.spec.name));
      await Promise.all(restarting.map((service) => service.restart(10_000)));
      say(
        `↻ restarted ${restarting.map((service) => `${service.spec.name} (pid ${service.pid})`).join(', ')}`,
      );
    });
  })
    .on('error', (error) => say(`⚠ stopped watching dist/ for compiles: ${error.message}`))
    .unref();
}

/** Stops every service and exits the process; callers fire it and forget (`void shutdown(…)`), as it never returns. */
async function shutdown(code: number): Promise<void> {
  shuttingDown ??= (async () => {
    say('• stopping SUS…');
    const byName = (...names: string[]) => services.filter((s) => names.includes(s.spec.name));
    await Promise.all(byName('portal', 'api', 'sandbox', 'worker').map((s) => s.stop(30_000)));
    await Promise.all(byName('temporal').map((s) => s.stop(15_000)));
    await Promise.all(byName('postgres').map((s) => s.stop(15_000)));
    say('• SUS stopped.');
    process.exit(code);
  })();
  return shuttingDown;
}

let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) {
      say('• second signal: killing every child now.');
      for (const service of services) if (service.pid) process.kill(-service.pid, 'SIGKILL');
      process.exit(130);
    }
    void shutdown(0);
  });
}

up().catch((error: unknown) => {
  if (shuttingDown) return;
  if (error instanceof PortInUseError) {
    process.stderr.write(`\n✖ ${error.message}\n`);
    process.exit(98);
  }
  process.stderr.write(`\n✖ SUS did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  void shutdown(1);
});
