import fc from 'fast-check';
import {
  buildNoticeNumber,
  orgFiscalCodeCheckDigit,
  pagoPaQrPayload,
  parsePagoPaQrPayload,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });
const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

describe('pagoPaQrPayload', () => {
  it('writes the five pipe-separated fields with the amount in cents', () => {
    expect(
      pagoPaQrPayload({
        noticeNumber: '3012 0260 0000 0001 03',
        orgFiscalCode: '01199250158',
        amountCents: 15050,
      }),
    ).toBe('PAGOPA|002|301202600000000103|01199250158|15050');
  });

  it('accepts the real io-app vector amount of one cent', () => {
    expect(
      pagoPaQrPayload({ noticeNumber: '322201151398574181', orgFiscalCode: '81005750021', amountCents: 1 }),
    ).toBe('PAGOPA|002|322201151398574181|81005750021|1');
  });

  it.each([
    [
      'an invalid notice number',
      { noticeNumber: '301202600000000104', orgFiscalCode: '01199250158', amountCents: 1 },
      'INVALID_NOTICE_NUMBER',
    ],
    [
      'an invalid ente fiscal code',
      { noticeNumber: '301202600000000103', orgFiscalCode: '01199250159', amountCents: 1 },
      'INVALID_ORG_FISCAL_CODE',
    ],
    [
      'a zero amount',
      { noticeNumber: '301202600000000103', orgFiscalCode: '01199250158', amountCents: 0 },
      'INVALID_AMOUNT',
    ],
    [
      'a fractional amount',
      { noticeNumber: '301202600000000103', orgFiscalCode: '01199250158', amountCents: 12.5 },
      'INVALID_AMOUNT',
    ],
    [
      'an amount above the pagoPA maximum',
      { noticeNumber: '301202600000000103', orgFiscalCode: '01199250158', amountCents: 100_000_000_000 },
      'INVALID_AMOUNT',
    ],
  ])('refuses %s', (_, input, code) => {
    expect(() => pagoPaQrPayload(input)).toThrow(withCode(code));
  });
});

describe('parsePagoPaQrPayload', () => {
  it('reads the io-app vector, including zero-padded amounts', () => {
    expect(parsePagoPaQrPayload('PAGOPA|002|322201151398574181|81005750021|01')).toEqual({
      noticeNumber: '322201151398574181',
      orgFiscalCode: '81005750021',
      amountCents: 1,
    });
    expect(parsePagoPaQrPayload('PAGOPA|002|301202600000000103|01199250158|0000015000').amountCents).toBe(
      15000,
    );
  });

  it.each([
    ['another identifier', 'PAGOBANCOMAT|002|301202600000000103|01199250158|100', /expected PAGOPA/],
    ['four fields', 'PAGOPA|002|301202600000000103|01199250158', /expected PAGOPA/],
    ['version 001', 'PAGOPA|001|301202600000000103|01199250158|100', /version "001"/],
    ['an amount in euro', 'PAGOPA|002|301202600000000103|01199250158|1.00', /not a number of cents/],
    ['an empty amount', 'PAGOPA|002|301202600000000103|01199250158|', /not a number of cents/],
    ['a zero amount', 'PAGOPA|002|301202600000000103|01199250158|0', /payable amount/],
    ['a bad notice number', 'PAGOPA|002|301202600000000104|01199250158|100', /should be 03/],
    ['a bad fiscal code', 'PAGOPA|002|301202600000000103|01199250159|100', /check digit/],
    ['no text', undefined, /expected PAGOPA/],
  ])('refuses %s', (_, payload, reason) => {
    expect(() => parsePagoPaQrPayload(payload as string)).toThrow(withCode('INVALID_QR_PAYLOAD'));
    expect(() => parsePagoPaQrPayload(payload as string)).toThrow(reason);
  });

  it('keeps the code of the underlying error in the details', () => {
    expect(() => parsePagoPaQrPayload('PAGOPA|002|301202600000000104|01199250158|100')).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ causeCode: 'INVALID_NOTICE_NUMBER' }) }),
    );
  });

  it('reads back what pagoPaQrPayload writes', () => {
    const data = fc.record({
      noticeNumber: fc
        .tuple(digits(2), digits(13))
        .map(
          ([segregationCode, iuvBase]) =>
            buildNoticeNumber({ auxDigit: 3, segregationCode, iuvBase }).noticeNumber,
        ),
      orgFiscalCode: digits(10).map((first) => first + orgFiscalCodeCheckDigit(first)),
      amountCents: fc.integer({ min: 1, max: 99_999_999_999 }),
    });
    fc.assert(
      fc.property(data, (input) => {
        expect(parsePagoPaQrPayload(pagoPaQrPayload(input))).toEqual(input);
      }),
      PROPERTY_RUNS,
    );
  });
});
