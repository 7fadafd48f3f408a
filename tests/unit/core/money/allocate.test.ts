import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocate, apportion } from '../../../../core/money/allocate.ts';
import { MoneyError } from '../../../../core/money/errors.ts';

describe('allocate', () => {
  it('splits 100 over three equal lines as 34, 33, 33: the first line takes the odd cent', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it('gives the spare units to the largest remainders', () => {
    // exact shares 3.75, 2.5, 3.75 -> floors 3, 2, 3 and two spare units to the two .75s
    expect(allocate(10, [300, 200, 300])).toEqual([4, 2, 4]);
  });

  it('gives nothing to a zero-priced line', () => {
    expect(allocate(7, [0, 5, 0, 5])).toEqual([0, 4, 0, 3]);
  });

  it('mirrors a negative total exactly', () => {
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
  });

  it('refuses weights it cannot share by', () => {
    expect(() => allocate(5, [])).toThrow(MoneyError);
    expect(() => allocate(5, [0, 0])).toThrow(expect.objectContaining({ code: 'money.invalid-weights' }));
    expect(() => allocate(5, [3, -1])).toThrow(expect.objectContaining({ code: 'money.invalid-weights' }));
    expect(() => allocate(5.5, [1])).toThrow(expect.objectContaining({ code: 'money.not-integer' }));
  });

  const weights = fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 40 }).filter((w) => w.some((x) => x > 0));
  const total = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 });

  it('parts always sum to the total exactly', () => {
    fc.assert(
      fc.property(total, weights, (t, w) => {
        expect(allocate(t, w).reduce((a, b) => a + b, 0)).toBe(t);
      }),
    );
  });

  it('each part is within one unit of its exact proportional share', () => {
    fc.assert(
      fc.property(total, weights, (t, w) => {
        const sum = BigInt(w.reduce((a, b) => a + b, 0));
        allocate(t, w).forEach((part, i) => {
          const deviation = BigInt(part) * sum - BigInt(t) * BigInt(w[i]!);
          expect((deviation < 0n ? -deviation : deviation) < sum).toBe(true);
          if (w[i] === 0) expect(part).toBe(0);
        });
      }),
    );
  });

  it('a bigger line never gets a smaller share than a smaller line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), weights, (t, w) => {
        const parts = allocate(t, w);
        for (let i = 0; i < w.length; i++)
          for (let j = 0; j < w.length; j++) if (w[i]! > w[j]!) expect(parts[i]!).toBeGreaterThanOrEqual(parts[j]!);
      }),
    );
  });
});

describe('apportion', () => {
  it('rounds exact shares to a given total, each to its floor or ceiling', () => {
    // exact 1.5, 1.5, -0.5 (denominator 2) summing to 2.5, rounded to 3: floors 1, 1, -1 and
    // the two spare units go to the earliest of the equal remainders
    expect(apportion([3n, 3n, -1n], 2n, 3n)).toEqual([2n, 2n, -1n]);
    expect(apportion([3n, 3n, -1n], 2n, 2n)).toEqual([2n, 1n, -1n]);
    expect(() => apportion([1n, 1n], 2n, 5n)).toThrow(RangeError);
  });
});
