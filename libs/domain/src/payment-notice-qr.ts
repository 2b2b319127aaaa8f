import { DomainError, isDomainError } from './errors';
import { assertPayableAmount } from './money';
import { parseNoticeNumber } from './notice-number';
import { parseOrgFiscalCode } from './org-fiscal-code';

export interface PagoPaQrData {
  readonly noticeNumber: string;
  readonly orgFiscalCode: string;
  readonly amountCents: number;
}

/**
 * Text of the QR code printed on every avviso and instalment:
 * `PAGOPA|002|<notice number>|<ente fiscal code>|<amount in cents>`. The amount is written
 * without padding, as in the pagoPA guide's example and its print service.
 */
export function pagoPaQrPayload(data: PagoPaQrData): string {
  const { noticeNumber } = parseNoticeNumber(data.noticeNumber);
  const orgFiscalCode = parseOrgFiscalCode(data.orgFiscalCode);
  assertPayableAmount(data.amountCents);
  return `PAGOPA|002|${noticeNumber}|${orgFiscalCode}|${data.amountCents}`;
}

/** Reads a scanned payload; zero-padded amounts (as some printers write them) are accepted. */
export function parsePagoPaQrPayload(payload: string): PagoPaQrData {
  const fail = (reason: string, cause?: unknown): never => {
    throw new DomainError('INVALID_QR_PAYLOAD', `Not a pagoPA notice QR code: ${reason}.`, {
      payload,
      ...(isDomainError(cause) ? { causeCode: cause.code, cause: cause.message } : {}),
    });
  };
  const parts = typeof payload === 'string' ? payload.trim().split('|') : [];
  if (parts.length !== 5 || parts[0] !== 'PAGOPA') {
    return fail('expected PAGOPA|002|<notice number>|<ente fiscal code>|<amount in cents>');
  }
  const [, version, noticeNumber = '', orgFiscalCode = '', amount = ''] = parts;
  if (version !== '002') return fail(`version "${version}" is not supported, only 002`);
  if (!/^\d{1,11}$/.test(amount.replace(/^0+(?=\d)/, '')))
    return fail(`amount "${amount}" is not a number of cents`);
  try {
    const data = {
      noticeNumber: parseNoticeNumber(noticeNumber).noticeNumber,
      orgFiscalCode: parseOrgFiscalCode(orgFiscalCode),
      amountCents: Number(amount),
    };
    assertPayableAmount(data.amountCents);
    return data;
  } catch (error) {
    return fail(isDomainError(error) ? error.message : 'unreadable content', error);
  }
}
