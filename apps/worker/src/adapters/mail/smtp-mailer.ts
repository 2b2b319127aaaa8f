import { createTransport, type Transporter } from 'nodemailer';

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
  /** `smtp://[user:pass@]host:port` (plain or STARTTLS) or `smtps://…` (implicit TLS). */
  url: string;
  from: string;
  timeoutMs?: number;
}

/** What nodemailer attaches to an SMTP failure. */
interface SmtpFailure {
  message?: string;
  code?: string;
  /** The SMTP reply code, when the server answered. */
  responseCode?: number;
  /** The command the failure answered (CONN, EHLO, AUTH PLAIN, MAIL FROM, RCPT TO, DATA, …). */
  command?: string;
}

/** Failures that happen before the message is handed over: the server cannot have it. */
const BEFORE_DATA = ['ECONNECTION', 'EDNS', 'ETLS', 'EAUTH', 'EENVELOPE', 'ENOAUTH', 'EPROTOCOL'];

/** The e-mail fallback over SMTP (nodemailer), one connection per mail. */
export class SmtpMailer implements MailSender {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    const timeout = options.timeoutMs ?? 15_000;
    this.transport = createTransport({
      url: options.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    } as Parameters<typeof createTransport>[0]);
  }

  async send(message: MailMessage): Promise<MailSubmission> {
    try {
      await this.transport.sendMail({
        from: this.options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        messageId: message.messageId,
      });
      return { outcome: 'sent' };
    } catch (error) {
      return classify(error as SmtpFailure);
    }
  }
}

/** A refusal is final (5xx) or worth a retry (4xx); a lost connection during or after DATA is unknown. */
export function classify(failure: SmtpFailure): MailSubmission {
  const reason = failure.message ?? String(failure.code ?? 'SMTP failure');
  if (failure.responseCode !== undefined && failure.responseCode >= 400)
    return { outcome: 'notSent', reason, permanent: failure.responseCode >= 500 };
  const command = (failure.command ?? '').toUpperCase();
  if (BEFORE_DATA.includes(failure.code ?? '') || (command !== '' && !command.startsWith('DATA')))
    return { outcome: 'notSent', reason, permanent: false };
  return { outcome: 'unknown', reason };
}
