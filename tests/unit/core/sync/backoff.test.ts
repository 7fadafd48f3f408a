import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay, DEFAULT_BACKOFF } from '../../../../core/sync/backoff.ts';

describe('backoffDelay', () => {
  it('grows exponentially from the base and stops at the ceiling', () => {
    const fixed = () => 1;
    expect(backoffDelay(1, DEFAULT_BACKOFF, fixed)).toBe(1_000);
    expect(backoffDelay(2, DEFAULT_BACKOFF, fixed)).toBe(2_000);
    expect(backoffDelay(5, DEFAULT_BACKOFF, fixed)).toBe(16_000);
    expect(backoffDelay(50, DEFAULT_BACKOFF, fixed)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(backoffDelay(10_000, DEFAULT_BACKOFF, fixed)).toBe(DEFAULT_BACKOFF.maxMs);
  });

  it('jitters within [step/2, step]: never zero, never above the ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const step = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempt - 1));
        const d = backoffDelay(attempt, DEFAULT_BACKOFF, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(step / 2));
        expect(d).toBeLessThanOrEqual(step);
      }),
    );
  });

  it('spreads terminals that failed together', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(6, DEFAULT_BACKOFF, random)));
    expect(delays.size).toBeGreaterThan(40);
  });
});
