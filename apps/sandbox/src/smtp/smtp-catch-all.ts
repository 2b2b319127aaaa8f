import { createServer, type Server, type Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { MailStore } from './mail-store';
import { SmtpSession } from './smtp-session';

const IDLE_TIMEOUT_MS = 5 * 60_000;
/** A line longer than this without a newline is not SMTP. */
const MAX_LINE_BYTES = 1024 * 1024;

export interface SmtpListening {
  host: string;
  port: number;
}

/**
 * The SMTP server of the sandbox: accepts every message for every address and keeps it in the
 * MailStore, so the e-mail fallback of notifications can be seen and asserted. Plain SMTP only
 * (no TLS): it listens on the sandbox's host, by default the loopback interface.
 */
export class SmtpCatchAll {
  private readonly logger = new Logger('SmtpCatchAll');
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private bound: SmtpListening | undefined;

  constructor(
    private readonly store: MailStore,
    private readonly hostname = 'sandbox.sus.local',
  ) {}

  /** Starts listening; when the port is taken the sandbox runs on without SMTP and says so. */
  async start(host: string, port: number): Promise<SmtpListening | undefined> {
    const server = createServer((socket) => this.converse(socket));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.logger.warn(
        `SMTP catch-all not started: ${host}:${port} ${code === 'EADDRINUSE' ? 'is already in use' : `failed (${String(error)})`}. ` +
          'Set SANDBOX_SMTP_PORT to a free port (0 picks one).',
      );
      return undefined;
    }
    this.server = server;
    const address = server.address();
    this.bound = { host, port: typeof address === 'object' && address !== null ? address.port : port };
    this.logger.log(`SMTP catch-all listening on ${this.bound.host}:${this.bound.port}`);
    return this.bound;
  }

  get listening(): SmtpListening | undefined {
    return this.bound;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.bound = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private converse(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(IDLE_TIMEOUT_MS, () => {
      socket.end('421 4.4.2 Idle timeout, closing connection\r\n');
    });
    const session = new SmtpSession(this.hostname, (envelope) => this.store.add(envelope).id);
    socket.write(`${session.greeting()}\r\n`);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).replace(/\r$/, '');
        pending = pending.slice(newline + 1);
        const { replies, close } = session.receive(line);
        if (replies.length > 0) socket.write(replies.map((reply) => `${reply}\r\n`).join(''));
        if (close) {
          socket.end();
          return;
        }
      }
      if (pending.length > MAX_LINE_BYTES) {
        socket.end('500 5.5.2 Line too long\r\n');
      }
    });
  }
}
