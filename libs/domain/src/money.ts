import { DomainError } from './errors';

/** pagoPA amounts: at least one cent, at most 999.999.999,99 € (11 digits of cents). */
export const MIN_PAYABLE_CENTS = 1;
export const MAX_PAYABLE_CENTS = 99_999_999_999;

/**
 * Throws INVALID_AMOUNT unless `cents` is an integer in 1..99 999 999 999: the rule for
 * anything a citizen is asked to pay (a debt position, an instalment, a QR code).
 */
export function assertPayableAmount(cents: number): void {
  if (!Number.isSafeInteger(cents) || cents < MIN_PAYABLE_CENTS || cents > MAX_PAYABLE_CENTS) {
    throw new DomainError(
      'INVALID_AMOUNT',
      `A payable amount must be a whole number of cents from 1 (0,01 €) to ${MAX_PAYABLE_CENTS} (999.999.999,99 €); got ${cents}.`,
      { cents },
    );
  }
}

export function isPayableAmount(cents: number): boolean {
  return Number.isSafeInteger(cents) && cents >= MIN_PAYABLE_CENTS && cents <= MAX_PAYABLE_CENTS;
}

// Sign and currency symbol around the digits; the digits themselves are read by Money.parse.
const amountShape = /^([-+]?)\s*(€|EUR)?\s*([-+]?)([\d.,]+)\s*(€|EUR)?$/i;

/**
 * An amount of euro as integer cents. Never goes through floating point: parsing works on the
 * digits, arithmetic on safe integers. Zero and negative values exist for sums and differences
 * (balances, revocations in a settlement flow); what may be charged is checked separately with
 * `Money.payable` / `isPayable()`.
 */
export class Money {
  static readonly ZERO = new Money(0);

  private constructor(readonly cents: number) {}

  static fromCents(cents: number): Money {
    if (!Number.isSafeInteger(cents)) {
      throw new DomainError('INVALID_AMOUNT', `An amount must be a whole number of cents; got ${cents}.`, {
        cents,
      });
    }
    return new Money(cents === 0 ? 0 : cents); // normalises -0
  }

  /** Like fromCents, but only for amounts that may be charged (1..99 999 999 999 cents). */
  static payable(cents: number): Money {
    assertPayableAmount(cents);
    return new Money(cents);
  }

