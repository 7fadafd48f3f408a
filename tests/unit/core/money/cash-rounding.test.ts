import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cashRoundingRuleSchema, roundCash } from '../../../../core/money/cash-rounding.ts';
import { ROUNDING_MODES } from '../../../../core/money/rounding.ts';

describe('cash rounding', () => {
  it('rounds CHF to the 5-rappen coin', () => {
    const rule = { increment: 5, mode: 'half-up' } as const;
    expect(roundCash(1002, rule)).toEqual({ amount: 1002, rounded: 1000, adjustment: -2 });
    expect(roundCash(1003, rule)).toEqual({ amount: 1003, rounded: 1005, adjustment: 2 });
    expect(roundCash(1005, rule)).toEqual({ amount: 1005, rounded: 1005, adjustment: 0 });
  });

  it("rounds to whole units, or always in the customer's favour, as the store chooses", () => {
    expect(roundCash(1250, { increment: 100, mode: 'half-up' }).rounded).toBe(1300);
    expect(roundCash(1250, { increment: 100, mode: 'half-even' }).rounded).toBe(1200);
    expect(roundCash(1299, { increment: 100, mode: 'down' })).toEqual({ amount: 1299, rounded: 1200, adjustment: -99 });
    expect(roundCash(1201, { increment: 10, mode: 'up' }).rounded).toBe(1210);
  });

  it('rounds a cash refund to the same coin, mirrored', () => {
    expect(roundCash(-1003, { increment: 5, mode: 'half-up' })).toEqual({ amount: -1003, rounded: -1005, adjustment: -2 });
  });

  it('an increment of 1 changes nothing', () => {
    expect(roundCash(1234, { increment: 1, mode: 'up' })).toEqual({ amount: 1234, rounded: 1234, adjustment: 0 });
  });

  it('refuses a zero, negative or fractional increment', () => {
    expect(() => roundCash(100, { increment: 0, mode: 'half-up' })).toThrow(expect.objectContaining({ code: 'money.invalid-increment' }));
    expect(() => roundCash(100, { increment: 2.5, mode: 'half-up' })).toThrow(expect.objectContaining({ code: 'money.invalid-increment' }));
    expect(cashRoundingRuleSchema.safeParse({ increment: 5, mode: 'half-up' }).success).toBe(true);
    expect(cashRoundingRuleSchema.safeParse({ increment: -5, mode: 'half-up' }).success).toBe(false);
    expect(cashRoundingRuleSchema.safeParse({ increment: 5, mode: 'nearest' }).success).toBe(false);
  });

  it('always lands on a coin, within half a coin for the half modes and within one coin otherwise', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.constantFrom(2, 5, 10, 20, 50, 100, 500),
        fc.constantFrom(...ROUNDING_MODES),
        (amount, increment, mode) => {
          const r = roundCash(amount, { increment, mode });
          expect(r.rounded % increment === 0).toBe(true);
          expect(r.rounded - amount).toBe(r.adjustment);
          const off = Math.abs(r.adjustment);
          if (mode === 'half-up' || mode === 'half-even') expect(off * 2).toBeLessThanOrEqual(increment);
          else expect(off).toBeLessThan(increment);
          if (mode === 'down') expect(Math.abs(r.rounded)).toBeLessThanOrEqual(Math.abs(amount));
          if (mode === 'up') expect(Math.abs(r.rounded)).toBeGreaterThanOrEqual(Math.abs(amount));
        },
      ),
    );
  });
});
