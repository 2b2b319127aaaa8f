import fc from 'fast-check';
import {
  buildNoticeNumber,
  formatNoticeNumber,
  isValidNoticeNumber,
  iuvBaseFromSequence,
  noticeCheckDigits,
  noticeNumberFromIuv,
  parseNoticeNumber,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });

const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });
const request = fc.oneof(
  fc.record({ auxDigit: fc.constant(3 as const), segregationCode: digits(2), iuvBase: digits(13) }),
  fc.record({ auxDigit: fc.constant(0 as const), applicationCode: digits(2), iuvBase: digits(13) }),
);
const validNoticeNumber = request.map((r) => buildNoticeNumber(r).noticeNumber);

describe('buildNoticeNumber', () => {
  // Vectors from reference/pagopa-io.md §1, checked there against the mod-93 validator.
  it.each([
    [
      { auxDigit: 0, applicationCode: '01', iuvBase: '2026000000001' },
      '001202600000000100',
      '202600000000100',
    ],
    [
      { auxDigit: 3, segregationCode: '01', iuvBase: '2026000000001' },
      '301202600000000103',
      '01202600000000103',
    ],
    [
      { auxDigit: 3, segregationCode: '47', iuvBase: '0000123456789' },
      '347000012345678956',
      '47000012345678956',
    ],
    [
      { auxDigit: 3, segregationCode: '00', iuvBase: '9999999999999' },
      '300999999999999942',
      '00999999999999942',
    ],
    // Real notice from pagopa/io-app tests (segregation code 22).
    [
      { auxDigit: 3, segregationCode: '22', iuvBase: '2011513985741' },
      '322201151398574181',
      '22201151398574181',
    ],
  ] as const)('builds %j', (input, noticeNumber, iuv) => {
    expect(buildNoticeNumber(input)).toEqual({ noticeNumber, iuv });
  });

  it.each([
    [
      'an IUV base of 12 digits',
      { auxDigit: 3, segregationCode: '01', iuvBase: '202600000000' },
      'INVALID_IUV',
    ],
    [
      'an IUV base with a letter',
      { auxDigit: 3, segregationCode: '01', iuvBase: '202600000000A' },
      'INVALID_IUV',
    ],
    ['aux 3 without segregation code', { auxDigit: 3, iuvBase: '2026000000001' }, 'INVALID_NOTICE_NUMBER'],
    [
      'aux 3 with a 1-digit segregation code',
      { auxDigit: 3, segregationCode: '1', iuvBase: '2026000000001' },
      'INVALID_NOTICE_NUMBER',
    ],
    [
      'aux 3 with an application code',
      { auxDigit: 3, segregationCode: '01', applicationCode: '01', iuvBase: '2026000000001' },
      'INVALID_NOTICE_NUMBER',
    ],
    ['aux 0 without application code', { auxDigit: 0, iuvBase: '2026000000001' }, 'INVALID_NOTICE_NUMBER'],
    [
      'aux 0 with a segregation code',
      { auxDigit: 0, applicationCode: '01', segregationCode: '01', iuvBase: '2026000000001' },
      'INVALID_NOTICE_NUMBER',
    ],
    ['aux 2', { auxDigit: 2, iuvBase: '2026000000001' }, 'INVALID_NOTICE_NUMBER'],
  ])('refuses %s', (_, input, code) => {
    expect(() => buildNoticeNumber(input as never)).toThrow(withCode(code));
  });

  it('round-trips through parseNoticeNumber', () => {
    fc.assert(
      fc.property(request, (r) => {
        const { noticeNumber, iuv } = buildNoticeNumber(r);
        const parsed = parseNoticeNumber(noticeNumber);
        expect(parsed.noticeNumber).toBe(noticeNumber);
        expect(parsed.auxDigit).toBe(r.auxDigit);
        expect(parsed.iuv).toBe(iuv);
        expect(parsed.segregationCode).toBe(r.auxDigit === 3 ? r.segregationCode : undefined);
        expect(parsed.applicationCode).toBe(r.auxDigit === 0 ? r.applicationCode : undefined);
        expect(iuv).toHaveLength(r.auxDigit === 3 ? 17 : 15);
        expect(parsed.checkDigits).toBe(noticeNumber.slice(16));
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('parseNoticeNumber', () => {
  it('tolerates the printed grouping and other blanks', () => {
    expect(parseNoticeNumber(' 3012 0260 0000 0001 03 ')).toEqual({
      noticeNumber: '301202600000000103',
      auxDigit: 3,
      segregationCode: '01',
      iuv: '01202600000000103',
      checkDigits: '03',
    });
    expect(parseNoticeNumber('0012\u00a00260 0000 0001 00').applicationCode).toBe('01');
  });

  it('reads aux digit 2 notices (IUV of 17 digits, no codes)', () => {
    const prefix = '2123456789012345';
    const parsed = parseNoticeNumber(prefix + noticeCheckDigits(prefix));
    expect(parsed).toMatchObject({ auxDigit: 2, iuv: (prefix + noticeCheckDigits(prefix)).slice(1) });
    expect(parsed.segregationCode).toBeUndefined();
    expect(parsed.applicationCode).toBeUndefined();
  });

  it.each([
    ['too short', '30120260000000010'],
    ['too long', '3012026000000001033'],
    ['a letter', '30120260000000010A'],
    ['empty', ''],
    ['wrong check digits', '301202600000000104'],
    ['check digits above 92', '301202600000000199'],
    ['aux digit 1 (unchecked legacy)', '112345678901234567'],
    ['aux digit 4', '401202600000000103'],
    ['aux digit 9', '901202600000000103'],
  ])('refuses %s', (_, input) => {
    expect(() => parseNoticeNumber(input)).toThrow(withCode('INVALID_NOTICE_NUMBER'));
    expect(isValidNoticeNumber(input)).toBe(false);
  });

  it('says which check digits were expected', () => {
    expect(() => parseNoticeNumber('301202600000000104')).toThrow(/should be 03/);
  });

  it('refuses non-string input with the same code', () => {
    expect(() => parseNoticeNumber(undefined as unknown as string)).toThrow(
      withCode('INVALID_NOTICE_NUMBER'),
    );
  });

  // Mod 93 guarantees these: a substitution changes the 16-digit prefix by d·10^k (|d| <= 9) or
  // the check digits themselves, an adjacent swap changes it by 9·(a-b)·10^k, and 93 = 3·31 divides
  // neither; a swap across prefix and check digits would need 11·(x-c) ≡ 0 (mod 93), i.e. x = c.
  it('rejects every single-digit substitution', () => {
    fc.assert(
      fc.property(
        validNoticeNumber,
        fc.nat(17),
        fc.integer({ min: 1, max: 9 }),
        (noticeNumber, index, shift) => {
          const changed = String((Number(noticeNumber[index]) + shift) % 10);
          const corrupted = noticeNumber.slice(0, index) + changed + noticeNumber.slice(index + 1);
          expect(isValidNoticeNumber(corrupted)).toBe(false);
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('rejects every swap of two different adjacent digits, check digits included', () => {
    fc.assert(
      fc.property(validNoticeNumber, fc.nat(16), (noticeNumber, index) => {
        fc.pre(noticeNumber[index] !== noticeNumber[index + 1]);
        const swapped =
          noticeNumber.slice(0, index) +
          noticeNumber[index + 1] +
          noticeNumber[index] +
          noticeNumber.slice(index + 2);
        expect(isValidNoticeNumber(swapped)).toBe(false);
      }),
      PROPERTY_RUNS,
    );
  });

  it('accepts a number exactly when its last two digits are the first sixteen mod 93', () => {
    fc.assert(
      fc.property(fc.constantFrom('0', '2', '3'), digits(15), digits(2), (aux, body, check) => {
        const prefix = aux + body;
        const expected = BigInt(prefix) % 93n === BigInt(check);
        expect(isValidNoticeNumber(prefix + check)).toBe(expected);
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('formatNoticeNumber', () => {
  it('prints groups of four as on the avviso', () => {
    expect(formatNoticeNumber('301202600000000103')).toBe('3012 0260 0000 0001 03');
    expect(formatNoticeNumber('3012 0260 0000 0001 03')).toBe('3012 0260 0000 0001 03');
  });

  it('refuses to format an invalid number', () => {
    expect(() => formatNoticeNumber('301202600000000104')).toThrow(withCode('INVALID_NOTICE_NUMBER'));
  });

  it('is read back by parseNoticeNumber and is 22 characters long', () => {
    fc.assert(
      fc.property(validNoticeNumber, (noticeNumber) => {
        const printed = formatNoticeNumber(noticeNumber);
        expect(printed).toHaveLength(22);
        expect(parseNoticeNumber(printed).noticeNumber).toBe(noticeNumber);
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('noticeNumberFromIuv', () => {
  it('rebuilds aux 3 and aux 0 notice numbers from the IUV of a receipt', () => {
    expect(noticeNumberFromIuv('01202600000000103')).toBe('301202600000000103');
    expect(noticeNumberFromIuv('202600000000100', '01')).toBe('001202600000000100');
  });

  it.each([
    ['a 17-digit IUV with wrong check digits', '01202600000000104', undefined],
    ['a 17-digit IUV with an application code', '01202600000000103', '01'],
    ['a 15-digit IUV without application code', '202600000000100', undefined],
    ['a 15-digit IUV with the wrong application code', '202600000000100', '02'],
    ['a 16-digit IUV', '2026000000001000', undefined],
  ])('refuses %s', (_, iuv, applicationCode) => {
    expect(() => noticeNumberFromIuv(iuv, applicationCode)).toThrow(withCode('INVALID_IUV'));
  });

  it('inverts buildNoticeNumber', () => {
    fc.assert(
      fc.property(request, (r) => {
        const { noticeNumber, iuv } = buildNoticeNumber(r);
        expect(noticeNumberFromIuv(iuv, r.auxDigit === 0 ? r.applicationCode : undefined)).toBe(noticeNumber);
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('iuvBaseFromSequence', () => {
  it('writes the year and a 9-digit sequence', () => {
    expect(iuvBaseFromSequence(2026, 1)).toBe('2026000000001');
    expect(iuvBaseFromSequence(2026, 999_999_999)).toBe('2026999999999');
  });

  it.each([
    [26, 1],
    [2026, -1],
    [2026, 1_000_000_000],
    [2026, 1.5],
  ])('refuses year %p and sequence %p', (year, sequence) => {
    expect(() => iuvBaseFromSequence(year, sequence)).toThrow(withCode('INVALID_IUV'));
  });
});

describe('noticeCheckDigits', () => {
  it('refuses anything but 16 digits', () => {
    expect(() => noticeCheckDigits('123')).toThrow(withCode('INVALID_NOTICE_NUMBER'));
  });
});
