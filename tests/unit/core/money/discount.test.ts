import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyLineDiscount, applyOrderDiscount, discountAmount, discountSchema, percentOf } from '../../../../core/money/discount.ts';
import { MoneyError } from '../../../../core/money/errors.ts';

describe('percentages in basis points', () => {
  it('takes 12.5 % of 19.99 and rounds once', () => {
    // 1999 * 1250 / 10000 = 249.875
    expect(percentOf(1999, 1250, 'half-up')).toBe(250);
    expect(percentOf(1999, 1250, 'down')).toBe(249);
    expect(percentOf(1000, 10_000, 'half-up')).toBe(1000);
  });
});

describe('line discounts', () => {
  it('takes a fixed amount or a percentage off one line', () => {
    expect(applyLineDiscount(4500, { kind: 'amount', minor: 500 }, 'half-up')).toEqual({ amount: 4500, discount: 500, net: 4000 });
    expect(applyLineDiscount(4500, { kind: 'percent', bp: 1000 }, 'half-up')).toEqual({ amount: 4500, discount: 450, net: 4050 });
  });

  it('never lets a discount exceed the line or go negative', () => {
    expect(() => discountAmount(300, { kind: 'amount', minor: 301 }, 'half-up')).toThrow(
      expect.objectContaining({ code: 'money.discount-exceeds-amount' }),
    );
    expect(() => discountAmount(300, { kind: 'amount', minor: -1 }, 'half-up')).toThrow(
      expect.objectContaining({ code: 'money.negative-amount' }),
    );
    expect(() => discountAmount(300, { kind: 'percent', bp: 10_001 }, 'half-up')).toThrow(
      expect.objectContaining({ code: 'money.invalid-rate' }),
    );
    expect(() => discountAmount(-300, { kind: 'percent', bp: 100 }, 'half-up')).toThrow(MoneyError);
    expect(discountAmount(300, { kind: 'percent', bp: 10_000 }, 'half-up')).toBe(300);
  });

  it('validates configured discounts with the schema', () => {
    expect(discountSchema.safeParse({ kind: 'percent', bp: 1500 }).success).toBe(true);
    expect(discountSchema.safeParse({ kind: 'percent', bp: 15.5 }).success).toBe(false);
    expect(discountSchema.safeParse({ kind: 'amount', minor: -5 }).success).toBe(false);
    expect(discountSchema.safeParse({ kind: 'free', minor: 5 }).success).toBe(false);
  });
});

describe('order discounts', () => {
  it('shows 10 % off once and spreads it over the lines to the cent', () => {
    const result = applyOrderDiscount([1800, 4500, 12_000, 2500], { kind: 'percent', bp: 1000 }, 'half-up');
    expect(result.subtotal).toBe(20_800);
    expect(result.discount).toBe(2080);
    expect(result.perLine).toEqual([180, 450, 1200, 250]);
    expect(result.lines).toEqual([1620, 4050, 10_800, 2250]);
  });

  it('spreads an awkward amount so the shares still add up', () => {
    const result = applyOrderDiscount([100, 100, 100], { kind: 'amount', minor: 100 }, 'half-up');
    expect(result.perLine).toEqual([34, 33, 33]);
    expect(result.lines).toEqual([66, 67, 67]);
  });

  it('refuses an order discount bigger than the order, or over a negative line', () => {
    expect(() => applyOrderDiscount([100, 200], { kind: 'amount', minor: 301 }, 'half-up')).toThrow(
      expect.objectContaining({ code: 'money.discount-exceeds-amount' }),
    );
    expect(() => applyOrderDiscount([100, -50], { kind: 'amount', minor: 10 }, 'half-up')).toThrow(
      expect.objectContaining({ code: 'money.negative-amount' }),
    );
  });

  it('for any cart and discount, lines after discount add up to subtotal minus discount and never go negative', () => {
    const lines = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(
        lines,
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (amounts, bp, fraction, byPercent) => {
          const subtotal = amounts.reduce((a, b) => a + b, 0);
          if (subtotal === 0 && !byPercent) return;
          const discount = byPercent
            ? ({ kind: 'percent', bp } as const)
            : ({ kind: 'amount', minor: Math.floor(subtotal * fraction) } as const);
          const result = applyOrderDiscount(amounts, discount, 'half-up');
          expect(result.perLine.reduce((a, b) => a + b, 0)).toBe(result.discount);
          expect(result.lines.reduce((a, b) => a + b, 0)).toBe(subtotal - result.discount);
          for (const l of result.lines) expect(l).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
