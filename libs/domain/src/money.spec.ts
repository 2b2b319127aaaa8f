import fc from 'fast-check';
import { assertPayableAmount, isPayableAmount, MAX_PAYABLE_CENTS, Money } from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 1000 };
const withCode = (code: string) => expect.objectContaining({ name: 'DomainError', code });
const anyCents = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const payableCents = fc.integer({ min: 1, max: MAX_PAYABLE_CENTS });

describe('Money.parse', () => {
  it.each([
    ['12,50', 1250],
    ['12.50', 1250],
    ['12,5', 1250],
    ['12', 1200],
    ['0,51', 51],
    ['0,01', 1],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1.234.567', 123456700],
    ['1.234.567,8', 123456780],
    ['€ 12,50', 1250],
    ['€12,50', 1250],
    ['12,50 €', 1250],
    ['12,50\u00a0€', 1250],
    ['12.50 EUR', 1250],
    ['  007,00 ', 700],
    ['999.999.999,99', 99_999_999_999],
    ['-3,00', -300],
    ['-€ 3,00', -300],
    ['€ -3,00', -300],
    ['+3', 300],
    ['0', 0],
    ['-0,00', 0],
  ])('reads %p as %p cents', (input, cents) => {
    expect(Money.parse(input).cents).toBe(cents);
  });

  it.each([
    ['three decimals', '1.234,567', /at most two decimals/],
    ['three digits after a lone comma', '12,505', /could be thousands or decimals/],
    ['a lone separator before three digits', '1.234', /could be thousands or decimals/],
    ['a lone comma before three digits', '1,234', /could be thousands or decimals/],
    ['badly grouped thousands', '12.34.567', /three digits/],
    ['a leading group of four digits', '1234.567,00', /three digits/],
    ['no integer digits', ',50', /missing before/],
    ['a trailing decimal mark', '12,', /missing after/],
    ['two signs', '-€ -3', /two signs/],
    ['the currency twice', '€ 3 €', /currency is written twice/],
    ['letters', 'dodici', /use digits/],
    ['an exponent', '1e3', /use digits/],
    ['empty', '', /use digits/],
    ['an absurd amount', '99999999999999999', /too large/],
  ])('refuses %s', (_, input, reason) => {
    expect(() => Money.parse(input)).toThrow(withCode('INVALID_AMOUNT'));
    expect(() => Money.parse(input)).toThrow(reason);
  });

  it('refuses non-string input', () => {
    expect(() => Money.parse(12.5 as unknown as string)).toThrow(withCode('INVALID_AMOUNT'));
  });

  it('reads back what format and toDecimalString write', () => {
    fc.assert(
      fc.property(anyCents, (cents) => {
        const money = Money.fromCents(cents);
        expect(Money.parse(money.format()).cents).toBe(cents);
        expect(Money.parse(money.toDecimalString()).cents).toBe(cents);
      }),
      PROPERTY_RUNS,
    );
  });

  it('reads any euro/cent pair typed in Italian or English notation to the exact cent', () => {
    fc.assert(
      fc.property(fc.nat(9_999_999), fc.nat(99), fc.boolean(), (euros, cents, italian) => {
        const grouped = euros.toLocaleString('en-US').replace(/,/g, italian ? '.' : ',');
        const typed = `${grouped}${italian ? ',' : '.'}${String(cents).padStart(2, '0')}`;
        expect(Money.parse(typed).cents).toBe(euros * 100 + cents);
      }),
      PROPERTY_RUNS,
    );
  });
});

describe('Money.format', () => {
  it.each([
    [1250, '€ 12,50'],
    [51, '€ 0,51'],
    [5, '€ 0,05'],
    [0, '€ 0,00'],
    [123456, '€ 1.234,56'],
    [99_999_999_999, '€ 999.999.999,99'],
    [-300, '-€ 3,00'],
  ])('prints %p cents as %p', (cents, printed) => {
    expect(Money.fromCents(cents).format()).toBe(printed);
    expect(String(Money.fromCents(cents))).toBe(printed);
  });

  it('writes the machine notation used in settlement flows', () => {
    expect(Money.fromCents(123456).toDecimalString()).toBe('1234.56');
    expect(Money.fromCents(-5).toDecimalString()).toBe('-0.05');
  });
});

