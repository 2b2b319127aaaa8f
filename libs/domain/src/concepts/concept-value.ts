import { isValidCivilDate } from '../calendar/civil-date';
import { isValidFiscalCode } from '../fiscal-code';
import type { ConceptDefinition } from './concept-compatibility';

/** A value as stored in the case data (mirrors CaseValue; kept here so concepts need no procedures). */
export type ConceptValue = string | number | boolean | null;

/** Why a value does not fit its concept; stable, so a form can switch on it. */
export type ConceptValueProblemCode =
  | 'MISSING_VALUE'
  | 'WRONG_TYPE'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'PATTERN_MISMATCH'
  | 'NOT_INTEGER'
  | 'TOO_SMALL'
  | 'TOO_LARGE'
  | 'INVALID_DATE'
  | 'DATE_TOO_EARLY'
  | 'DATE_TOO_LATE'
  | 'NOT_ALLOWED_VALUE'
  | 'INVALID_FISCAL_CODE'
  | 'INVALID_EMAIL'
  | 'INVALID_PHONE'
  | 'BROKEN_CONCEPT';

export type ConceptValueCheck =
  | { ok: true; value: ConceptValue }
  | { ok: false; code: ConceptValueProblemCode; message: string; messageEn: string };

// Deliberately loose: the mailbox is proven by writing to it, not by a regular expression.
const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
/** E.164 allows at most 15 digits; 6 keeps short internal numbers out without excluding real ones. */
const phonePattern = /^\+?\d{6,15}$/;
const decimalPattern = /^[+-]?\d+([.,]\d+)?$/;
const integerPattern = /^[+-]?\d+$/;
const MAX_EMAIL_LENGTH = 254;

/** Characters as a person counts them (and as Postgres counts them), not UTF-16 units. */
function characterCount(text: string): number {
  return Array.from(text).length;
}

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

/**
 * Checks one submitted value against its Business Catalog concept and returns it normalised
 * (texts trimmed, fiscal codes upper case, phone numbers without separators, numbers from their
 * text form). Messages start with the field's label. A blank value is MISSING_VALUE: whether that matters is the form's decision.
 */
