import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { developmentSecrets, projectRoot } from '@sus/platform';
import { createTestDatabase } from '../support/database';

/**
 * The built api and worker, started with NODE_ENV=production and the development secrets of this
 * repository, stop before they connect anywhere and name every variable at fault (exit code 78).
 */
const root = projectRoot();
const mains = {
  api: join(root, 'dist/apps/api/src/main.js'),
  worker: join(root, 'dist/apps/worker/src/main.js'),
};

function run(main: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_OPTIONS: '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        // Nothing listens there: a process that got past its settings would fail differently.
        DATABASE_URL: 'postgres://sus@127.0.0.1:1/sus',
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        ...env,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('production settings of the built processes', () => {
  beforeAll(() => {
    for (const main of Object.values(mains))
      if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm test does it).`);
  });

  it('the api refuses the development secrets and the sandbox, naming each variable', async () => {
    const { code, output } = await run(mains.api, {
      NOTICE_LINK_SECRET: developmentSecrets.noticeLinkSecret,
      PAGOPA_RECEIPT_KEY: developmentSecrets.receiptKey,
      PAGOPA_CHECKOUT_SUBSCRIPTION_KEY: developmentSecrets.subscriptionKey,
      AUDIT_PSEUDONYM_KEY: developmentSecrets.composeAuditPseudonymKey,
      OIDC_ISSUERS: JSON.stringify([
        { issuer: 'http://127.0.0.1:3100/oidc', audience: 'sus-api', actors: ['citizen', 'staff'] },
      ]),
    });
    expect({ code, output }).toEqual({ code: 78, output: expect.stringContaining('Invalid configuration') });
    for (const variable of [
      'NOTICE_LINK_SECRET',
      'PAGOPA_RECEIPT_KEY',
      'PAGOPA_CHECKOUT_SUBSCRIPTION_KEY',
      'AUDIT_PSEUDONYM_KEY',
      'PAGOPA_CHECKOUT_URL',
      'OIDC_ISSUERS',
    ])
      expect(output).toContain(`- ${variable}: `);
  }, 90_000);

  it('the worker refuses to run without an audit key of its own, or with the sandbox GPD', async () => {
    const { code, output } = await run(mains.worker, {
      PAGOPA_GPD_SUBSCRIPTION_KEY: 'a-gpd-key-of-at-least-thirty-two-characters',
    });
    expect({ code, output }).toEqual({ code: 78, output: expect.stringContaining('Invalid configuration') });
    expect(output).toContain('- AUDIT_PSEUDONYM_KEY: is required in production');
    expect(output).toContain('- PAGOPA_GPD_URL: points at the sandbox');
    expect(output).not.toContain('PAGOPA_GPD_SUBSCRIPTION_KEY');
  }, 90_000);

  it('the api and the worker refuse to connect as the owner of the tables (issue 11)', async () => {
    const db = await createTestDatabase();
    try {
      const secret = (name: string) => `${name.toLowerCase()}-`.padEnd(40, 'x');
      const ready = {
        ALLOW_SANDBOX_PLATFORMS: 'true',
        AUDIT_PSEUDONYM_KEY: secret('audit'),
        DATABASE_URL: db.ownerUrl,
      };
      const api = await run(mains.api, {
        ...ready,
        NOTICE_LINK_SECRET: secret('notice'),
        PAGOPA_RECEIPT_KEY: secret('receipt'),
        PAGOPA_CHECKOUT_SUBSCRIPTION_KEY: secret('checkout'),
      });
      const worker = await run(mains.worker, { ...ready, PAGOPA_GPD_SUBSCRIPTION_KEY: secret('gpd') });
      for (const { code, output } of [api, worker]) {
        expect({ code, output }).toEqual({
          code: 78,
          output: expect.stringContaining('Invalid configuration'),
        });
        expect(output).toMatch(
          /- DATABASE_URL: connects as "\w+", which (is a superuser|.*owns audit_log|owns)/,
        );
      }
    } finally {
      await db.drop();
    }
  }, 150_000);
});
