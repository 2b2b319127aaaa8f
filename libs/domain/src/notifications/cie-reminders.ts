import {
  civilDateParts,
  daysBetween,
  formatCivilDate,
  formatItalianDate,
  type CivilDate,
} from '../calendar/civil-date';
import { DomainError, type DomainErrorCode, type FieldProblem } from '../errors';
import { isValidFiscalCode } from '../fiscal-code';
import type { MessageTemplateText } from './message-content';

/*
 * Identity-card (CIE) expiry reminders: which card of a population-register extract gets which
 * reminder on a given civil day in Italy. Pure rules; the worker's daily run asks them.
 */

/** Days before expiry the reminders go out when the ente sets nothing else. */
export const DEFAULT_REMINDER_THRESHOLDS: readonly number[] = [90, 30];
/** A card is renewable from 180 days before expiry: a reminder earlier than that asks for the impossible. */
export const MAX_REMINDER_THRESHOLD_DAYS = 180;
export const MAX_REMINDER_THRESHOLDS = 4;

/**
 * The thresholds as the rules use them: whole days 1–180, distinct, at most four, most distant
 * first. Anything else is refused whole (INVALID_REMINDER_THRESHOLDS, field `thresholds`).
 */
export function checkReminderThresholds(days: readonly number[]): number[] {
  const refuse = (message: string): never => {
    throw new DomainError('INVALID_REMINDER_THRESHOLDS', message, { field: 'thresholds', thresholds: days });
  };
  if (!Array.isArray(days) || days.length === 0)
    refuse('Give at least one reminder threshold (days before expiry).');
  if (days.length > MAX_REMINDER_THRESHOLDS)
    refuse(`At most ${MAX_REMINDER_THRESHOLDS} reminder thresholds.`);
  for (const day of days) {
    if (!Number.isInteger(day) || day < 1 || day > MAX_REMINDER_THRESHOLD_DAYS) {
      refuse(
        `A reminder threshold is a whole number of days from 1 to ${MAX_REMINDER_THRESHOLD_DAYS}; got ${day}.`,
      );
    }
  }
  if (new Set(days).size !== days.length) refuse('Each reminder threshold may appear once.');
  return [...days].sort((a, b) => b - a);
}

/**
 * The threshold whose reminder a card gets on `today` (Rome civil date), or null.
 *
 * - The reminder due is the most urgent threshold already reached (days left ≤ threshold). A run
 *   that was missed (reminders paused, an outage) therefore catches up with the reminder that is
 *   still true: a card whose 90-day threshold passed while paused gets the 90-day reminder only
 *   while it is more than 30 days from expiry; after that it gets the 30-day one alone. A card
 *   imported 50 days from expiry gets the 90-day reminder at once.
 * - Never twice for a threshold, and never a less urgent reminder after a more urgent one (the
 *   ente may change its thresholds between runs).
 * - Nothing once the card has expired: the reminder would announce a date already gone.
 *
 * `sent` are the thresholds already sent for this card and this expiry date (a renewed card, with
 * a new expiry, starts again with none).
 */
export function dueReminderThreshold(
  expiryDate: CivilDate,
  today: CivilDate,
  thresholds: readonly number[],
  sent: readonly number[],
): number | null {
  const daysLeft = daysBetween(today, expiryDate);
  if (daysLeft < 0) return null;
  const reached = thresholds.filter((threshold) => daysLeft <= threshold);
  if (reached.length === 0) return null;
  const due = Math.min(...reached);
  if (sent.some((threshold) => threshold <= due)) return null;
  return due;
}

/** One line of a population-register extract, as read from the file (all text, maybe blank). */
export interface IdentityDocumentLine {
  line: number;
  fiscalCode: string;
  documentNumber: string;
  expiryDate: string;
  email: string;
}

export interface IdentityDocumentRow {
  line: number;
  fiscalCode: string;
  /** Upper case, no blanks. */
  documentNumber: string;
  expiryDate: CivilDate;
  email: string | null;
}

export interface IdentityDocumentRejection extends FieldProblem {
  line: number;
}

// CIE 3.0 numbers are CA00000AA; paper cards AA1234567; registers may hold older formats too.
const documentNumberPattern = /^[A-Z0-9]{5,20}$/;
// The address form App IO and SMTP servers accept; a stricter check belongs to the mail server.
const emailPattern = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/;
const italianDatePattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** ISO YYYY-MM-DD or the Italian dd/mm/yyyy register exports use; null when neither is a real day. */
export function parseRegisterDate(text: string): CivilDate | null {
  const value = text.trim();
  try {
    const italian = italianDatePattern.exec(value);
    if (italian) {
      return formatCivilDate({
        year: Number(italian[3]),
        month: Number(italian[2]),
        day: Number(italian[1]),
      });
    }
    civilDateParts(value);
    return value;
  } catch {
    return null;
  }
}

