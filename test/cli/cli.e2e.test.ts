import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newApiKeySecret } from '@sus/catalog';
import { projectRoot } from '@sus/platform';
import { bulkIssuanceFile } from '../support/bulk-files';
import { PaymentsStack, TRIESTE } from '../support/payments-stack';

const year = new Date().getFullYear() + 1;
/** The built tool (`npm run build`, as the e2e tier runs): what `npm run cli` runs. */
const CLI = join(projectRoot(), 'dist/apps/cli/src/main.js');

/**
 * The command-line tool (issue 19, item 4) as a process against the running api, worker and
 * sandbox: bulk upload with progress, status, outputs, reconciliation, and the exit codes scripts
 * rely on.
 */
describe('npm run cli', () => {
  const stack = new PaymentsStack();
  const dir = mkdtempSync(join(tmpdir(), 'sus-cli-'));
  let apiKey: string;
  beforeAll(async () => {
    await stack.start();
    const secret = newApiKeySecret();
    await stack.sql.query(
      `INSERT INTO api_key (id, ente_code, name, scopes, secret_sha256, created_by)
       VALUES ($1, $2, 'gestionale tributi', $3, $4, 'test')`,
      [
        secret.id,
        TRIESTE.code,
        ['payments:read', 'payments:write', 'reconciliation:read', 'reconciliation:write'],
        secret.secretSha256,
      ],
    );
    apiKey = secret.key;
  });
  afterAll(() => stack.stop());

  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          env: { PATH: process.env.PATH ?? '', SUS_API_URL: stack.api.url, SUS_API_KEY: apiKey, ...env },
          maxBuffer: 64 * 1024 * 1024,
          encoding: 'latin1',
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('answers --help on every command', async () => {
    const commands = [
      [],
      ['bulk'],
      ['bulk', 'upload'],
      ['bulk', 'status'],
      ['bulk', 'errors'],
      ['bulk', 'export'],
      ['bulk', 'avvisi'],
      ['reconcile'],
      ['reconcile', 'import'],
      ['reconcile', 'report'],
    ];
    for (const command of commands) {
      const help = await cli([...command, '--help']);
      expect({
        command,
        code: help.code,
        usage: help.stdout.startsWith(`Usage: sus ${command.join(' ')}`.trim()),
      }).toEqual({
        command,
        code: 0,
        usage: true,
      });
    }
  });

  it('uploads a file, shows progress until every good position is issued, and hands out its outputs', async () => {
    const file = bulkIssuanceFile({
      lines: 20,
      badShare: 0.1,
      prefix: `CLI${Date.now() % 1_000_000}-`,
      year,
    });
    const path = join(dir, 'tari.csv');
    writeFileSync(path, file.csv);
    const upload = await cli(['bulk', 'upload', path, '--ente', TRIESTE.code, '--interval', '200']);
    // Some lines had errors: the good positions are issued, and the exit code says so.
    expect({ code: upload.code, stderr: upload.stderr }).toMatchObject({ code: 6 });
    const id = upload.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(upload.stderr).toContain(`issuing: ${file.issued.size}/${file.issued.size} positions`);

    const status = await cli(['bulk', 'status', id, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      id,
      status: 'completed',
      positions: file.issued.size,
      positionsIssued: file.issued.size,
    });

    const errors = await cli(['bulk', 'errors', id]);
    expect(errors.code).toBe(0);
    const errorLines = errors.stdout.trimEnd().split('\r\n');
    expect(errorLines[0]).toBe('line,position_id,field,code,message');
    expect(errorLines.slice(1).map((line) => line.split(',').slice(0, 4).join(','))).toEqual(
      file.errors.map((error) => [error.line, error.positionId, error.field, error.code].join(',')),
    );

    const exported = join(dir, 'avvisi.csv');
    expect((await cli(['bulk', 'export', id, '-o', exported])).code).toBe(0);
    const notices = readFileSync(exported, 'utf8').trimEnd().split('\r\n');
    const options = [...file.issued.values()].reduce((sum, position) => sum + position.length, 0);
    expect(notices).toHaveLength(1 + options);

    const zip = join(dir, 'avvisi.zip');
    expect((await cli(['bulk', 'avvisi', id, '-o', zip])).code).toBe(0);
    expect(readFileSync(zip).subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('exits with the documented codes: refused file, unknown job, bad key, wrong command line', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'posizione,importo\nA,10\n');
    const refused = await cli(['bulk', 'upload', bad, '--ente', TRIESTE.code]);
    expect(refused.code).toBe(3);
    const rejectedId = refused.stdout.trim();
    const report = await cli(['bulk', 'errors', rejectedId]);
    expect(report.stdout).toContain('INVALID_HEADER');

    expect((await cli(['bulk', 'status', '00000000-0000-4000-8000-000000000000'])).code).toBe(5);
    expect((await cli(['bulk', 'status', rejectedId], { SUS_API_KEY: 'sus_xxx_not-a-key' })).code).toBe(4);
    expect((await cli(['bulk', 'upload', bad])).code).toBe(2);
    expect((await cli(['bulk', 'frobnicate'])).code).toBe(2);
    expect(
      (await cli(['reconcile', 'report', '--ente', TRIESTE.code, '--from', '1/1/2026', '--to', '2026-12-31']))
        .code,
    ).toBe(2);
    const unreachable = await cli(['bulk', 'status', rejectedId], { SUS_API_URL: 'http://127.0.0.1:9' });
    expect(unreachable.code).toBe(1);
  });

  it("imports the treasurer's cash journal and prints the reconciliation report", async () => {
    const journal = join(dir, 'giornale.csv');
    writeFileSync(
      journal,
      'value_date,amount,causale\n2026-11-30,"1234,56",BONIFICO AFFITTO LOCALI COMUNALI\n',
    );
    const imported = await cli(['reconcile', 'import', journal, '--ente', TRIESTE.code]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ movements: 1, pagopaMovements: 0 });
    const broken = join(dir, 'rotto.csv');
    writeFileSync(broken, 'value_date,amount,causale\n2026-02-30,abc,/RFS/RF00\n');
    expect((await cli(['reconcile', 'import', broken, '--ente', TRIESTE.code])).code).toBe(3);

    const report = await cli([
      'reconcile',
      'report',
      '--ente',
      TRIESTE.code,
      '--from',
      '2026-01-01',
      '--to',
      '2026-12-31',
    ]);
    expect(report.code).toBe(0);
    expect(report.stdout.split('\r\n')[0]).toBe(
      'service_code,accounting_ref,transfers,received_cents,reported_cents,reconciled_cents',
    );
    expect(report.stderr).toMatch(/received \d+, reported \d+, reconciled \d+/);
  });
});
