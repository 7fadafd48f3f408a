import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ROUNDING_MODES, divideRounded, rescale, type RoundingMode } from '../../../../core/money/rounding.ts';
import { MoneyError } from '../../../../core/money/errors.ts';

const d = (n: number, den: number, mode: RoundingMode): number => Number(divideRounded(BigInt(n), BigInt(den), mode));

describe('divideRounded', () => {
  it('rounds halves the way each mode promises', () => {
    // 2.5, 3.5, -2.5
    expect([d(25, 10, 'half-up'), d(35, 10, 'half-up'), d(-25, 10, 'half-up')]).toEqual([3, 4, -3]);
    expect([d(25, 10, 'half-even'), d(35, 10, 'half-even'), d(-25, 10, 'half-even')]).toEqual([2, 4, -2]);
    expect([d(25, 10, 'down'), d(29, 10, 'down'), d(-29, 10, 'down')]).toEqual([2, 2, -2]);
    expect([d(21, 10, 'up'), d(20, 10, 'up'), d(-21, 10, 'up')]).toEqual([3, 2, -3]);
  });

  it('rounds below and above the half consistently', () => {
    for (const mode of ['half-up', 'half-even'] as const) {
      expect(d(24, 10, mode)).toBe(2);
      expect(d(26, 10, mode)).toBe(3);
    }
  });

  it('handles a negative denominator like its positive twin', () => {
    expect(d(25, -10, 'half-up')).toBe(-3);
    expect(() => divideRounded(1n, 0n, 'half-up')).toThrow(RangeError);
  });

  it('is symmetric about zero, so a refund mirrors its sale', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.constantFrom(...ROUNDING_MODES),
        (n, den, mode) => {
          expect(divideRounded(-n, den, mode)).toBe(-divideRounded(n, den, mode));
        },
      ),
    );
  });

  it('lands within one unit of the exact quotient, and within half a unit for the half modes', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        fc.constantFrom(...ROUNDING_MODES),
        (n, den, mode) => {
          const q = divideRounded(n, den, mode);
          const error = q * den - n; // (q - n/den) * den
          const abs = error < 0n ? -error : error;
          if (mode === 'half-up' || mode === 'half-even') expect(abs * 2n <= den).toBe(true);
          else expect(abs < den).toBe(true);
          if (mode === 'down') expect((q < 0n ? -q : q) * den <= (n < 0n ? -n : n)).toBe(true);
          if (mode === 'up') expect((q < 0n ? -q : q) * den >= (n < 0n ? -n : n)).toBe(true);
        },
      ),
    );
  });
});

describe('rescale', () => {
  it('turns a GS1 weight of 1.2345 kg into grams', () => {
    expect(rescale(12345, 4, 3, 'half-up')).toBe(1235);
    expect(rescale(12345, 4, 3, 'down')).toBe(1234);
    expect(rescale(1250, 3, 3, 'half-up')).toBe(1250);
    expect(rescale(125, 2, 3, 'half-up')).toBe(1250);
  });

  it('turns a price with 3 decimals into cents and into whole TWD', () => {
    expect(rescale(12995, 3, 2, 'half-even')).toBe(1300);
    expect(rescale(1299, 2, 0, 'half-up')).toBe(13);
  });

  it('rejects nonsense decimal counts and overflow', () => {
    expect(() => rescale(1, -1, 2, 'half-up')).toThrow(MoneyError);
    expect(() => rescale(Number.MAX_SAFE_INTEGER, 0, 2, 'half-up')).toThrow(expect.objectContaining({ code: 'money.overflow' }));
  });
});
