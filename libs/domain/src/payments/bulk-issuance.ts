import { parseFiscalCode } from '../fiscal-code';
import { isValidOrgFiscalCode } from '../org-fiscal-code';
import { isValidIban } from '../iban';
import { isValidTaxonomyCode } from '../taxonomy-code';
import { MAX_PAYABLE_CENTS } from '../money';
import { isValidCivilDate, type CivilDate } from '../calendar/civil-date';

/**
 * Bulk issuance ("bollettazione massiva"): the rules for one line of a finance office's file.
 * One row per payment option; rows sharing `position_id` form one debt position. The file's
 * first columns are exactly BULK_COLUMNS; up to five transfers may follow as
 * `transfer_<n>_iban,transfer_<n>_amount,transfer_<n>_accounting_ref`.
 */
export const BULK_COLUMNS = [
  'position_id',
  'payer_type',
  'payer_fiscal_code',
  'payer_name',
  'payer_email',
  'description',
  'taxonomy_code',
  'accounting_ref',
  'instalment_number',
  'amount',
  'due_date',
] as const;

export const BULK_MAX_TRANSFERS = 5;
export const BULK_MAX_INSTALMENTS = 12;
const TRANSFER_FIELDS = ['iban', 'amount', 'accounting_ref'] as const;

/** Codes of the error report (`line,position_id,field,code,message`); scripts switch on them. */
export type BulkLineErrorCode =
  | 'MISSING_VALUE'
  | 'VALUE_TOO_LONG'
  | 'INVALID_POSITION_ID'
  | 'INVALID_PAYER_TYPE'
  | 'INVALID_FISCAL_CODE'
  | 'INVALID_ORG_FISCAL_CODE'
  | 'INVALID_EMAIL'
  | 'INVALID_TAXONOMY_CODE'
  | 'UNKNOWN_TAXONOMY_CODE'
  | 'INVALID_INSTALMENT_NUMBER'
  | 'INVALID_AMOUNT'
  | 'AMOUNT_NOT_POSITIVE'
  | 'TOO_MANY_DECIMALS'
  | 'INVALID_DATE'
  | 'DUE_DATE_PAST'
  | 'INVALID_IBAN'
  | 'TRANSFERS_DO_NOT_ADD_UP'
  | 'COLUMN_COUNT'
  // Whole-file problems, reported on the line where they show.
  | 'INVALID_HEADER'
  | 'FILE_TRUNCATED'
  | 'FILE_TOO_LARGE'
  | 'EMPTY_FILE'
  // Position-level problems, found once every line of the file is read.
  | 'DUPLICATE_INSTALMENT'
  | 'INSTALMENTS_DO_NOT_ADD_UP'
  | 'INSTALMENTS_WITHOUT_TOTAL'
  | 'INSTALMENT_GAP'
  | 'POSITION_INCONSISTENT'
  | 'POSITION_REJECTED'
  | 'DUPLICATE_POSITION';

export interface BulkLineError {
  field: string;
  code: BulkLineErrorCode;
  message: string;
}

export interface BulkTransfer {
  iban: string;
  amountCents: number;
  accountingRef: string | null;
}

/** A valid line, normalised. */
export interface BulkLine {
  positionId: string;
  payerType: 'F' | 'G';
  payerFiscalCode: string;
  payerName: string;
  payerEmail: string | null;
  description: string;
  taxonomyCode: string;
  accountingRef: string | null;
  /** 0 for the single payment, 1..12 for instalments. */
  instalmentNumber: number;
  amountCents: number;
  dueDate: CivilDate;
  transfers: BulkTransfer[];
}

export interface BulkHeader {
  /** How many transfer groups follow the fixed columns (0..5). */
  transfers: number;
  columns: number;
}

/** Checks the header; answers the column layout or the problem (INVALID_HEADER). */
export function readBulkHeader(fields: readonly string[]): BulkHeader | BulkLineError {
  const names = fields.map((field, index) => (index === 0 ? field.replace(/^\uFEFF/, '') : field).trim());
  for (const [index, expected] of BULK_COLUMNS.entries()) {
    if (names[index] !== expected) {
      return {
        field: expected,
        code: 'INVALID_HEADER',
        message:
          names[index] === undefined
            ? `Column ${index + 1} must be "${expected}"; the header stops before it. Expected: ${BULK_COLUMNS.join(',')}.`
            : `Column ${index + 1} must be "${expected}", found "${names[index]}". Expected: ${BULK_COLUMNS.join(',')}.`,
      };
    }
  }
  const extra = names.slice(BULK_COLUMNS.length);
  if (extra.length % 3 !== 0 || extra.length / 3 > BULK_MAX_TRANSFERS) {
    return {
      field: extra[0] ?? '',
      code: 'INVALID_HEADER',
      message: `After due_date only up to ${BULK_MAX_TRANSFERS} groups transfer_<n>_iban,transfer_<n>_amount,transfer_<n>_accounting_ref may follow.`,
    };
  }
  for (let group = 0; group < extra.length / 3; group++) {
    for (const [offset, suffix] of TRANSFER_FIELDS.entries()) {
      const expected = `transfer_${group + 1}_${suffix}`;
      const found = extra[group * 3 + offset];
      if (found !== expected) {
        return {
          field: found ?? expected,
          code: 'INVALID_HEADER',
          message: `Column ${BULK_COLUMNS.length + group * 3 + offset + 1} must be "${expected}", found "${found}".`,
        };
      }
    }
  }
  return { transfers: extra.length / 3, columns: names.length };
}

