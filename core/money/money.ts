import { MoneyError, moneyFail, moneyOk, type MoneyResult } from './errors.ts';

// Amounts are integer minor units held in JS numbers, which are exact only up to 2^53. Every
// input is checked to be a safe integer and every product or quotient is computed in BigInt,
// so a float can never creep into a total.

/** An amount in integer minor units (cents, or whole dollars for TWD) with its ISO 4217 currency. */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Throws `money.not-integer` unless `value` is a safe integer. */
export function assertMinor(value: number, what = 'amount'): void {
  if (!Number.isSafeInteger(value)) {
    throw new MoneyError('money.not-integer', `${what} must be a safe integer in minor units, got ${String(value)}`, { what });
  }
}

export function assertCurrencyCode(currency: string): void {
  if (!CURRENCY_CODE.test(currency)) {
    throw new MoneyError('money.unknown-currency', `"${currency}" is not an ISO 4217 alphabetic currency code`, { currency });
  }
}

/** Converts a BigInt result back to a number, or throws `money.overflow` when it would lose precision. */
export function toSafeNumber(value: bigint, what = 'amount'): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyError('money.overflow', `${what} ${value} is beyond the safe integer range`, { what });
  }
  return Number(value);
}

export function checkedAdd(a: number, b: number, what = 'sum'): number {
  assertMinor(a, what);
  assertMinor(b, what);
  return toSafeNumber(BigInt(a) + BigInt(b), what);
}

export function checkedSum(values: readonly number[], what = 'sum'): number {
  let total = 0n;
  for (const v of values) {
    assertMinor(v, what);
    total += BigInt(v);
  }
  return toSafeNumber(total, what);
}

export function money(minor: number, currency: string): Money {
  assertMinor(minor);
  assertCurrencyCode(currency);
  return { minor, currency };
}

export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError('money.currency-mismatch', `cannot combine ${a.currency} with ${b.currency}`, {
      expected: a.currency,
      actual: b.currency,
    });
  }
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return { minor: checkedAdd(a.minor, b.minor), currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  assertMinor(b.minor);
  return { minor: checkedAdd(a.minor, -b.minor, 'difference'), currency: a.currency };
}

export function negateMoney(a: Money): Money {
  assertMinor(a.minor);
  // -0 would print as "-0.00" on a receipt.
  return { minor: a.minor === 0 ? 0 : -a.minor, currency: a.currency };
}

/** Sum in `currency`; an empty list is zero. Any item in another currency is `money.currency-mismatch`. */
export function sumMoney(items: readonly Money[], currency: string): Money {
  assertCurrencyCode(currency);
  const zero: Money = { minor: 0, currency };
  return items.reduce((acc, m) => addMoney(acc, m), zero);
}

export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

/**
 * Plain decimal text of a minor-unit amount ("-12.05" for -1205 with 2 digits), for receipts
 * and exports. Grouping and currency symbols are the locale's business, not this function's.
 */
export function formatMinor(minor: number, minorDigits: number): string {
  assertMinor(minor);
  const negative = minor < 0;
  const digits = String(Math.abs(minor));
  if (minorDigits === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(minorDigits + 1, '0');
  const whole = padded.slice(0, padded.length - minorDigits);
  const fraction = padded.slice(padded.length - minorDigits);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

const AMOUNT_TEXT = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Minor units from decimal text such as "12.5" or "-3.05". More decimals than the currency has
 * is an error, not a rounding: a keyed or configured price must never change silently.
 */
export function parseMinor(text: string, minorDigits: number): MoneyResult<number> {
  const m = AMOUNT_TEXT.exec(text.trim());
  if (!m) return moneyFail(new MoneyError('money.bad-amount-text', `"${text}" is not a decimal amount`, { text }));
  const [, sign, whole = '', fraction = ''] = m;
  if (fraction.length > minorDigits) {
    return moneyFail(new MoneyError('money.bad-amount-text', `"${text}" has more than ${minorDigits} decimals`, { text, minorDigits }));
  }
  const value = BigInt(whole + fraction.padEnd(minorDigits, '0'));
  try {
    const n = toSafeNumber(sign ? -value : value);
    return moneyOk(n === 0 ? 0 : n);
  } catch (e) {
    if (e instanceof MoneyError) return moneyFail(e);
    throw e;
  }
}
