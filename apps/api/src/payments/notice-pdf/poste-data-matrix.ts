import { assertPayableAmount, parseNoticeNumber, parseOrgFiscalCode } from '@sus/domain';
import { PaymentNoticeError } from './payment-notice';

export interface PosteDataMatrixData {
  noticeNumber: string;
  /** Conto corrente postale, up to 12 digits. */
  postalAccount: string;
  amountCents: number;
  creditorFiscalCode: string;
  debtorFiscalCode?: string;
  debtorName: string;
  subject: string;
}

/** Data Matrix text is plain ASCII in fixed-width fields: accents are dropped, other symbols become spaces. */
function ascii(value: string): string {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, ' ');
}

const field = (value: string, width: number): string => ascii(value).slice(0, width).padEnd(width, ' ');

/**
 * The 256-character content of the Poste Italiane Data Matrix on the "Bollettino Postale PA":
 * `codfase=NBPA;` + codeline (`18` notice `12` account `10` amount `3` `896`) + `1P1` + ente CF (11)
 * + debtor CF (16) + debtor name (40) + causale (110) + 12 spaces + `A`.
 *
 * UNVERIFIED against the normative text: the layout comes from pagoPA's own code (print-notice
 * service `generatePosteDataMatrix`, io-app `decodePosteDataMatrix`), not from Poste's "Manuale
 * della stampa in proprio", which was not read (../shared/reference/pagopa-io.md §2).
 */
export function posteDataMatrixPayload(data: PosteDataMatrixData): string {
  const { noticeNumber } = parseNoticeNumber(data.noticeNumber);
  const creditor = parseOrgFiscalCode(data.creditorFiscalCode);
  assertPayableAmount(data.amountCents);
  if (!/^\d{1,12}$/.test(data.postalAccount)) {
    throw new PaymentNoticeError(
      `A conto corrente postale has 1 to 12 digits; got "${data.postalAccount}".`,
      'creditor.postalAccount.number',
    );
  }
  const codeline =
    `18${noticeNumber}` +
    `12${data.postalAccount.padStart(12, '0')}` +
    `10${String(data.amountCents).padStart(10, '0')}` +
    '3896';
  return (
    'codfase=NBPA;' +
    codeline +
    '1P1' +
    field(creditor, 11) +
    field((data.debtorFiscalCode ?? '').toUpperCase(), 16) +
    field(data.debtorName, 40) +
    field(data.subject, 110) +
    ' '.repeat(12) +
    'A'
  );
}