export type AmountReading = { cents: number } | BulkLineError;

/**
 * An amount as finance offices write it in these files: `1234,56` or `1234.56` (no thousands
 * separators, at most two decimals). Zero and negative amounts are refused with their own code.
 */
export function readBulkAmount(field: string, raw: string): AmountReading {
  const value = raw.trim();
  if (value === '') return { field, code: 'MISSING_VALUE', message: `${field} is required.` };
  const match = /^([-+]?)(\d{1,12})(?:[.,](\d+))?$/.exec(value);
  if (match === null) {
    return {
      field,
      code: 'INVALID_AMOUNT',
      message: `"${value}" is not an amount in euro: write digits with "," or "." before the cents, e.g. 1234,56.`,
    };
  }
  const [, sign, whole = '', decimals = ''] = match;
  if (decimals.length > 2) {
    return {
      field,
      code: 'TOO_MANY_DECIMALS',
      message: `"${value}" has more than two decimals; amounts are in euro and cents.`,
    };
  }
  const cents = Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
  if (sign === '-' || cents === 0) {
    return {
      field,
      code: 'AMOUNT_NOT_POSITIVE',
      message: `${field} must be more than zero; got "${value}".`,
    };
  }
  if (cents > MAX_PAYABLE_CENTS) {
    return { field, code: 'INVALID_AMOUNT', message: `"${value}" is more than pagoPA's 999999999,99 €.` };
  }
  return { cents };
}

const positionIdShape = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,34}$/;
// Deliberately loose: the mailbox is the payer's, pagoPA and App IO check it again.
const emailShape = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

export interface BulkLineRules {
  /** Whether a syntactically valid taxonomy code is in the official pagoPA taxonomy. */
  knownTaxonomy: (code: string) => boolean;
  /** Today in Europe/Rome: due dates before it are refused. */
  today: CivilDate;
}

/**
 * Validates one line's fields (already split, in the header's layout): the line normalised, or
 * every problem found on it, each with its column.
 */
