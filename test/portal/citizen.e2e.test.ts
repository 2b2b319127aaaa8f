import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { projectRoot } from '@sus/platform';
import { freePort } from '../support/free-port';
import { PaymentsStack } from '../support/payments-stack';
import { eventually } from '../support/platform';
import { checkPage, launchChromium, offlinePage, startPortal, type RunningPortal } from '../support/portal';

/**
 * Acceptance (issue 14 item 1, sign-in and personal area): a citizen signs in at the sandbox SPID/CIE
 * IdP through the portal (authorization code with PKCE, the token traded by the browser), starts
 * Trieste's civil marriage from its scheda servizio and finds the case, its status and timeline in
 * "Le mie pratiche". The IdP is the built sandbox (oidc-provider is ESM-only: it cannot run inside jest).
 */
const sandboxMain = join(projectRoot(), 'dist/apps/sandbox/src/main.js');

describe('portal: a citizen signs in and starts a case', () => {
  const stack = new PaymentsStack();
  let idp: ChildProcessWithoutNullStreams;
  let idpOutput = '';
  let idpUrl: string;
  let portal: RunningPortal;
  let browser: Browser;
  const violations: string[] = [];

  beforeAll(async () => {
    if (!existsSync(sandboxMain)) throw new Error(`${sandboxMain} is missing: run npm run build.`);
    const idpPort = await freePort();
    idpUrl = `http://127.0.0.1:${idpPort}`;
    idp = spawn(process.execPath, [sandboxMain], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        LOG_LEVEL: 'warn',
        SANDBOX_PORT: String(idpPort),
        SANDBOX_SMTP_PORT: '0',
        NODE_ENV: 'test',
      },
    });
    idp.stdout.on('data', (chunk) => (idpOutput += String(chunk)));
    idp.stderr.on('data', (chunk) => (idpOutput += String(chunk)));
    const port = await freePort();
    await stack.start({
      portalUrl: `http://127.0.0.1:${port}`,
      moreIssuers: [{ issuer: `${idpUrl}/oidc`, audience: 'sus-api', actors: ['citizen', 'staff'] }],
    });
    portal = await startPortal({ port, apiUrl: stack.api.url, sandboxUrl: idpUrl });
    await eventually(
      async () => ((await fetch(`${idpUrl}/oidc/.well-known/openid-configuration`)).ok ? true : undefined),
      `the sandbox IdP to start:\n${idpOutput}`,
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await stack.stop();
    if (idp && idp.exitCode === null) {
      idp.kill('SIGTERM');
      await new Promise((resolve) => idp.once('exit', resolve));
    }
  });

  async function signIn(page: Page, username: string) {
    await page.waitForURL(`${idpUrl}/oidc/**`);
    await page.check(`input[name="username"][value="${username}"]`);
    await page.fill('#password', 'password');
    await page.getByRole('button', { name: 'Entra' }).click();
  }

  it('signs in with PKCE, starts the civil marriage on line and follows it in the personal area', async () => {
    const { page, outside, errors } = await offlinePage(browser, [portal.url, idpUrl]);
    await page.goto(`${portal.url}/enti/c_l424/servizi/MATRIMONIO-CIVILE`);
    await page.getByRole('button', { name: 'Accedi con SPID o CIE per avviare la pratica' }).click();
    await signIn(page, 'mario.rossi');

    // Back on the card it left from, signed in.
    await page.waitForURL(`${portal.url}/enti/c_l424/servizi/MATRIMONIO-CIVILE`);
    await page.getByRole('link', { name: /Mario Rossi/ }).waitFor();
    await page.getByRole('button', { name: 'Avvia la pratica on line' }).click();

    await page.waitForURL(`${portal.url}/area-personale/pratiche/c_l424/**`);
    const caseNumber = decodeURIComponent(page.url().split('/').pop()!);
    await page.getByRole('heading', { level: 1, name: `Pratica ${caseNumber}` }).waitFor();
    // The workflow reaches its form a moment after the start: the page shows it once it has.
    await eventually(async () => {
      const step = page.getByTestId('case-step');
      if ((await step.count()) && (await step.innerText()) === 'Richiesta di pubblicazioni e di matrimonio')
        return true;
      await page.reload();
      return undefined;
    }, 'the case to wait for its form');
    expect(await page.getByTestId('case-status').innerText()).toBe('In attesa di tue azioni');
    await page.getByTestId('case-timeline').getByText('Pratica avviata').waitFor();
    violations.push(...(await checkPage(page, 'personal-area-case')));

    await page.getByRole('link', { name: 'Area personale' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Area personale' }).waitFor();
    await page.getByRole('link', { name: caseNumber }).waitFor();
    violations.push(...(await checkPage(page, 'personal-area')));

    // Signing out forgets the token: the personal area asks to sign in again.
    await page.getByRole('button', { name: 'Esci' }).click();
    await page.getByRole('button', { name: 'Accedi con SPID o CIE' }).waitFor();
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('has no serious or critical accessibility violation on any page it visited', () => {
    expect(violations).toEqual([]);
  });
});