  /**
   * Parses what people type or what files carry: '12,50', '12.50', '1.234,56', '1,234.56',
   * '€ 12,50', '12,50 €', '1234', '-3,00'. With both separators the last one is the decimal
   * mark. A single separator followed by exactly three digits ('1.234') is refused as
   * ambiguous rather than guessed. More than two decimals are refused, never rounded.
   */
  static parse(input: string): Money {
    const fail = (reason: string): never => {
      throw new DomainError('INVALID_AMOUNT', `Cannot read "${input}" as an amount in euro: ${reason}.`, {
        input,
      });
    };
    if (typeof input !== 'string') return fail('not a text');
    const match = amountShape.exec(input.trim());
    if (match === null) return fail('use digits with "," or "." for the cents, e.g. 1.234,56');
    const [, outerSign = '', symbolBefore, innerSign = '', number = '', symbolAfter] = match;
    if (outerSign !== '' && innerSign !== '') return fail('two signs');
    if (symbolBefore !== undefined && symbolAfter !== undefined) return fail('the currency is written twice');
    const negative = (outerSign || innerSign) === '-';

    const lastComma = number.lastIndexOf(',');
    const lastDot = number.lastIndexOf('.');
    let integerPart = number;
    let fractionPart = '';
    let groupSeparator: string | undefined;
    if (lastComma >= 0 && lastDot >= 0) {
      const decimalAt = Math.max(lastComma, lastDot);
      integerPart = number.slice(0, decimalAt);
      fractionPart = number.slice(decimalAt + 1);
      groupSeparator = lastComma > lastDot ? '.' : ',';
    } else if (lastComma >= 0 || lastDot >= 0) {
      const separator = lastComma >= 0 ? ',' : '.';
      const occurrences = number.split(separator).length - 1;
      const afterLast = number.length - 1 - Math.max(lastComma, lastDot);
      if (occurrences > 1) {
        groupSeparator = separator;
      } else if (afterLast === 3) {
        return fail(
          `"${separator}" followed by three digits could be thousands or decimals; write 1234 or 1234,00`,
        );
      } else {
        integerPart = number.slice(0, Math.max(lastComma, lastDot));
        fractionPart = number.slice(Math.max(lastComma, lastDot) + 1);
      }
    }

    if (groupSeparator !== undefined) {
      const groups = integerPart.split(groupSeparator);
      const wellGrouped =
        /^\d{1,3}$/.test(groups[0] ?? '') && groups.slice(1).every((group) => /^\d{3}$/.test(group));
      if (!wellGrouped)
        return fail(`thousands groups separated by "${groupSeparator}" must have three digits`);
      integerPart = groups.join('');
    }
    if (!/^\d+$/.test(integerPart)) return fail('digits are missing before the decimal mark');
    if (!/^\d{0,2}$/.test(fractionPart)) return fail('at most two decimals (cents) are allowed');
    if (number.endsWith(',') || number.endsWith('.'))
      return fail('digits are missing after the decimal mark');

    const digits = (integerPart + fractionPart.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
    // Decimal strings up to 2^53 convert to a double exactly, so no precision is lost here.
    if (digits.length > 16 || Number(digits) > Number.MAX_SAFE_INTEGER)
      return fail('the amount is too large');
    return Money.fromCents(negative ? -Number(digits) : Number(digits));
  }

  static sum(amounts: readonly Money[]): Money {
    return amounts.reduce((total, amount) => total.add(amount), Money.ZERO);
  }

  add(other: Money): Money {
    return Money.checked(this.cents + other.cents);
  }

  subtract(other: Money): Money {
    return Money.checked(this.cents - other.cents);
  }

  /** Integer multiple, e.g. a fee times a number of copies. */
  times(factor: number): Money {
    if (!Number.isSafeInteger(factor)) {
      throw new DomainError(
        'INVALID_AMOUNT',
        `An amount can only be multiplied by a whole number; got ${factor}.`,
        {
          factor,
        },
      );
    }
    return Money.checked(this.cents * factor);
  }

  /**
   * Splits into `parts` instalments that differ by at most one cent and add up exactly; the
   * first instalments carry the leftover cents.
   */
  split(parts: number): Money[] {
    if (!Number.isSafeInteger(parts) || parts < 1) {
      throw new DomainError(
        'INVALID_AMOUNT',
        `An amount can only be split into 1 or more parts; got ${parts}.`,
        {
          parts,
        },
      );
    }
    const sign = this.cents < 0 ? -1 : 1;
    const magnitude = Math.abs(this.cents);
    const base = Math.floor(magnitude / parts);
    const leftover = magnitude - base * parts;
    return Array.from({ length: parts }, (_, index) =>
      Money.fromCents(sign * (base + (index < leftover ? 1 : 0))),
    );
  }

  compare(other: Money): -1 | 0 | 1 {
    return this.cents < other.cents ? -1 : this.cents > other.cents ? 1 : 0;
  }

  equals(other: Money): boolean {
    return this.cents === other.cents;
  }

  isZero(): boolean {
    return this.cents === 0;
  }

  isNegative(): boolean {
    return this.cents < 0;
  }

  isPayable(): boolean {
    return isPayableAmount(this.cents);
  }

  /** Italian notation as printed on the avviso: '€ 1.234,56', '-€ 3,00'. */
  format(): string {
    const { sign, euros, cents } = this.decompose();
    return `${sign}€ ${euros.replace(/\B(?=(\d{3})+$)/g, '.')},${cents}`;
  }

  /** Machine notation with a dot and two decimals ('1234.56'), as in settlement flows. */
  toDecimalString(): string {
    const { sign, euros, cents } = this.decompose();
    return `${sign}${euros}.${cents}`;
  }

  toString(): string {
    return this.format();
  }

  private decompose(): { sign: string; euros: string; cents: string } {
    const digits = String(Math.abs(this.cents)).padStart(3, '0');
    return {
      sign: this.cents < 0 ? '-' : '',
      euros: digits.slice(0, -2),
      cents: digits.slice(-2),
    };
  }

  private static checked(cents: number): Money {
    if (!Number.isSafeInteger(cents)) {
      throw new DomainError('INVALID_AMOUNT', 'The result is too large to be represented exactly in cents.', {
        cents,
      });
    }
    return Money.fromCents(cents);
  }
}
