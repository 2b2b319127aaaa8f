import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatNoticeNumber } from '@sus/domain';
import { freePort } from '../support/free-port';
import { http, type JsonBody } from '../support/http';
import { inventedFiscalCode } from '../support/people';
import { debtPosition, ENTE, IO_SERVICE, newIupd, newNotice } from '../support/sandbox';

const root = join(__dirname, '..', '..');
const sandboxMain = join(root, 'dist/apps/sandbox/src/main.js');

/** Retries `check` every 100 ms until it stops throwing. */
async function until(check: () => Promise<void> | void, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** SUS's receipt endpoint, standing in: answers `status` (changeable) and keeps every push. */
async function startSus(): Promise<{
  url: string;
  status: { code: number };
  received: { headers: IncomingHttpHeaders; body: JsonBody }[];
  close(): Promise<void>;
}> {
  const status = { code: 200 };
  const received: { headers: IncomingHttpHeaders; body: JsonBody }[] = [];
  const server: Server = createServer((request, response) => {
    let data = '';
    request.on('data', (chunk) => (data += String(chunk)));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(data) });
      response.statusCode = status.code;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/pagopa/receipts`,
    status,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Issue 17, item 6: the built sandbox, as `npm start` runs it, keeps its pagoPA and App IO state in
 * SANDBOX_STATE_FILE across a graceful stop and across a SIGKILL after its last save.
 */
describe('sandbox state across restarts (SANDBOX_STATE_FILE)', () => {
  let dir: string;
  let stateFile: string;
  let sus: Awaited<ReturnType<typeof startSus>>;
  let port: number;
  let child: ChildProcess | undefined;
  let output = '';
  const url = () => `http://127.0.0.1:${port}`;
  const gpd = () => `${url()}/gpd/debt-positions-service/v1/organizations/${ENTE.fiscalCode}/debtpositions`;

  async function start(): Promise<void> {
    output = '';
    const started = spawn(process.execPath, [sandboxMain], {
      cwd: root,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        LOG_PRETTY: 'false',
        SANDBOX_HOST: '127.0.0.1',
        SANDBOX_PORT: String(port),
        SANDBOX_SMTP_PORT: '0',
        SANDBOX_IO_PROCESSING_DELAY_MS: '1500',
        SANDBOX_STATE_FILE: stateFile,
        SANDBOX_PAGOPA_ORGANIZATIONS: JSON.stringify([
          {
            fiscalCode: ENTE.fiscalCode,
            companyName: ENTE.companyName,
            subscriptionKeys: [ENTE.key],
            receiptEndpoint: { url: sus.url, headers: { 'x-sus-receipt-key': 'receipt-key' } },
          },
        ]),
        SANDBOX_IO_SERVICES: JSON.stringify([
          {
            serviceId: IO_SERVICE.serviceId,
            name: IO_SERVICE.name,
            organizationFiscalCode: ENTE.fiscalCode,
            subscriptionKeys: [IO_SERVICE.key],
          },
        ]),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout!.on('data', (chunk) => (output += String(chunk)));
    started.stderr!.on('data', (chunk) => (output += String(chunk)));
    child = started;
    await until(async () => {
      if (started.exitCode !== null) throw new Error(`sandbox exited: ${output}`);
      const health = await fetch(`${url()}/health`).catch(() => undefined);
      if (health?.status !== 200) throw new Error('sandbox not ready');
    }, 60_000);
  }

  /** Sends `signal` and waits for the exit; Nest re-raises SIGTERM after its shutdown hooks ran. */
  async function stop(signal: NodeJS.Signals): Promise<NodeJS.Signals | number | null> {
    const running = child!;
    child = undefined;
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      running.once('exit', (code, by) => resolve(by ?? code)),
    );
    running.kill(signal);
    return exited;
  }

  async function validNotice(): Promise<{ iupd: string; noticeNumber: string; iuv: string }> {
    const iupd = newIupd();
    const notice = newNotice();
    const created = await http('POST', `${gpd()}?toPublish=true`, {
      key: ENTE.key,
      body: debtPosition(iupd, [{ iuv: notice.iuv, amount: 5100 }]),
    });
    expect(created.status).toBe(201);
    return { iupd, ...notice };
  }

  const pay = (noticeNumber: string) =>
    http('POST', `${url()}/__sandbox/psp/payments`, {
      body: { noticeNumber: formatNoticeNumber(noticeNumber), fiscalCode: ENTE.fiscalCode },
    });

  const pushesOf = (iuv: string) =>
    sus.received.filter((push) => push.body.receipt?.creditorReferenceId === iuv);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sus-sandbox-state-'));
    stateFile = join(dir, 'sandbox', 'state.bin');
    sus = await startSus();
    port = await freePort();
  });
  afterEach(async () => {
    if (child !== undefined) await stop('SIGKILL');
  });
  afterAll(async () => {
    await sus.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a graceful stop, a notice issued before is still payable and its receipt reaches SUS; profiles and messages are still there', async () => {
    await start();
    const { iupd, noticeNumber, iuv } = await validNotice();
    const citizen = inventedFiscalCode(randomInt(0, 400_000));
    expect(
      (await http('PUT', `${url()}/__sandbox/io/profiles/${citizen}`, { body: { email: 'a@example.org' } }))
        .status,
    ).toBe(200);
    const subject = `Promemoria ${randomUUID().slice(0, 8)}`;
    const sent = await http('POST', `${url()}/api/v1/messages/${citizen}`, {
      key: IO_SERVICE.key,
      body: {
        content: {
          subject,
          markdown:
            'Gentile cittadina, gentile cittadino, le ricordiamo il pagamento dei diritti di segreteria.',
        },
      },
    });
    expect(sent.status).toBe(201);
    const before = await http('GET', `${url()}/api/v1/messages/${citizen}/${sent.body.id}`, {
      key: IO_SERVICE.key,
    });
    expect(before.body.status).toBe('ACCEPTED');

    expect(await stop('SIGTERM')).toBe('SIGTERM');
    expect(output).not.toMatch(/error/i);
    expect(existsSync(stateFile)).toBe(true);
    await start();

    const position = await http('GET', `${gpd()}/${iupd}`, { key: ENTE.key });
    expect(position.status).toBe(200);
    expect(position.body.status).toBe('VALID');
    const profile = await http('GET', `${url()}/api/v1/profiles/${citizen}`, { key: IO_SERVICE.key });
    expect(profile.status).toBe(200);
    // Accepted before the stop, processed after the restart: its timer is armed again.
    await until(async () => {
      const message = await http('GET', `${url()}/api/v1/messages/${citizen}/${sent.body.id}`, {
        key: IO_SERVICE.key,
      });
      expect(message.body).toMatchObject({ message: { content: { subject } }, status: 'PROCESSED' });
    });

    const paid = await pay(noticeNumber);
    expect(paid.status).toBe(201);
    await until(async () => expect(pushesOf(iuv)).toHaveLength(1));
    expect(pushesOf(iuv)[0]!.headers['x-sus-receipt-key']).toBe('receipt-key');
  });

  it('killed outright after a save, a receipt SUS had not yet taken is pushed again on restart, with the same delivery id', async () => {
    await start();
    const { iupd, noticeNumber, iuv } = await validNotice();
    sus.status.code = 503;
    // The next attempt a minute away: only the restart can deliver it within the test.
    await http('PUT', `${url()}/__sandbox/pagopa/receipt-delivery`, { body: { initialDelayMs: 60_000 } });
    const savedBefore = existsSync(stateFile) ? statSync(stateFile).mtimeMs : 0;
    expect((await pay(noticeNumber)).status).toBe(201);
    await until(async () => expect(pushesOf(iuv)).toHaveLength(1));
    // The periodic save (every 250 ms) has written the payment and its pending delivery.
    await until(async () => expect(statSync(stateFile).mtimeMs).toBeGreaterThan(savedBefore));
    await new Promise((resolve) => setTimeout(resolve, 600));

    expect(await stop('SIGKILL')).toBe('SIGKILL');
    sus.status.code = 200;
    await start();

    await until(async () => expect(pushesOf(iuv)).toHaveLength(2));
    const [first, second] = pushesOf(iuv);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
    expect(second!.body.deliveryId).toBe(first!.body.deliveryId);
    const position = await http('GET', `${gpd()}/${iupd}`, { key: ENTE.key });
    expect(position.body.status).toBe('PAID');
    // Paid once: a second payment of the same notice is refused as a duplicate.
    const again = await pay(noticeNumber);
    expect(again.status).toBe(422);
    expect(JSON.stringify(again.body)).toContain('PAA_PAGAMENTO_DUPLICATO');
    const delivery = await http('GET', `${url()}/__sandbox/pagopa/receipt-delivery`);
    expect(delivery.body.deliveries).toContainEqual(
      expect.objectContaining({ iuv, status: 'DELIVERED', deliveryId: first!.body.deliveryId }),
    );
  });

  it('an unreadable state file is moved aside with a warning and the sandbox starts empty', async () => {
    writeFileSync(stateFile, 'not a state file');
    await start();
    expect(output).toContain('could not be read');
    expect(readdirSync(join(dir, 'sandbox')).some((name) => name.startsWith('state.bin.unreadable-'))).toBe(
      true,
    );
    const positions = await http('GET', `${gpd()}?page=0`, { key: ENTE.key });
    expect(positions.status).toBe(200);
    expect(positions.body.payment_position_list).toEqual([]);
  });
});
