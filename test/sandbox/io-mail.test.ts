import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { http, type JsonBody } from '../support/http';
import { type RunningSandbox, startSandbox } from '../support/sandbox';

/** A minimal SMTP client: sends one line, waits for the complete (possibly multi-line) reply. */
async function smtpClient(
  port: number,
): Promise<{ say(line: string): Promise<string>; greeting: string; close(): void }> {
  const socket: Socket = connect(port, '127.0.0.1');
  let buffer = '';
  let waiting: ((reply: string) => void) | undefined;
  const complete = () => /(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(buffer);
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    if (waiting !== undefined && complete()) {
      const reply = buffer;
      buffer = '';
      const resolve = waiting;
      waiting = undefined;
      resolve(reply);
    }
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      socket.once('error', reject);
      if (complete()) {
        const reply = buffer;
        buffer = '';
        resolve(reply);
      } else waiting = resolve;
    });
  const greeting = await next();
  return {
    greeting,
    say: (line: string) => {
      socket.write(`${line}\r\n`);
      return next();
    },
    close: () => socket.destroy(),
  };
}

describe('sandbox SMTP catch-all (e-mail fallback)', () => {
  let sandbox: RunningSandbox;
  let port: number;
  beforeAll(async () => {
    sandbox = await startSandbox();
    const server = await http('GET', `${sandbox.url}/__sandbox/mail/server`);
    expect(server.body).toMatchObject({ listening: true, host: '127.0.0.1' });
    port = server.body.port;
  });
  afterAll(() => sandbox.close());

  it('accepts a message for any address and shows it at /__sandbox/mail/messages', async () => {
    const to = `cittadino-${randomUUID().slice(0, 8)}@example.it`;
    const subject = `=?UTF-8?B?${Buffer.from('Carta d’identità in scadenza').toString('base64')}?=`;
    const client = await smtpClient(port);
    try {
      expect(client.greeting).toMatch(/^220 /);
      expect(await client.say('EHLO worker.sus.test')).toContain('250 HELP');
      expect(await client.say('MAIL FROM:<noreply@comune.trieste.example>')).toMatch(/^250 /);
      expect(await client.say(`RCPT TO:<${to}>`)).toMatch(/^250 /);
      expect(await client.say('RCPT TO:<protocollo@comune.trieste.example>')).toMatch(/^250 /);
      expect(await client.say('DATA')).toMatch(/^354 /);
      const message = [
        'From: Comune di Trieste <noreply@comune.trieste.example>',
        `To: <${to}>`,
        `Subject: ${subject}`,
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'Gentile cittadino, la sua carta d’identità scade il 31/12/2026.',
        '.Questa riga inizia con un punto.',
      ]
        .map((line) => (line.startsWith('.') ? `.${line}` : line))
        .join('\r\n');
      expect(await client.say(`${message}\r\n.`)).toMatch(/^250 2\.0\.0 OK: queued as /);
      expect(await client.say('QUIT')).toMatch(/^221 /);
    } finally {
      client.close();
    }

    const { body } = await http(
      'GET',
      `${sandbox.url}/__sandbox/mail/messages?to=${encodeURIComponent(to.toUpperCase())}`,
    );
    expect(body).toHaveLength(1);
    const [mail] = body as JsonBody[];
    expect(mail).toMatchObject({
      envelope: { from: 'noreply@comune.trieste.example', to: [to, 'protocollo@comune.trieste.example'] },
      from: 'Comune di Trieste <noreply@comune.trieste.example>',
      to: [to],
      subject: 'Carta d’identità in scadenza',
      text: 'Gentile cittadino, la sua carta d’identità scade il 31/12/2026.\r\n.Questa riga inizia con un punto.\r\n',
      clientName: 'worker.sus.test',
    });

    const raw = await http('GET', `${sandbox.url}/__sandbox/mail/messages/${mail.id}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.body).toContain(`Subject: ${subject}`);

    const page = await http('GET', `${sandbox.url}/__sandbox/mail?to=${encodeURIComponent(to)}`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('Carta d’identità in scadenza');
    expect((await http('GET', `${sandbox.url}/__sandbox/counters`)).body.mail.perRecipient[to]).toBe(1);
  });

  it('keeps the envelope rules: MAIL before RCPT, RCPT before DATA', async () => {
    const client = await smtpClient(port);
    try {
      expect(await client.say('HELO worker')).toMatch(/^250 /);
      expect(await client.say('RCPT TO:<a@example.it>')).toMatch(/^503 /);
      expect(await client.say('MAIL FROM:<a@example.it>')).toMatch(/^250 /);
      expect(await client.say('DATA')).toMatch(/^503 /);
    } finally {
      client.close();
    }
  });

  it('runs on without SMTP, and says so, when the SMTP port is taken', async () => {
    const second = await startSandbox({ SANDBOX_SMTP_PORT: String(port) });
    try {
      expect((await http('GET', `${second.url}/__sandbox/mail/server`)).body).toEqual({ listening: false });
      expect((await http('GET', `${second.url}/__sandbox/mail`)).body).toContain(
        'Il server SMTP non è attivo',
      );
      expect((await http('GET', `${second.url}/health`)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('forgets the mail on POST /__sandbox/reset', async () => {
    const own = await startSandbox();
    try {
      const { port: ownPort } = (await http('GET', `${own.url}/__sandbox/mail/server`)).body;
      const client = await smtpClient(ownPort);
      await client.say('EHLO worker');
      await client.say('MAIL FROM:<a@example.it>');
      await client.say('RCPT TO:<b@example.it>');
      await client.say('DATA');
      await client.say('Subject: prova\r\n\r\ntesto\r\n.');
      client.close();
      expect((await http('GET', `${own.url}/__sandbox/mail/messages`)).body).toHaveLength(1);
      expect((await http('POST', `${own.url}/__sandbox/reset`)).status).toBe(204);
      expect((await http('GET', `${own.url}/__sandbox/mail/messages`)).body).toEqual([]);
    } finally {
      await own.close();
    }
  });
});
