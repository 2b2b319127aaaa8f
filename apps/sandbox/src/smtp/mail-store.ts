import { randomUUID } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { type PersistentState, StateRegistry } from '../state/persistent-state';
import { type ParsedMail, parseMail } from './mail-parser';
import type { Envelope } from './smtp-session';

export interface StoredMail extends ParsedMail {
  id: string;
  receivedAt: string;
  /** What SMTP said, which may differ from the headers (Bcc recipients only show here). */
  envelope: { from: string; to: string[] };
  clientName: string;
  size: number;
}

/** Every e-mail the catch-all received, in memory, newest first. */
@Injectable()
export class MailStore implements PersistentState {
  private readonly mails: { mail: StoredMail; raw: Buffer }[] = [];
  private perRecipient: Record<string, number> = {};

  constructor(@Optional() private readonly state?: StateRegistry) {}

  add(envelope: Envelope): StoredMail {
    const mail: StoredMail = {
      id: randomUUID(),
      receivedAt: new Date().toISOString(),
      envelope: { from: envelope.from, to: [...envelope.to] },
      clientName: envelope.clientName,
      size: envelope.raw.length,
      ...parseMail(envelope.raw),
    };
    this.mails.unshift({ mail, raw: envelope.raw });
    for (const address of new Set(envelope.to.map((to) => to.toLowerCase())))
      this.perRecipient[address] = (this.perRecipient[address] ?? 0) + 1;
    // Mail arrives over SMTP, not HTTP: the state file would not notice it otherwise.
    this.state?.changed();
    return mail;
  }

  /** Newest first; `to` matches any envelope recipient, case-insensitively. */
  list(to?: string): StoredMail[] {
    const wanted = to?.toLowerCase();
    return this.mails
      .map(({ mail }) => mail)
      .filter(
        (mail) =>
          wanted === undefined || mail.envelope.to.some((address) => address.toLowerCase() === wanted),
      )
      .map((mail) => structuredClone(mail));
  }

  raw(id: string): Buffer | undefined {
    return this.mails.find(({ mail }) => mail.id === id)?.raw;
  }

  counters() {
    return { received: this.mails.length, perRecipient: { ...this.perRecipient } };
  }

  clear(): void {
    this.mails.length = 0;
    this.perRecipient = {};
  }

  exportState(): { mails: { mail: StoredMail; raw: Buffer }[]; perRecipient: Record<string, number> } {
    return { mails: this.mails, perRecipient: this.perRecipient };
  }

  importState(state: {
    mails: { mail: StoredMail; raw: Buffer }[];
    perRecipient: Record<string, number>;
  }): void {
    this.mails.length = 0;
    this.mails.push(...state.mails);
    this.perRecipient = { ...state.perRecipient };
  }
}
