/** What the client handed over in one completed DATA command. */
export interface Envelope {
  /** `MAIL FROM` address; empty for a bounce (`<>`). */
  from: string;
  /** Every accepted `RCPT TO` address, in order. */
  to: string[];
  /** The client's EHLO/HELO name. */
  clientName: string;
  /** The message as sent, dot-unstuffed, lines ending in CRLF. */
  raw: Buffer;
}

export interface SessionOutput {
  replies: string[];
  /** Close the connection after writing the replies (QUIT, or a fatal error). */
  close?: boolean;
}

export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
const MAX_RECIPIENTS = 1000;

type State =
  | { kind: 'command' }
  | { kind: 'data'; lines: string[]; bytes: number }
  | { kind: 'auth-plain' }
  | { kind: 'auth-login-user' }
  | { kind: 'auth-login-password' };

const ADDRESS = /^(?:FROM|TO):\s*<([^>]*)>(.*)$/i;

/**
 * One SMTP conversation (RFC 5321 subset) as a state machine over lines, without sockets: EHLO/HELO,
 * MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT, VRFY, HELP, and AUTH PLAIN/LOGIN accepting any
 * credentials. Every recipient is accepted: this is a catch-all. Lines are latin1 strings, so
 * 8-bit and UTF-8 content passes through byte for byte.
 */
export class SmtpSession {
  private state: State = { kind: 'command' };
  private clientName: string | undefined;
  private from: string | undefined;
  private to: string[] = [];

  constructor(
    private readonly hostname: string,
    private readonly deliver: (envelope: Envelope) => string,
  ) {}

  greeting(): string {
    return `220 ${this.hostname} ESMTP SUS sandbox mail catch-all`;
  }

  receive(line: string): SessionOutput {
    switch (this.state.kind) {
      case 'data':
        return this.dataLine(this.state, line);
      case 'auth-plain':
      case 'auth-login-password':
        this.state = { kind: 'command' };
        return line === '*'
          ? this.reply('501 5.7.0 Authentication cancelled')
          : this.reply('235 2.7.0 Authentication successful');
      case 'auth-login-user':
        if (line === '*') {
          this.state = { kind: 'command' };
          return this.reply('501 5.7.0 Authentication cancelled');
        }
        this.state = { kind: 'auth-login-password' };
        return this.reply('334 UGFzc3dvcmQ6');
      case 'command':
        return this.command(line);
    }
  }

  private command(line: string): SessionOutput {
    const [verb = '', ...rest] = line.trim().split(/\s+/);
    const argument = line.trim().slice(verb.length).trim();
    switch (verb.toUpperCase()) {
      case 'EHLO':
        if (argument === '') return this.reply('501 5.5.4 Syntax: EHLO hostname');
        this.clientName = argument;
        this.resetTransaction();
        return this.reply(
          `250-${this.hostname} greets ${argument}`,
          '250-PIPELINING',
          '250-8BITMIME',
          '250-SMTPUTF8',
          `250-SIZE ${MAX_MESSAGE_BYTES}`,
          '250-AUTH PLAIN LOGIN',
          '250 HELP',
        );
      case 'HELO':
        if (argument === '') return this.reply('501 5.5.4 Syntax: HELO hostname');
        this.clientName = argument;
        this.resetTransaction();
        return this.reply(`250 ${this.hostname}`);
      case 'MAIL':
        return this.mail(argument);
      case 'RCPT':
        return this.rcpt(argument);
      case 'DATA':
        if (this.from === undefined) return this.reply('503 5.5.1 Error: need MAIL command');
        if (this.to.length === 0) return this.reply('503 5.5.1 Error: need RCPT command');
        this.state = { kind: 'data', lines: [], bytes: 0 };
        return this.reply('354 End data with <CR><LF>.<CR><LF>');
      case 'RSET':
        this.resetTransaction();
        return this.reply('250 2.0.0 OK');
      case 'NOOP':
        return this.reply('250 2.0.0 OK');
      case 'QUIT':
        return { replies: [`221 2.0.0 ${this.hostname} closing connection`], close: true };
      case 'VRFY':
        return this.reply('252 2.0.0 Cannot VRFY user, but will accept message');
      case 'HELP':
        return this.reply('214 2.0.0 EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY AUTH');
      case 'STARTTLS':
        return this.reply('454 4.7.0 TLS not available');
      case 'AUTH':
        return this.auth(rest);
      default:
        return this.reply('500 5.5.2 Error: command not recognized');
    }
  }

  private mail(argument: string): SessionOutput {
    if (this.clientName === undefined) return this.reply('503 5.5.1 Error: send HELO/EHLO first');
    if (this.from !== undefined) return this.reply('503 5.5.1 Error: nested MAIL command');
    const match = ADDRESS.exec(argument);
    if (match === null || !/^from:/i.test(argument))
      return this.reply('501 5.5.4 Syntax: MAIL FROM:<address>');
    const size = /\bSIZE=(\d+)/i.exec(match[2] ?? '');
    if (size !== null && Number(size[1]) > MAX_MESSAGE_BYTES)
      return this.reply('552 5.3.4 Message size exceeds fixed limit');
    this.from = match[1] ?? '';
    return this.reply('250 2.1.0 OK');
  }

  private rcpt(argument: string): SessionOutput {
    if (this.from === undefined) return this.reply('503 5.5.1 Error: need MAIL command');
    const match = ADDRESS.exec(argument);
    if (match === null || !/^to:/i.test(argument) || (match[1] ?? '') === '')
      return this.reply('501 5.5.4 Syntax: RCPT TO:<address>');
    if (this.to.length >= MAX_RECIPIENTS) return this.reply('452 4.5.3 Error: too many recipients');
    this.to.push(match[1]!);
    return this.reply('250 2.1.5 OK');
  }

  private auth([mechanism = '', initial]: string[]): SessionOutput {
    if (this.clientName === undefined) return this.reply('503 5.5.1 Error: send HELO/EHLO first');
    switch (mechanism.toUpperCase()) {
      case 'PLAIN':
        if (initial !== undefined) return this.reply('235 2.7.0 Authentication successful');
        this.state = { kind: 'auth-plain' };
        return this.reply('334 ');
      case 'LOGIN':
        if (initial !== undefined) {
          this.state = { kind: 'auth-login-password' };
          return this.reply('334 UGFzc3dvcmQ6');
        }
        this.state = { kind: 'auth-login-user' };
        return this.reply('334 VXNlcm5hbWU6');
      default:
        return this.reply('504 5.5.4 Unrecognized authentication type');
    }
  }

  private dataLine(state: Extract<State, { kind: 'data' }>, line: string): SessionOutput {
    if (line === '.') {
      this.state = { kind: 'command' };
      const tooBig = state.bytes > MAX_MESSAGE_BYTES;
      const envelope: Envelope = {
        from: this.from ?? '',
        to: this.to,
        clientName: this.clientName ?? '',
        raw: Buffer.from(state.lines.join(''), 'latin1'),
      };
      this.resetTransaction();
      if (tooBig) return this.reply('552 5.3.4 Message size exceeds fixed limit');
      return this.reply(`250 2.0.0 OK: queued as ${this.deliver(envelope)}`);
    }
    const unstuffed = line.startsWith('.') ? line.slice(1) : line;
    state.bytes += unstuffed.length + 2;
    if (state.bytes <= MAX_MESSAGE_BYTES) state.lines.push(`${unstuffed}\r\n`);
    return { replies: [] };
  }

  private resetTransaction(): void {
    this.from = undefined;
    this.to = [];
  }

  private reply(...lines: string[]): SessionOutput {
    return { replies: lines };
  }
}
