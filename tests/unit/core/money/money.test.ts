import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MoneyError } from '../../../../core/money/errors.ts';
import {
  addMoney,
  compareMoney,
  formatMinor,
  money,
  negateMoney,
  parseMinor,
  subtractMoney,
  sumMoney,
} from '../../../../core/money/money.ts';
import { currencyByNumeric, isoMinorDigitsOf, minorDigitsOf, minorDigitsOverridesSchema } from '../../../../core/money/currency.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof MoneyError) return e.code;
    throw e;
  }
  return undefined;
}

describe('Money values', () => {
  it('adds and subtracts amounts in the same currency exactly', () => {
    const a = money(1999, 'HKD');
    const b = money(1, 'HKD');
    expect(addMoney(a, b)).toEqual({ minor: 2000, currency: 'HKD' });
    expect(subtractMoney(a, b)).toEqual({ minor: 1998, currency: 'HKD' });
    expect(negateMoney(money(0, 'TWD')).minor).toBe(0);
    expect(Object.is(negateMoney(money(0, 'TWD')).minor, -0)).toBe(false);
  });

  it('refuses to mix currencies, naming both', () => {
    let caught: unknown;
    try {
      addMoney(money(100, 'USD'), money(100, 'HKD'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MoneyError);
    expect((caught as MoneyError).code).toBe('money.currency-mismatch');
    expect((caught as MoneyError).details).toEqual({ expected: 'USD', actual: 'HKD' });
    expect(codeOf(() => sumMoney([money(1, 'EUR'), money(2, 'USD')], 'EUR'))).toBe('money.currency-mismatch');
    expect(codeOf(() => compareMoney(money(1, 'EUR'), money(1, 'JPY')))).toBe('money.currency-mismatch');
  });

  it('rejects floats, NaN and unsafe integers as amounts', () => {
    expect(codeOf(() => money(10.5, 'USD'))).toBe('money.not-integer');
    expect(codeOf(() => money(Number.NaN, 'USD'))).toBe('money.not-integer');
    expect(codeOf(() => money(2 ** 53, 'USD'))).toBe('money.not-integer');
    expect(codeOf(() => money(100, 'usd'))).toBe('money.unknown-currency');
  });

  it('reports overflow instead of silently losing a cent', () => {
    const big = money(Number.MAX_SAFE_INTEGER, 'USD');
    expect(codeOf(() => addMoney(big, money(1, 'USD')))).toBe('money.overflow');
    expect(codeOf(() => sumMoney([big, big], 'USD'))).toBe('money.overflow');
  });

  it('sums an empty list to zero and a long list without drift', () => {
    expect(sumMoney([], 'TWD')).toEqual({ minor: 0, currency: 'TWD' });
    // Ten thousand 0.10 items: floats would give 999.9999999999; minor units give 1000.00.
    const dimes = Array.from({ length: 10_000 }, () => money(10, 'USD'));
    expect(sumMoney(dimes, 'USD').minor).toBe(100_000);
  });

  it('compares amounts', () => {
    expect(compareMoney(money(5, 'EUR'), money(7, 'EUR'))).toBe(-1);
    expect(compareMoney(money(7, 'EUR'), money(7, 'EUR'))).toBe(0);
    expect(compareMoney(money(9, 'EUR'), money(7, 'EUR'))).toBe(1);
  });

  it('addition is exact and associative for any safe amounts that fit', () => {
    const amount = fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
    fc.assert(
      fc.property(amount, amount, amount, (a, b, c) => {
        const x = addMoney(addMoney(money(a, 'CNY'), money(b, 'CNY')), money(c, 'CNY'));
        const y = addMoney(money(a, 'CNY'), addMoney(money(b, 'CNY'), money(c, 'CNY')));
        expect(x).toEqual(y);
        expect(BigInt(x.minor)).toBe(BigInt(a) + BigInt(b) + BigInt(c));
      }),
    );
  });
});

describe('currency minor digits', () => {
  it('knows the store defaults: TWD in whole dollars, JPY without decimals, others in cents', () => {
    expect(minorDigitsOf('TWD')).toBe(0);
    expect(minorDigitsOf('JPY')).toBe(0);
    for (const c of ['HKD', 'CNY', 'USD', 'EUR']) expect(minorDigitsOf(c)).toBe(2);
    expect(isoMinorDigitsOf('TWD')).toBe(2);
  });

  it('lets a store override TWD to cents and add a currency missing from the table', () => {
    const overrides = minorDigitsOverridesSchema.parse({ TWD: 2, XAF: 0 });
    expect(minorDigitsOf('TWD', overrides)).toBe(2);
    expect(minorDigitsOf('XAF', overrides)).toBe(0);
    expect(minorDigitsOf('HKD', overrides)).toBe(2);
  });

  it('rejects an unknown currency with a clear error', () => {
    let caught: unknown;
    try {
      minorDigitsOf('XYZ');
    } catch (e) {
      caught = e;
    }
    expect((caught as MoneyError).code).toBe('money.unknown-currency');
    expect((caught as MoneyError).message).toContain('XYZ');
    expect(minorDigitsOverridesSchema.safeParse({ twd: 2 }).success).toBe(false);
    expect(minorDigitsOverridesSchema.safeParse({ TWD: 1.5 }).success).toBe(false);
  });

  it('maps ISO numeric codes used in GS1 prices', () => {
    expect(currencyByNumeric('978')).toBe('EUR');
    expect(currencyByNumeric('901')).toBe('TWD');
    expect(currencyByNumeric('344')).toBe('HKD');
    expect(currencyByNumeric('999')).toBeUndefined();
  });
});

describe('amount text', () => {
  it('formats minor units for receipts', () => {
    expect(formatMinor(123456, 2)).toBe('1234.56');
    expect(formatMinor(-5, 2)).toBe('-0.05');
    expect(formatMinor(1500, 0)).toBe('1500');
    expect(formatMinor(7, 3)).toBe('0.007');
  });

  it('parses keyed amounts and refuses more decimals than the currency has', () => {
    expect(parseMinor('12.5', 2)).toEqual({ ok: true, value: 1250 });
    expect(parseMinor('-0.05', 2)).toEqual({ ok: true, value: -5 });
    expect(parseMinor('150', 0)).toEqual({ ok: true, value: 150 });
    const tooPrecise = parseMinor('150.5', 0);
    expect(tooPrecise.ok).toBe(false);
    if (!tooPrecise.ok) expect(tooPrecise.error.code).toBe('money.bad-amount-text');
    for (const bad of ['', '1,50', '1.2.3', 'abc', '1e3', '.5']) expect(parseMinor(bad, 2).ok).toBe(false);
    const huge = parseMinor('99999999999999999999', 2);
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.error.code).toBe('money.overflow');
  });

  it('format and parse round-trip for every amount and digit count', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 52), max: 2 ** 52 }), fc.integer({ min: 0, max: 4 }), (minor, digits) => {
        expect(parseMinor(formatMinor(minor, digits), digits)).toEqual({ ok: true, value: minor });
      }),
    );
  });
});
