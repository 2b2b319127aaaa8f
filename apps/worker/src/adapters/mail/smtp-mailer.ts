import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text (the markdown as written: it reads well as text). */
  text: string;
  /** Stable per delivery, so a receiving system can recognise a copy. */
  messageId: string;
}

/**
 * What became of a mail. `notSent`: the server refused it, or never took the DATA, so nothing can
 * have been delivered; `unknown`: the connection was lost after the end of DATA, when the server
 * may already have queued it.
 */
export type MailSubmission =
  | { outcome: 'sent' }
  | { outcome: 'notSent'; reason: string; permanent: boolean }
  | { outcome: 'unknown'; reason: string };

export interface MailSender {
  send(message: MailMessage): Promise<MailSubmission>;
}

export interface SmtpMailerOptions {
  /** `smtp://[user:pass@]host:port` (plain, as the sandbox's catch-all) or `smtps://…` (implicit TLS). */
  url: string;
  from: string;
  timeoutMs?: number;
}

/**
 * A small SMTP client (RFC 5321: EHLO, AUTH PLAIN, MAIL, RCPT, DATA) for the e-mail fallback.
 * nodemailer would be the usual choice; the shared node_modules of this build could not take a
 * new package safely, and the fallback needs only this one conversation.
 */
export class SmtpMailer implements MailSender {
  private readonly url: URL;

  constructor(private readonly options: SmtpMailerOptions) {
    this.url = new URL(options.url);
  }

  async send(message: MailMessage): Promise<MailSubmission> {
    let dataSent = false;
    let conversation: SmtpConversation | undefined;
    try {
      conversation = await SmtpConversation.open(this.url, this.options.timeoutMs ?? 15_000);
      await conversation.expect(220);
      await conversation.command(`EHLO ${this.url.hostname === 'localhost' ? 'sus.localhost' : 'sus'}`, 250);
      if (this.url.username) {
        const plain = Buffer.from(
          `\0${decodeURIComponent(this.url.username)}\0${decodeURIComponent(this.url.password)}`,
        ).toString('base64');
        await conversation.command(`AUTH PLAIN ${plain}`, 235);
      }
      await conversation.command(`MAIL FROM:<${addressOf(this.options.from)}>`, 250);
      await conversation.command(`RCPT TO:<${message.to}>`, 250);
      await conversation.command('DATA', 354);
      dataSent = true;
      await conversation.command(`${render(this.options.from, message)}\r\n.`, 250);
      await conversation.command('QUIT', 221).catch(() => undefined);
      return { outcome: 'sent' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof SmtpReply) return { outcome: 'notSent', reason, permanent: error.code >= 500 };
      return dataSent ? { outcome: 'unknown', reason } : { outcome: 'notSent', reason, permanent: false };
    } finally {
      conversation?.close();
    }
  }
}

class SmtpReply extends Error {
  constructor(
    readonly code: number,
    text: string,
  ) {
    super(`SMTP server answered ${text}`);
  }
}

class SmtpConversation {
  private buffer = '';
  private waiting?: { resolve: (reply: { code: number; text: string }) => void; reject: (e: Error) => void };
  private failure?: Error;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.deliver();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.waiting?.reject(this.failure);
      this.waiting = undefined;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the SMTP server closed the connection')));
    socket.on('timeout', () => {
      fail(new Error('the SMTP server did not answer in time'));
      socket.destroy();
    });
  }

  static open(url: URL, timeoutMs: number): Promise<SmtpConversation> {
    const port = Number(url.port || (url.protocol === 'smtps:' ? 465 : 25));
    return new Promise((resolve, reject) => {
      const socket =
        url.protocol === 'smtps:'
          ? connectTls({ host: url.hostname, port, servername: url.hostname })
          : connectTcp({ host: url.hostname, port });
      socket.setTimeout(timeoutMs);
      socket.once('error', reject);
      socket.once(url.protocol === 'smtps:' ? 'secureConnect' : 'connect', () => {
        socket.off('error', reject);
        resolve(new SmtpConversation(socket));
      });
    });
  }

  async command(line: string, expected: number): Promise<void> {
    this.socket.write(`${line}\r\n`);
    await this.expect(expected);
  }

  async expect(expected: number): Promise<void> {
    const reply = await this.next();
    if (reply.code !== expected) throw new SmtpReply(reply.code, reply.text);
  }

  close(): void {
    this.socket.destroy();
  }

  private next(): Promise<{ code: number; text: string }> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.deliver();
    });
  }

  /** Hands a complete (possibly multi-line "250-…") reply to whoever waits for one. */
  private deliver(): void {
    if (!this.waiting) return;
    const lines = this.buffer.split('\r\n');
    for (let index = 0; index < lines.length - 1; index++) {
      const line = lines[index] as string;
      if (/^\d{3} /.test(line) || /^\d{3}$/.test(line)) {
        this.buffer = lines.slice(index + 1).join('\r\n');
        const waiting = this.waiting;
        this.waiting = undefined;
        waiting.resolve({ code: Number(line.slice(0, 3)), text: lines.slice(0, index + 1).join(' ') });
        return;
      }
    }
  }
}

function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/** RFC 2047 for the subject; the UTF-8 body goes 8bit, dot-stuffed (RFC 5321 §4.5.2). */
function render(from: string, message: MailMessage): string {
  const headers = [
    `From: ${from}`,
    `To: <${message.to}>`,
    `Subject: =?UTF-8?B?${Buffer.from(message.subject, 'utf8').toString('base64')}?=`,
    `Message-ID: <${message.messageId}>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const body = message.text
    .replace(/\r?\n/g, '\r\n')
    .split('\r\n')
    .map((line) => (line.startsWith('.') ? `.${line}` : line))
    .join('\r\n');
  return `${headers.join('\r\n')}\r\n\r\n${body}`;
}