describe('Money arithmetic', () => {
  it('fromCents accepts zero and negatives but not fractions', () => {
    expect(Money.fromCents(0).isZero()).toBe(true);
    expect(Money.fromCents(-0).cents).toBe(0);
    expect(Money.fromCents(-1).isNegative()).toBe(true);
    expect(() => Money.fromCents(0.1)).toThrow(withCode('INVALID_AMOUNT'));
    expect(() => Money.fromCents(Number.NaN)).toThrow(withCode('INVALID_AMOUNT'));
    expect(() => Money.fromCents(2 ** 53)).toThrow(withCode('INVALID_AMOUNT'));
  });

  it('adds without floating-point error (0,10 + 0,20 = 0,30)', () => {
    expect(Money.parse('0,10').add(Money.parse('0,20')).equals(Money.parse('0,30'))).toBe(true);
  });

  it('adds, subtracts and compares like the integers of cents', () => {
    const cents = fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
    fc.assert(
      fc.property(cents, cents, (a, b) => {
        const x = Money.fromCents(a);
        const y = Money.fromCents(b);
        expect(x.add(y).cents).toBe(a + b);
        expect(x.subtract(y).cents).toBe(a - b);
        expect(x.add(y).subtract(y).equals(x)).toBe(true);
        expect(x.compare(y)).toBe(Math.sign(a - b));
      }),
      PROPERTY_RUNS,
    );
  });

  it('refuses results that cannot be represented exactly', () => {
    const max = Money.fromCents(Number.MAX_SAFE_INTEGER);
    expect(() => max.add(Money.fromCents(1))).toThrow(withCode('INVALID_AMOUNT'));
    expect(() => Money.fromCents(-Number.MAX_SAFE_INTEGER).subtract(Money.fromCents(1))).toThrow(
      withCode('INVALID_AMOUNT'),
    );
    expect(() => max.times(2)).toThrow(withCode('INVALID_AMOUNT'));
  });

  it('multiplies by whole numbers only', () => {
    expect(Money.parse('16,00').times(2).format()).toBe('€ 32,00');
    expect(() => Money.parse('16,00').times(1.5)).toThrow(withCode('INVALID_AMOUNT'));
  });

  it('sums a list', () => {
    expect(Money.sum([Money.fromCents(1), Money.fromCents(2), Money.fromCents(3)]).cents).toBe(6);
    expect(Money.sum([]).isZero()).toBe(true);
  });

  it('splits an instalment plan into parts that add up and differ by at most a cent', () => {
    expect(
      Money.parse('100,00')
        .split(3)
        .map((m) => m.cents),
    ).toEqual([3334, 3333, 3333]);
    fc.assert(
      fc.property(
        anyCents.filter((c) => Math.abs(c) < 2 ** 50),
        fc.integer({ min: 1, max: 60 }),
        (cents, parts) => {
          const split = Money.fromCents(cents).split(parts);
          expect(split).toHaveLength(parts);
          expect(Money.sum(split).cents).toBe(cents);
          const values = split.map((m) => m.cents);
          expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it.each([0, -1, 1.5])('refuses to split into %p parts', (parts) => {
    expect(() => Money.fromCents(100).split(parts)).toThrow(withCode('INVALID_AMOUNT'));
  });
});

describe('payable amounts', () => {
  it('are 1 to 99 999 999 999 cents', () => {
    expect(Money.payable(1).cents).toBe(1);
    expect(Money.payable(MAX_PAYABLE_CENTS).format()).toBe('€ 999.999.999,99');
    expect(Money.parse('0,51').isPayable()).toBe(true);
    expect(Money.ZERO.isPayable()).toBe(false);
  });

  it.each([0, -1, MAX_PAYABLE_CENTS + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %p',
    (cents) => {
      expect(() => Money.payable(cents)).toThrow(withCode('INVALID_AMOUNT'));
      expect(() => assertPayableAmount(cents)).toThrow(withCode('INVALID_AMOUNT'));
      expect(isPayableAmount(cents)).toBe(false);
    },
  );

  it('agree between the function, the factory and the instance', () => {
    fc.assert(
      fc.property(fc.oneof(payableCents, anyCents), (cents) => {
        const payable = cents >= 1 && cents <= MAX_PAYABLE_CENTS;
        expect(isPayableAmount(cents)).toBe(payable);
        expect(Money.fromCents(cents).isPayable()).toBe(payable);
      }),
      PROPERTY_RUNS,
    );
  });
});
