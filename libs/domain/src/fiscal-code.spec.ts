import fc from 'fast-check';
import { fiscalCodeCheckCharacter, isValidFiscalCode, parseFiscalCode } from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });
const referenceDate = '2026-11-25';

const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const letters = (n: number) => fc.string({ unit: letter, minLength: n, maxLength: n });
const pad = (value: number, length: number) => String(value).padStart(length, '0');
const person = fc
  .record({
    names: letters(6),
    yearOfCentury: fc.integer({ min: 0, max: 99 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    female: fc.boolean(),
    placeLetter: letter,
    placeNumber: fc.integer({ min: 0, max: 999 }),
    // Which of the 7 numeric characters are written as omocode letters.
    omocode: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
  })
  .map((p) => {
    const numeric = pad(p.yearOfCentury, 2) + pad(p.female ? p.day + 40 : p.day, 2) + pad(p.placeNumber, 3);
    const written = [...numeric]
      .map((digit, i) => (p.omocode[i] ? 'LMNPQRSTUV'[Number(digit)] : digit))
      .join('');
    const first15 =
      p.names +
      written.slice(0, 2) +
      'ABCDEHLMPRST'[p.month - 1] +
      written.slice(2, 4) +
      p.placeLetter +
      written.slice(4);
    return { ...p, code: first15 + fiscalCodeCheckCharacter(first15) };
  });
const personCode = person.map((p) => p.code);

describe('parseFiscalCode', () => {
  it('decodes a person code (reference §8 vector)', () => {
    expect(parseFiscalCode('RSSMRA85T10A562S', { referenceDate })).toEqual({
      code: 'RSSMRA85T10A562S',
      kind: 'person',
      sex: 'M',
      birthPlaceCode: 'A562',
      birthDate: '1985-12-10',
    });
  });

  it('decodes io-app test data and normalises case and blanks', () => {
    expect(parseFiscalCode('  bscmtt83a12l719r ', { referenceDate })).toEqual({
      code: 'BSCMTT83A12L719R',
      kind: 'person',
      sex: 'M',
      birthPlaceCode: 'L719',
      birthDate: '1983-01-12',
    });
  });

  it('reads women (day + 40) and puts recent years in the 2000s', () => {
    const first15 = 'RSSMRA05T50A562';
    const parsed = parseFiscalCode(first15 + fiscalCodeCheckCharacter(first15), { referenceDate });
    expect(parsed).toMatchObject({ sex: 'F', birthDate: '2005-12-10' });
  });

  it('accepts omocodia and restores the digits of date and place', () => {
    // RSSMRA85T10A562S with its last digits replaced by omocode letters (2→N, 6→S, 5→R).
    const first15 = 'RSSMRA85T10ARSN';
    const code = first15 + fiscalCodeCheckCharacter(first15);
    expect(parseFiscalCode(code, { referenceDate })).toMatchObject({
      code,
      birthPlaceCode: 'A562',
      birthDate: '1985-12-10',
    });
    const fullyOmocode = 'RSSMRAURTMLARSN';
    expect(
      parseFiscalCode(fullyOmocode + fiscalCodeCheckCharacter(fullyOmocode), { referenceDate }).birthDate,
    ).toBe('1985-12-10');
  });

  it('uses the reference date to pick the century', () => {
    const first15 = 'RSSMRA26T10A562';
    const code = first15 + fiscalCodeCheckCharacter(first15);
    expect(parseFiscalCode(code, { referenceDate: '2026-12-10' }).birthDate).toBe('2026-12-10');
    expect(parseFiscalCode(code, { referenceDate: '2026-12-09' }).birthDate).toBe('1926-12-10');
  });

  it('defaults the reference date to today, so nobody is born in the future', () => {
    const first15 = 'RSSMRA99A01A562';
    const parsed = parseFiscalCode(first15 + fiscalCodeCheckCharacter(first15));
    expect(parsed.birthDate).toBe('1999-01-01');
  });

  it('accepts 11-digit codes as organisations', () => {
    expect(parseFiscalCode(' 02342520158 ')).toEqual({ code: '02342520158', kind: 'organization' });
    expect(isValidFiscalCode('02342520158')).toBe(true);
  });

  it.each([
    ['the IO doc example, whose check character is wrong', 'SPNDNL80R13C555X', /should be T/],
    ['15 characters', 'RSSMRA85T10A562', /16 characters/],
    ['17 characters', 'RSSMRA85T10A562SX', /16 characters/],
    ['a digit among the name letters', 'RSSMR185T10A562S', /expected 6 letters/],
    ['an unknown month letter', 'RSSMRA85F10A562S', /expected 6 letters/],
    ['a non-omocode letter in the year', 'RSSMRA8AT10A562S', /expected 6 letters/],
    ['an 11-digit code with a wrong check digit', '02342520159', /should be 8/],
    ['an empty string', '', /16 characters/],
  ])('refuses %s', (_, input, reason) => {
    expect(() => parseFiscalCode(input, { referenceDate })).toThrow(withCode('INVALID_FISCAL_CODE'));
    expect(() => parseFiscalCode(input, { referenceDate })).toThrow(reason);
    expect(isValidFiscalCode(input)).toBe(false);
  });

  it.each([
    ['day 00', 'RSSMRA85T00A562'],
    ['day 32', 'RSSMRA85T32A562'],
    ['day 40', 'RSSMRA85T40A562'],
    ['day 72', 'RSSMRA85T72A562'],
    ['31 April', 'RSSMRA85D31A562'],
    ['30 February', 'RSSMRA85B30A562'],
  ])('refuses an impossible birth day: %s', (_, first15) => {
    const code = first15 + fiscalCodeCheckCharacter(first15);
    expect(() => parseFiscalCode(code, { referenceDate })).toThrow(withCode('INVALID_FISCAL_CODE'));
  });

  it('checks 29 February against the century it picked', () => {
    const first15 = 'RSSMRA00B29A562';
    const code = first15 + fiscalCodeCheckCharacter(first15);
    expect(parseFiscalCode(code, { referenceDate }).birthDate).toBe('2000-02-29');
    expect(() => parseFiscalCode(code, { referenceDate: '1999-12-31' })).toThrow(/29 February 1900/);
  });

  it('refuses a malformed reference date with INVALID_DATE', () => {
    expect(() => parseFiscalCode('RSSMRA85T10A562S', { referenceDate: '25/11/2026' })).toThrow(
      withCode('INVALID_DATE'),
    );
  });

  it('refuses non-string input', () => {
    expect(() => parseFiscalCode(42 as unknown as string)).toThrow(withCode('INVALID_FISCAL_CODE'));
  });

  it('accepts every well-formed code with its check character and decodes it', () => {
    fc.assert(
      fc.property(person, (p) => {
        const parsed = parseFiscalCode(p.code.toLowerCase(), { referenceDate });
        expect(parsed.code).toBe(p.code);
        expect(parsed.kind).toBe('person');
        expect(parsed.sex).toBe(p.female ? 'F' : 'M');
        expect(parsed.birthPlaceCode).toBe(p.placeLetter + pad(p.placeNumber, 3));
        expect(parsed.birthDate).toMatch(
          new RegExp(`^\\d\\d${pad(p.yearOfCentury, 2)}-${pad(p.month, 2)}-${pad(p.day, 2)}$`),
        );
        expect(parsed.birthDate! <= referenceDate).toBe(true);
        expect(parsed.birthDate! > '1926-11-25').toBe(true);
      }),
      PROPERTY_RUNS,
    );
  });

  // Both tables give distinct values to the characters a position may hold, so any substitution
  // that keeps the shape changes the sum mod 26; any other breaks the shape.
  it('rejects every single-character substitution', () => {
    const anyCharacter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    fc.assert(
      fc.property(personCode, fc.nat(15), anyCharacter, (code, index, replacement) => {
        fc.pre(code[index] !== replacement);
        const corrupted = code.slice(0, index) + replacement + code.slice(index + 1);
        expect(isValidFiscalCode(corrupted)).toBe(false);
      }),
      PROPERTY_RUNS,
    );
  });
});
