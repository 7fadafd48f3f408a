import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatAmount,
  formatMoney,
  formatQuantity,
  minorToDecimal,
  parseMoneyInput,
  quickCashAmounts,
} from '../../../../renderer/format/money.ts';

// Intl output uses narrow no-break spaces in some locales; compare with plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('money on screen', () => {
  it('turns minor units into an exact decimal string', () => {
    expect(minorToDecimal(12345, 2)).toBe('123.45');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(1234, 0)).toBe('1234');
    expect(minorToDecimal(1, 3)).toBe('0.001');
    expect(minorToDecimal(Number.MAX_SAFE_INTEGER, 2)).toBe('90071992547409.91');
    expect(() => minorToDecimal(1.5, 2)).toThrow();
  });

  it('formats with the terminal currency and minor digits in each UI language', () => {
    expect(formatMoney(123456, { locale: 'en', currency: 'TWD', minorDigits: 0 })).toBe('$123,456');
    expect(formatMoney(123456, { locale: 'zh-TW', currency: 'TWD', minorDigits: 0 })).toBe('$123,456');
    expect(formatMoney(1250, { locale: 'en', currency: 'USD', minorDigits: 2 })).toBe('$12.50');
    expect(formatMoney(1250, { locale: 'zh-CN', currency: 'CNY', minorDigits: 2 })).toBe('¥12.50');
    expect(plain(formatMoney(-1250, { locale: 'en', currency: 'EUR', minorDigits: 2 }))).toBe('-€12.50');
    expect(formatMoney(1234, { locale: 'en', currency: 'KWD', minorDigits: 3 })).toMatch(/1\.234$/);
    // TWD keeps whole dollars in shops even though ISO 4217 says 2 digits.
    expect(formatMoney(30, { locale: 'en', currency: 'TWD', minorDigits: 0 })).not.toContain('.');
    expect(formatAmount(123456, { locale: 'en', currency: 'USD', minorDigits: 2 })).toBe('1,234.56');
  });

  it('property: formatting never loses a cent (no floating point)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (minor) => {
        const s = formatAmount(minor, { locale: 'en', currency: 'USD', minorDigits: 2 }).replace(/,/g, '');
        expect(Math.round(Number(s) * 100)).toBe(minor);
        expect(s.endsWith(minorToDecimal(minor, 2).slice(-2))).toBe(true);
      }),
    );
  });

  it('reads what a cashier typed', () => {
    expect(parseMoneyInput('12', 2)).toBe(1200);
    expect(parseMoneyInput('12.5', 2)).toBe(1250);
    expect(parseMoneyInput('12.50', 2)).toBe(1250);
    expect(parseMoneyInput('1,200', 0)).toBe(1200);
    expect(parseMoneyInput(' 100 ', 0)).toBe(100);
    expect(parseMoneyInput('１００', 0)).toBe(100);
    expect(parseMoneyInput('12.505', 2)).toBeNull();
    expect(parseMoneyInput('1.5', 0)).toBeNull();
    expect(parseMoneyInput('abc', 2)).toBeNull();
    expect(parseMoneyInput('-5', 2)).toBeNull();
    expect(parseMoneyInput('', 2)).toBeNull();
    expect(parseMoneyInput('0.350', 3)).toBe(350);
  });

  it('property: parse(format without grouping) is the identity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 3 }), (minor, digits) => {
        expect(parseMoneyInput(minorToDecimal(minor, digits), digits)).toBe(minor);
      }),
    );
  });

  it('offers exact cash and the next banknotes up', () => {
    expect(quickCashAmounts(230, 'TWD', 0)).toEqual([230, 300, 500, 1000]);
    expect(quickCashAmounts(1000, 'TWD', 0)).toEqual([1000, 2000]);
    expect(quickCashAmounts(1234, 'USD', 2)).toEqual([1234, 1300, 1500, 2000]);
    expect(quickCashAmounts(0, 'USD', 2)).toEqual([]);
    expect(quickCashAmounts(77, 'XXX', 0)).toEqual([77, 78, 80, 100]);
  });

  it('property: quick amounts start at the exact due and never go below it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom('TWD', 'USD', 'EUR', 'CNY', 'HKD', 'JPY', 'ZZZ'), (due, currency) => {
        const q = quickCashAmounts(due, currency, currency === 'TWD' || currency === 'JPY' ? 0 : 2);
        expect(q[0]).toBe(due);
        expect(q.every((a) => a >= due)).toBe(true);
        expect([...q].sort((a, b) => a - b)).toEqual(q);
        expect(new Set(q).size).toBe(q.length);
      }),
    );
  });

  it('formats quantities: pieces as counts, weights with grams', () => {
    expect(formatQuantity(3000, 'each', 'en')).toBe('3');
    expect(formatQuantity(350, 'kg', 'en')).toBe('0.350');
    expect(formatQuantity(1250, 'kg', 'zh-TW')).toBe('1.250');
  });
});
