import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser } from 'playwright-core';
import { projectRoot } from '@sus/platform';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../support/free-port';
import { gql } from '../support/graphql';
import { eventually, startApi } from '../support/platform';

/**
 * Acceptance: a person logs in with a browser at the sandbox IdP (the built sandbox, as `npm
 * start` runs it) through the authorization code flow with PKCE, and the api accepts the token.
 */
const root = projectRoot();
const sandboxMain = join(root, 'dist/apps/sandbox/src/main.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('login in a browser at the sandbox IdP', () => {
  let sandbox: ChildProcessWithoutNullStreams;
  let sandboxOutput = '';
  let issuer: string;
  let db: TestDatabase;
  let api: { app: NestFastifyApplication; url: string };
  let callback: Server;
  let callbackUrl: string;
  const codes: URLSearchParams[] = [];
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(sandboxMain))
      throw new Error(`${sandboxMain} is missing: run \`npm run build\` (npm test does it).`);
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: install the Debian package chromium.`);
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}/oidc`;
    sandbox = spawn(process.execPath, [sandboxMain], {
      cwd: root,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        LOG_LEVEL: 'warn',
        SANDBOX_PORT: String(port),
        NODE_ENV: 'test',
      },
    });
    sandbox.stdout.on('data', (chunk) => (sandboxOutput += String(chunk)));
    sandbox.stderr.on('data', (chunk) => (sandboxOutput += String(chunk)));
    callback = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/callback') codes.push(url.searchParams);
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end('<!doctype html><title>ok</title><p>Accesso completato.</p>');
    });
    await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callback.address() as { port: number }).port}/callback`;

    db = await createTestDatabase();
    api = await startApi({
      databaseUrl: db.url,
      temporalAddress: '127.0.0.1:1',
      taskQueue: 'browser-login',
      extra: {
        OIDC_ISSUERS: JSON.stringify([{ issuer, audience: 'sus-api', actors: ['citizen', 'staff'] }]),
      },
    });
    await eventually(
      async () => ((await fetch(`${issuer}/.well-known/openid-configuration`)).ok ? true : undefined),
      `the sandbox to start:\n${sandboxOutput}`,
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.app.close();
    await db?.drop();
    await new Promise((resolve) => callback?.close(resolve));
    if (sandbox && sandbox.exitCode === null) {
      const exited = new Promise((resolve) => sandbox.once('exit', resolve));
      sandbox.kill('SIGTERM');
      await exited;
    }
  });

  const authorizationUrl = (challenge: string, state: string) =>
    `${issuer}/auth?${new URLSearchParams({
      client_id: 'sus-dev',
      response_type: 'code',
      redirect_uri: callbackUrl,
      scope: 'openid profile email sus:api',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state,
    })}`;

  it('logs a citizen in with SPID level 3 and the api accepts the access token', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const state = randomBytes(8).toString('hex');
    const page = await browser.newPage();
    await page.goto(authorizationUrl(challenge, state));
    await page.getByRole('heading', { name: /Entra con SPID/ }).waitFor();

    await page.getByLabel(/giulia\.bianchi/).check();
    await page.getByLabel('Password').fill('sbagliata');
    await page.getByRole('button', { name: 'Entra' }).click();
    await page.getByRole('alert').filter({ hasText: 'Utente o password non corretti.' }).waitFor();

    await page.getByLabel(/giulia\.bianchi/).check();
    await page.getByLabel('Password').fill('password');
    await page.getByRole('button', { name: 'Entra' }).click();
    await page.waitForURL(/\/callback\?/);
    await page.close();

    const returned = codes.at(-1)!;
    expect(returned.get('state')).toBe(state);
    expect(returned.get('iss')).toBe(issuer);
    const tokenResponse = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: returned.get('code')!,
        redirect_uri: callbackUrl,
        client_id: 'sus-dev',
        code_verifier: verifier,
      }),
    });
    const tokens = (await tokenResponse.json()) as { access_token: string; id_token: string };
    expect(tokenResponse.status).toBe(200);

    const me = await gql(
      api,
      '{ me { kind name familyName fiscalCode levelOfAssurance email } }',
      undefined,
      { as: { authorization: `Bearer ${tokens.access_token}` } },
    );
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({
      me: {
        kind: 'citizen',
        name: 'Giulia',
        familyName: 'Bianchi',
        fiscalCode: 'BNCGLI85C55L424K',
        levelOfAssurance: 'L3',
        email: 'giulia.bianchi@example.it',
      },
    });
  });

  it('gives staff their roles per ente and citizens their SPID identity through the development password login', async () => {
    const login = await fetch(issuer.replace(/\/oidc$/, '/__sandbox/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operatore.medea', password: 'password' }),
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    const me = await gql(api, '{ me { kind id roles { enteCode role } } }', undefined, {
      as: { authorization: `Bearer ${token}` },
    });
    expect(me.data).toEqual({
      me: {
        kind: 'staff',
        // Issuer (without scheme) + subject.
        id: `${issuer.replace('http://', '')}/operatore.medea`,
        roles: [{ enteCode: 'c_f081', role: 'operator' }],
      },
    });
    const refused = await fetch(issuer.replace(/\/oidc$/, '/__sandbox/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operatore.medea', password: 'no' }),
    });
    expect(refused.status).toBe(401);
    const citizen = await fetch(issuer.replace(/\/oidc$/, '/__sandbox/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mario.rossi', password: 'password' }),
    });
    expect(citizen.status).toBe(200);
    const { access_token: citizenToken } = (await citizen.json()) as { access_token: string };
    const viewer = await gql(api, '{ me { kind fiscalCode levelOfAssurance } }', undefined, {
      as: { authorization: `Bearer ${citizenToken}` },
    });
    expect(viewer.data).toEqual({
      me: { kind: 'citizen', fiscalCode: 'RSSMRA80A01L424F', levelOfAssurance: 'L2' },
    });
  });
});
