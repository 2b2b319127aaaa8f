import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '@sus/platform';
import { embeddedPostgresUsable } from '../../scripts/platform/postgres';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { gql } from '../support/graphql';
import { eventually } from '../support/platform';

/**
 * The README's first command, as a user runs it (on the built platform): everything starts,
 * URLs are printed, a killed worker comes back, Ctrl-C stops it all, a second start keeps data.
 */
const root = projectRoot();
const upScript = join(root, 'dist/scripts/platform/up.js');

interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

function startPlatform(env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [upScript], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '', LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  child.stderr.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

const waitForOutput = (running: Running, text: string | RegExp, timeoutMs = 180_000) =>
  eventually(
    async () => {
      const out = running.output();
      return (typeof text === 'string' ? out.includes(text) : text.test(out)) ? true : undefined;
    },
    `"${String(text)}" in the start command's output:\n${running.output().slice(-3000)}`,
    timeoutMs,
  );

describe('the start command (npm start)', () => {
  let env: NodeJS.ProcessEnv;
  let ports: Record<string, number>;
  let db: TestDatabase | undefined;
  let first: Running | undefined;
  let second: Running | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'sus-up-'));

  beforeAll(async () => {
    if (!existsSync(upScript))
      throw new Error(`${upScript} is missing: run \`npm run build\` (npm test does it).`);
    ports = {
      API_PORT: await freePort(),
      SANDBOX_PORT: await freePort(),
      PORTAL_PORT: await freePort(),
      TEMPORAL_PORT: await freePort(),
      TEMPORAL_UI_PORT: await freePort(),
      SUS_EMBEDDED_PG_PORT: await freePort(),
    };
    env = {
      SUS_DATA_DIR: dataDir,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    };
    // Where embedded Postgres cannot run (root in a private folder), use a fresh database instead.
    if (!embeddedPostgresUsable(join(dataDir, 'postgres')).usable) {
      db = await createTestDatabase();
      env.DATABASE_OWNER_URL = db.ownerUrl;
      env.DATABASE_URL = db.url;
    }
  });

  afterAll(async () => {
    for (const running of [first, second]) {
      if (running && running.child.exitCode === null) {
        running.child.kill('SIGTERM');
        await running.exited;
      }
    }
    await db?.drop();
  });

  const api = () => `http://127.0.0.1:${ports.API_PORT}`;

  it('starts everything, prints every URL and answers GraphQL', async () => {
    first = startPlatform(env);
    await waitForOutput(first, 'Press Ctrl-C to stop.');
    const out = first.output();
    expect(out).toContain(`http://127.0.0.1:${ports.API_PORT}/graphql`);
    expect(out).toContain(`http://127.0.0.1:${ports.API_PORT}/graphiql`);
    expect(out).toContain(`http://127.0.0.1:${ports.API_PORT}/health/ready`);
    expect(out).toContain(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`);
    expect(out).toContain(`127.0.0.1:${ports.TEMPORAL_PORT}`);
    expect(out).toContain(`http://127.0.0.1:${ports.SANDBOX_PORT}`);
    expect(out).toContain(`http://127.0.0.1:${ports.PORTAL_PORT}/pagamenti-volontari`);
    // api and worker connect as the application role, never as the owner of the tables.
    expect(out).toMatch(/Postgres\s+postgres:\/\/sus_app:\*\*\*@/);

    const ready = await fetch(`${api()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { postgres: 'up', temporal: 'up', worker: 'up' },
    });
    expect((await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ports.SANDBOX_PORT}/health`)).status).toBe(200);

    // The start command loads the FVG example once.
    const seeded = await gql<{ service: { name: string } | null }>(
      api(),
      '{ service(enteCode: "c_l424", code: "MATRIMONIO-CIVILE") { name } }',
    );
    expect(seeded.data?.service).toEqual({ name: 'Matrimonio civile' });

    // The portal serves its pages and forwards GraphQL to the api.
    const portal = `http://127.0.0.1:${ports.PORTAL_PORT}`;
    const page = await fetch(`${portal}/pagamenti-volontari/c_l424`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const viaPortal = await gql<{ service: { name: string } | null }>(
      portal,
      '{ service(enteCode: "c_l424", code: "MATRIMONIO-CIVILE") { name } }',
    );
    expect(viaPortal.data?.service).toEqual({ name: 'Matrimonio civile' });
  });

  let probeId: string;
  /** Probes are for regional administrators: log in as one with the sandbox's development login. */
  const asRegionalAdmin = async () => {
    const response = await fetch(`http://127.0.0.1:${ports.SANDBOX_PORT}/__sandbox/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin.regione', password: 'password' }),
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    return { authorization: `Bearer ${token}` };
  };
  const runProbe = async (note: string) => {
    const headers = await asRegionalAdmin();
    const started = await gql<{ startPlatformProbe: { id: string } }>(
      api(),
      'mutation($note: String) { startPlatformProbe(input: { note: $note }) { id } }',
      { note },
      { as: headers },
    );
    const id = started.data!.startPlatformProbe.id;
    await eventually(async () => {
      const result = await gql<{ platformProbe: { status: string } | null }>(
        api(),
        'query($id: ID!) { platformProbe(id: $id) { status } }',
        { id },
        { as: headers },
      );
      return result.data?.platformProbe?.status === 'COMPLETED' ? true : undefined;
    }, `probe "${note}" to complete`);
    return id;
  };

  it('runs work end to end on the started platform', async () => {
    probeId = await runProbe('first start');
  });

  it("configures App IO for the seeded services: an operator's message reaches the sandbox inbox", async () => {
    const login = await fetch(`http://127.0.0.1:${ports.SANDBOX_PORT}/__sandbox/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operatore.trieste', password: 'password' }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const subject = `Prova di avvio ${Date.now()}`;
    const sent = await gql<{ sendMessage: { id: string } }>(
      api(),
      'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
      {
        input: {
          enteCode: 'c_l424',
          serviceCode: 'MATRIMONIO-CIVILE',
          fiscalCode: 'RSSMRA80A01L424F',
          subject,
          markdown:
            'Questo messaggio prova che la piattaforma avviata consegna i messaggi App IO alla sandbox.',
          idempotencyKey: `avvio/${Date.now()}`,
        },
      },
      { as: { authorization: `Bearer ${token}` } },
    );
    expect(sent.errors).toBeUndefined();
    await eventually(async () => {
      const inbox = await fetch(`http://127.0.0.1:${ports.SANDBOX_PORT}/__sandbox/io/inbox/RSSMRA80A01L424F`);
      return (await inbox.text()).includes(subject) ? true : undefined;
    }, 'the message in the sandbox inbox page');
  });

  it('restarts a worker killed with SIGKILL, and says so', async () => {
    const table = JSON.parse(readFileSync(join(dataDir, 'run', 'services.json'), 'utf8')) as Record<
      string,
      number
    >;
    process.kill(table.worker!, 'SIGKILL');
    await waitForOutput(first!, 'worker was killed by SIGKILL; restarting it', 10_000);
    await waitForOutput(first!, 'worker restarted', 10_000);
    await runProbe('after the worker was killed');
  });

  it('refuses a second start on the same ports with a clear message, not a stack trace', async () => {
    second = startPlatform(env);
    expect(await second.exited).toBe(98);
    expect(second.output()).toContain(`api: 127.0.0.1:${ports.API_PORT} is already in use (set API_PORT`);
    expect(second.output()).not.toMatch(/\n\s+at /);
  });

  it('stops every child cleanly on SIGTERM (Ctrl-C)', async () => {
    first!.child.kill('SIGTERM');
    expect(await first!.exited).toBe(0);
    expect(first!.output()).toContain('SUS stopped.');
    const table = JSON.parse(readFileSync(join(dataDir, 'run', 'services.json'), 'utf8')) as Record<
      string,
      number
    >;
    for (const [name, pid] of Object.entries(table)) {
      expect({ name, alive: isAlive(pid) }).toEqual({ name, alive: false });
    }
  });

  it('keeps the data of the first start on the second', async () => {
    second = startPlatform(env);
    await waitForOutput(second, 'Press Ctrl-C to stop.');
    const result = await gql<{ platformProbe: { note: string } | null }>(
      api(),
      'query($id: ID!) { platformProbe(id: $id) { note } }',
      { id: probeId },
      { as: await asRegionalAdmin() },
    );
    expect(result.data?.platformProbe).toEqual({ note: 'first start' });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
