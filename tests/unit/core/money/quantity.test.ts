import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lineAmount, qtyMilliOfUnits } from '../../../../core/money/quantity.ts';
import { ROUNDING_MODES } from '../../../../core/money/rounding.ts';
import { MoneyError } from '../../../../core/money/errors.ts';

describe('lineAmount', () => {
  it('prices whole items exactly', () => {
    expect(lineAmount(1800, qtyMilliOfUnits(3), 'half-up')).toBe(5400);
    expect(lineAmount(4500, 1000, 'half-up')).toBe(4500);
  });

  it('prices weighed goods: 0.250 kg at 12.99 per kg', () => {
    // 1299 * 250 / 1000 = 324.75 cents
    expect(lineAmount(1299, 250, 'half-up')).toBe(325);
    expect(lineAmount(1299, 250, 'down')).toBe(324);
    expect(lineAmount(1299, 250, 'up')).toBe(325);
  });

  it('rounds an exact half cent by the store rule', () => {
    // 1 * 500 / 1000 = 0.5 and 3 * 500 / 1000 = 1.5
    expect(lineAmount(1, 500, 'half-up')).toBe(1);
    expect(lineAmount(1, 500, 'half-even')).toBe(0);
    expect(lineAmount(3, 500, 'half-even')).toBe(2);
  });

  it('refunds a returned weighed line at exactly minus its sale amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(...ROUNDING_MODES),
        (price, qty, mode) => {
          expect(lineAmount(price, -qty, mode) + lineAmount(price, qty, mode)).toBe(0);
        },
      ),
    );
  });

  it('matches exact rational arithmetic where floats drift (e.g. 0.1 kg steps)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (price, qty) => {
        const exact = BigInt(price) * BigInt(qty);
        const expected = (exact + 500n) / 1000n; // half-up for non-negative values
        expect(lineAmount(price, qty, 'half-up')).toBe(Number(expected));
        expect(Number.isSafeInteger(lineAmount(price, qty, 'half-even'))).toBe(true);
      }),
    );
  });

  it('rejects fractional quantities and prices rather than guessing', () => {
    expect(() => lineAmount(100, 0.5, 'half-up')).toThrow(expect.objectContaining({ code: 'money.not-integer' }));
    expect(() => lineAmount(99.9, 1000, 'half-up')).toThrow(MoneyError);
    expect(() => lineAmount(Number.MAX_SAFE_INTEGER, 1_000_000, 'half-up')).toThrow(expect.objectContaining({ code: 'money.overflow' }));
  });
});