/** Checks one line; every problem of the line is reported, the line is written only without any. */
export function checkIdentityDocumentLine(
  input: IdentityDocumentLine,
):
  | { row: IdentityDocumentRow; problems?: undefined }
  | { row?: undefined; problems: IdentityDocumentRejection[] } {
  const problems: IdentityDocumentRejection[] = [];
  const problem = (field: string, code: DomainErrorCode, message: string) =>
    problems.push({ line: input.line, field, code, message });

  const fiscalCode = input.fiscalCode.trim().toUpperCase();
  if (fiscalCode === '') problem('fiscal_code', 'BAD_USER_INPUT', 'The fiscal code is required.');
  else if (!isValidFiscalCode(fiscalCode) || fiscalCode.length !== 16) {
    problem('fiscal_code', 'INVALID_FISCAL_CODE', `"${fiscalCode}" is not a person's fiscal code.`);
  }

  const documentNumber = input.documentNumber.replace(/\s+/g, '').toUpperCase();
  if (documentNumber === '') problem('document_number', 'BAD_USER_INPUT', 'The document number is required.');
  else if (!documentNumberPattern.test(documentNumber)) {
    problem(
      'document_number',
      'INVALID_DOCUMENT_NUMBER',
      `"${documentNumber}" is not a document number (5–20 letters and digits, e.g. CA00000AA).`,
    );
  }

  const expiryText = input.expiryDate.trim();
  const expiryDate = expiryText === '' ? null : parseRegisterDate(expiryText);
  if (expiryText === '') problem('expiry_date', 'BAD_USER_INPUT', 'The expiry date is required.');
  else if (expiryDate === null) {
    problem(
      'expiry_date',
      'INVALID_DATE',
      `"${expiryText}" is not a day of the calendar (YYYY-MM-DD or dd/mm/yyyy).`,
    );
  }

  const email = input.email.trim();
  if (email !== '' && (email.length > 254 || !emailPattern.test(email))) {
    problem('email', 'INVALID_EMAIL', `"${email}" is not an e-mail address.`);
  }

  if (problems.length > 0) return { problems };
  return {
    row: {
      line: input.line,
      fiscalCode,
      documentNumber,
      expiryDate: expiryDate!,
      email: email === '' ? null : email,
    },
  };
}

/**
 * Every occurrence of a document number that appears on more than one line is rejected: the
 * extract contradicts itself, and writing either line could be the wrong one.
 */
export function rejectDuplicateDocuments(rows: readonly IdentityDocumentRow[]): {
  rows: IdentityDocumentRow[];
  rejected: IdentityDocumentRejection[];
} {
  const linesOf = new Map<string, number[]>();
  for (const row of rows)
    linesOf.set(row.documentNumber, [...(linesOf.get(row.documentNumber) ?? []), row.line]);
  const kept: IdentityDocumentRow[] = [];
  const rejected: IdentityDocumentRejection[] = [];
  for (const row of rows) {
    const lines = linesOf.get(row.documentNumber)!;
    if (lines.length === 1) kept.push(row);
    else {
      rejected.push({
        line: row.line,
        field: 'document_number',
        code: 'DUPLICATE_DOCUMENT',
        message: `Document ${row.documentNumber} appears on lines ${lines.join(', ')}; none of them is imported.`,
      });
    }
  }
  return { rows: kept, rejected };
}

/** The event key of the ente's own reminder template (saveMessageTemplate), if it writes one. */
export const CIE_REMINDER_TEMPLATE_KEY = 'cie.expiry-reminder';

/**
 * The text used when the ente has no template of its own. Variables: `expiryDate` (dd/mm/yyyy),
 * `daysLeft`, `documentNumber`, `bookingUrl`.
 */
export const DEFAULT_CIE_REMINDER_TEMPLATE: MessageTemplateText = {
  it: {
    subject: 'La tua carta di identità scade il {{expiryDate}}',
    markdown:
      'La tua carta di identità elettronica n. {{documentNumber}} scade il **{{expiryDate}}** ' +
      '(tra {{daysLeft}} giorni).\n\nPer rinnovarla prenota un appuntamento allo sportello anagrafe: ' +
      '[prenota il rinnovo]({{bookingUrl}}).\n\nPorta con te la carta attuale e una fototessera recente.',
  },
  en: {
    subject: 'Your identity card expires on {{expiryDate}}',
    markdown:
      'Your electronic identity card no. {{documentNumber}} expires on **{{expiryDate}}** ' +
      '(in {{daysLeft}} days).\n\nTo renew it, book an appointment at the registry office: ' +
      '[book the renewal]({{bookingUrl}}).\n\nBring your current card and a recent passport photo.',
  },
};

/** The template variables of one reminder. */
export function cieReminderVariables(input: {
  documentNumber: string;
  expiryDate: CivilDate;
  today: CivilDate;
  bookingUrl: string;
}): Record<string, string> {
  return {
    documentNumber: input.documentNumber,
    expiryDate: formatItalianDate(input.expiryDate),
    daysLeft: String(daysBetween(input.today, input.expiryDate)),
    bookingUrl: input.bookingUrl,
  };
}

/**
 * Where a reminder sends the citizen to book the new card: the ente's own booking address when it
 * set one (e.g. the Ministry's CIE agenda), else SUS's booking page of the ente's CIE service on
 * the portal (`<portal>/prenotazioni/<ente>/servizio/<service>`, the shape of the voluntary
 * payments' entry links), else the ente's booking page; with the ente's bookable resource for
 * the card (e.g. Trieste's `UFFICIO-CIE`), the page opens on that resource's free slots
 * (`?risorsa=<code>`).
 */
export function cieBookingUrl(input: {
  portalUrl: string;
  enteCode: string;
  serviceCode: string | null;
  bookingUrl: string | null;
  bookingResourceCode?: string | null;
}): string {
  if (input.bookingUrl) return input.bookingUrl;
  const base = `${input.portalUrl.replace(/\/$/, '')}/prenotazioni/${encodeURIComponent(input.enteCode)}`;
  const page = input.serviceCode ? `${base}/servizio/${encodeURIComponent(input.serviceCode)}` : base;
  return input.bookingResourceCode
    ? `${page}?risorsa=${encodeURIComponent(input.bookingResourceCode)}`
    : page;
}