export function checkConceptValue(
  definition: ConceptDefinition,
  raw: unknown,
  /** What the form calls the field (e.g. "Nome del primo sposo"); the concept's label otherwise. */
  label?: { it: string; en?: string | null },
): ConceptValueCheck {
  const labelIt = label?.it ?? definition.label.it;
  const labelEn = label?.en ?? (label ? label.it : (definition.label.en ?? definition.label.it));
  const fail = (code: ConceptValueProblemCode, it: string, en: string): ConceptValueCheck => ({
    ok: false,
    code,
    message: `${labelIt}: ${it}`,
    messageEn: `${labelEn}: ${en}`,
  });
  const bounds = definition.validation;

  if (isBlank(raw)) return fail('MISSING_VALUE', 'manca il valore.', 'the value is missing.');

  const checkText = (text: string): ConceptValueCheck | null => {
    const length = characterCount(text);
    if (bounds.minLength != null && length < bounds.minLength) {
      return fail(
        'TOO_SHORT',
        `servono almeno ${bounds.minLength} caratteri (ne ha ${length}).`,
        `at least ${bounds.minLength} characters are needed (it has ${length}).`,
      );
    }
    if (bounds.maxLength != null && length > bounds.maxLength) {
      return fail(
        'TOO_LONG',
        `al massimo ${bounds.maxLength} caratteri (ne ha ${length}).`,
        `at most ${bounds.maxLength} characters (it has ${length}).`,
      );
    }
    if (bounds.pattern != null && bounds.pattern !== '') {
      let pattern: RegExp;
      try {
        pattern = new RegExp(`^(?:${bounds.pattern})$`);
      } catch {
        // A broken concept must not let values through unchecked, nor blame the citizen.
        return fail(
          'BROKEN_CONCEPT',
          "la regola di validazione del dato nel catalogo non è valida: avvisare l'ufficio.",
          'the catalogue rule that checks this value is broken: tell the office.',
        );
      }
      if (!pattern.test(text)) {
        return fail(
          'PATTERN_MISMATCH',
          'il valore non ha il formato richiesto.',
          'the value does not have the required format.',
        );
      }
    }
    return null;
  };

  const checkNumberBounds = (value: number, unit: (n: number) => string): ConceptValueCheck | null => {
    if (bounds.minValue != null && value < bounds.minValue) {
      return fail(
        'TOO_SMALL',
        `il valore minimo è ${unit(bounds.minValue)}.`,
        `the minimum is ${unit(bounds.minValue)}.`,
      );
    }
    if (bounds.maxValue != null && value > bounds.maxValue) {
      return fail(
        'TOO_LARGE',
        `il valore massimo è ${unit(bounds.maxValue)}.`,
        `the maximum is ${unit(bounds.maxValue)}.`,
      );
    }
    return null;
  };

  switch (definition.type) {
    case 'text':
    case 'address':
    case 'document': {
      if (typeof raw !== 'string') return fail('WRONG_TYPE', 'serve un testo.', 'a text is expected.');
      const text = raw.trim();
      return checkText(text) ?? { ok: true, value: text };
    }
    case 'enum': {
      if (typeof raw !== 'string')
        return fail('WRONG_TYPE', 'serve uno dei valori ammessi.', 'one of the allowed values is expected.');
      const text = raw.trim();
      if (!definition.enumValues.includes(text)) {
        const allowed = definition.enumValues.join(', ');
        return fail('NOT_ALLOWED_VALUE', `valori ammessi: ${allowed}.`, `allowed values: ${allowed}.`);
      }
      return { ok: true, value: text };
    }
    case 'fiscalCode': {
      if (typeof raw !== 'string')
        return fail('WRONG_TYPE', 'serve un codice fiscale.', 'a fiscal code is expected.');
      const code = raw.trim().toUpperCase();
      if (!isValidFiscalCode(code)) {
        return fail(
          'INVALID_FISCAL_CODE',
          `"${code}" non è un codice fiscale valido: controllare ogni carattere.`,
          `"${code}" is not a valid codice fiscale: check every character.`,
        );
      }
      return checkText(code) ?? { ok: true, value: code };
    }
    case 'email': {
      if (typeof raw !== 'string')
        return fail('WRONG_TYPE', 'serve un indirizzo e-mail.', 'an e-mail address is expected.');
      const email = raw.trim();
      if (characterCount(email) > MAX_EMAIL_LENGTH || !emailPattern.test(email)) {
        return fail(
          'INVALID_EMAIL',
          `"${email}" non è un indirizzo e-mail valido.`,
          `"${email}" is not a valid e-mail address.`,
        );
      }
      return checkText(email) ?? { ok: true, value: email };
    }
    case 'phone': {
      if (typeof raw !== 'string')
        return fail('WRONG_TYPE', 'serve un numero di telefono.', 'a phone number is expected.');
      const phone = raw.trim().replace(/[\s().-]/g, '');
      if (!phonePattern.test(phone)) {
        return fail(
          'INVALID_PHONE',
          'numero di telefono non valido: solo cifre, con un "+" iniziale per il prefisso internazionale.',
          'invalid phone number: digits only, with a leading "+" for the country code.',
        );
      }
      return checkText(phone) ?? { ok: true, value: phone };
    }
    case 'number': {
      let value: number;
      if (typeof raw === 'number') value = raw;
      else if (typeof raw === 'string' && decimalPattern.test(raw.trim()))
        value = Number(raw.trim().replace(',', '.'));
      else return fail('WRONG_TYPE', 'serve un numero.', 'a number is expected.');
      if (!Number.isFinite(value)) return fail('WRONG_TYPE', 'serve un numero.', 'a number is expected.');
      return checkNumberBounds(value, String) ?? { ok: true, value };
    }
    case 'money': {
      let cents: number;
      if (typeof raw === 'number') cents = raw;
      else if (typeof raw === 'string' && integerPattern.test(raw.trim())) cents = Number(raw.trim());
      else
        return fail(
          'WRONG_TYPE',
          'serve un importo in centesimi di euro.',
          'an amount in euro cents is expected.',
        );
      if (!Number.isSafeInteger(cents)) {
        return fail(
          'NOT_INTEGER',
          "l'importo va indicato in centesimi interi.",
          'the amount must be a whole number of cents.',
        );
      }
      const euro = (n: number) => `${(n / 100).toFixed(2)} €`;
      return checkNumberBounds(cents, euro) ?? { ok: true, value: cents };
    }
    case 'date': {
      if (typeof raw !== 'string')
        return fail('WRONG_TYPE', 'serve una data (AAAA-MM-GG).', 'a date (YYYY-MM-DD) is expected.');
      const date = raw.trim();
      if (!isValidCivilDate(date)) {
        return fail(
          'INVALID_DATE',
          `"${date}" non è una data del calendario (AAAA-MM-GG).`,
          `"${date}" is not a calendar date (YYYY-MM-DD).`,
        );
      }
      // ISO dates of four-digit years sort as text.
      if (bounds.minDate != null && date < bounds.minDate) {
        return fail(
          'DATE_TOO_EARLY',
          `la data non può essere prima del ${bounds.minDate}.`,
          `the date cannot be before ${bounds.minDate}.`,
        );
      }
      if (bounds.maxDate != null && date > bounds.maxDate) {
        return fail(
          'DATE_TOO_LATE',
          `la data non può essere dopo il ${bounds.maxDate}.`,
          `the date cannot be after ${bounds.maxDate}.`,
        );
      }
      return { ok: true, value: date };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return fail('WRONG_TYPE', 'serve sì o no (true/false).', 'yes or no (true/false) is expected.');
    }
  }
}