export function validateBulkLine(
  fields: readonly string[],
  header: BulkHeader,
  rules: BulkLineRules,
): { line: BulkLine } | { errors: BulkLineError[] } {
  if (fields.length !== header.columns) {
    return {
      errors: [
        {
          field: '',
          code: 'COLUMN_COUNT',
          message: `The line has ${fields.length} columns; the header has ${header.columns}.`,
        },
      ],
    };
  }
  const errors: BulkLineError[] = [];
  const required = (index: number, max: number): string => {
    const name = BULK_COLUMNS[index]!;
    const value = fields[index]!.trim();
    if (value === '') errors.push({ field: name, code: 'MISSING_VALUE', message: `${name} is required.` });
    else if (value.length > max)
      errors.push({
        field: name,
        code: 'VALUE_TOO_LONG',
        message: `${name} has ${value.length} characters; at most ${max}.`,
      });
    return value;
  };
  const optional = (index: number, max: number): string | null => {
    const value = fields[index]!.trim();
    if (value.length > max) {
      const name = BULK_COLUMNS[index]!;
      errors.push({
        field: name,
        code: 'VALUE_TOO_LONG',
        message: `${name} has ${value.length} characters; at most ${max}.`,
      });
    }
    return value === '' ? null : value;
  };

  const positionId = fields[0]!.trim();
  if (positionId === '')
    errors.push({ field: 'position_id', code: 'MISSING_VALUE', message: 'position_id is required.' });
  else if (!positionIdShape.test(positionId))
    errors.push({
      field: 'position_id',
      code: 'INVALID_POSITION_ID',
      message: 'position_id: 1 to 35 letters, digits and . _ / - (starting with a letter or digit).',
    });

  const payerType = fields[1]!.trim().toUpperCase();
  if (payerType !== 'F' && payerType !== 'G')
    errors.push({
      field: 'payer_type',
      code: 'INVALID_PAYER_TYPE',
      message: 'payer_type is F (a person) or G (a company or body).',
    });

  const payerFiscalCode = fields[2]!.trim().toUpperCase();
  if (payerFiscalCode === '')
    errors.push({
      field: 'payer_fiscal_code',
      code: 'MISSING_VALUE',
      message: 'payer_fiscal_code is required.',
    });
  else if (
    payerType === 'G'
      ? !isValidOrgFiscalCode(payerFiscalCode)
      : !isPersonFiscalCode(payerFiscalCode, rules.today)
  )
    errors.push(
      payerType === 'G'
        ? {
            field: 'payer_fiscal_code',
            code: 'INVALID_ORG_FISCAL_CODE',
            message: `"${payerFiscalCode}" is not the fiscal code of a company or body (11 digits, check digit).`,
          }
        : {
            field: 'payer_fiscal_code',
            code: 'INVALID_FISCAL_CODE',
            message: `"${payerFiscalCode}" is not a valid codice fiscale.`,
          },
    );

  const payerName = required(3, 70);
  const payerEmail = optional(4, 254);
  if (payerEmail !== null && !emailShape.test(payerEmail))
    errors.push({
      field: 'payer_email',
      code: 'INVALID_EMAIL',
      message: `"${payerEmail}" is not an e-mail address.`,
    });
  const description = required(5, 140);

  const taxonomyCode = fields[6]!.trim().toUpperCase();
  if (taxonomyCode === '')
    errors.push({ field: 'taxonomy_code', code: 'MISSING_VALUE', message: 'taxonomy_code is required.' });
  else if (!isValidTaxonomyCode(taxonomyCode))
    errors.push({
      field: 'taxonomy_code',
      code: 'INVALID_TAXONOMY_CODE',
      message: `"${taxonomyCode}" is not a pagoPA taxonomy code (e.g. 9/0101108IM/).`,
    });
  else if (!rules.knownTaxonomy(taxonomyCode))
    errors.push({
      field: 'taxonomy_code',
      code: 'UNKNOWN_TAXONOMY_CODE',
      message: `"${taxonomyCode}" is not in the official pagoPA taxonomy.`,
    });

  const accountingRef = optional(7, 64);

  const instalmentRaw = fields[8]!.trim();
  let instalmentNumber = 0;
  if (instalmentRaw !== '') {
    instalmentNumber = /^\d{1,2}$/.test(instalmentRaw) ? Number(instalmentRaw) : -1;
    if (instalmentNumber < 1 || instalmentNumber > BULK_MAX_INSTALMENTS)
      errors.push({
        field: 'instalment_number',
        code: 'INVALID_INSTALMENT_NUMBER',
        message: `instalment_number is empty for the single payment or 1 to ${BULK_MAX_INSTALMENTS}; got "${instalmentRaw}".`,
      });
  }

  const amount = readBulkAmount('amount', fields[9]!);
  if ('code' in amount) errors.push(amount);

  const dueDate = fields[10]!.trim();
  if (dueDate === '')
    errors.push({ field: 'due_date', code: 'MISSING_VALUE', message: 'due_date is required.' });
  else if (!isValidCivilDate(dueDate))
    errors.push({
      field: 'due_date',
      code: 'INVALID_DATE',
      message: `"${dueDate}" is not a day of the calendar as YYYY-MM-DD.`,
    });
  else if (dueDate < rules.today)
    errors.push({ field: 'due_date', code: 'DUE_DATE_PAST', message: `The due date ${dueDate} has passed.` });

  const transfers: BulkTransfer[] = [];
  for (let group = 0; group < header.transfers; group++) {
    const at = BULK_COLUMNS.length + group * 3;
    const iban = fields[at]!.replace(/\s+/g, '').toUpperCase();
    const amountRaw = fields[at + 1]!;
    const ref = fields[at + 2]!.trim();
    if (iban === '' && amountRaw.trim() === '' && ref === '') continue;
    const name = `transfer_${group + 1}`;
    if (!isValidIban(iban))
      errors.push({ field: `${name}_iban`, code: 'INVALID_IBAN', message: `"${iban}" is not a valid IBAN.` });
    const transferAmount = readBulkAmount(`${name}_amount`, amountRaw);
    if ('code' in transferAmount) errors.push(transferAmount);
    if (ref.length > 64)
      errors.push({
        field: `${name}_accounting_ref`,
        code: 'VALUE_TOO_LONG',
        message: `${name}_accounting_ref has ${ref.length} characters; at most 64.`,
      });
    transfers.push({
      iban,
      amountCents: 'cents' in transferAmount ? transferAmount.cents : 0,
      accountingRef: ref || null,
    });
  }
  if (transfers.length > 0 && 'cents' in amount && errors.length === 0) {
    const total = transfers.reduce((sum, transfer) => sum + transfer.amountCents, 0);
    if (total !== amount.cents)
      errors.push({
        field: 'transfer_1_amount',
        code: 'TRANSFERS_DO_NOT_ADD_UP',
        message: `The transfers add up to ${total} cents; the amount is ${amount.cents}.`,
      });
  }

  if (errors.length > 0) return { errors };
  return {
    line: {
      positionId,
      payerType: payerType as 'F' | 'G',
      payerFiscalCode,
      payerName,
      payerEmail,
      description,
      taxonomyCode,
      accountingRef,
      instalmentNumber,
      amountCents: (amount as { cents: number }).cents,
      dueDate,
      transfers,
    },
  };
}

/** Like isValidFiscalCode, with the day given: reading the clock per line was most of the time of a 10,000-line file. */
function isPersonFiscalCode(code: string, today: CivilDate): boolean {
  try {
    parseFiscalCode(code, { referenceDate: today });
    return true;
  } catch {
    return false;
  }
}
