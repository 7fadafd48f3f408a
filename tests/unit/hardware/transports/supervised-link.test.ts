import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../core/sync/backoff.ts';
import { reconnectDelay } from '../../../../hardware/transports/supervised-link.ts';

/** The link's own formula before it used core/sync/backoff.ts, kept here to prove the numbers did not change. */
function formerBackoffDelay(attempt: number, options: { initialMs: number; maxMs: number }): number {
  return Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
}

describe('reconnectDelay', () => {
  it('doubles from the initial delay up to the cap', () => {
    const options = { initialMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((a) => reconnectDelay(a + 1, options))).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('gives the same waits as the link computed itself, for every failure count and the configurable range', () => {
    const configs = [
      { initialMs: 10, maxMs: 50 },
      { initialMs: 15, maxMs: 15 },
      { initialMs: 20, maxMs: 200 },
      { initialMs: 333, maxMs: 7_777 },
      { initialMs: 500, maxMs: 30_000 },
      { initialMs: 60_000, maxMs: 600_000 },
    ];
    for (const options of configs) {
      // The link asked for attempt - 1 with attempt the failures in a row; 0 failures is a link dropped during set-up.
      for (let failures = 0; failures <= 70; failures++) {
        expect(reconnectDelay(failures, options)).toBe(formerBackoffDelay(failures - 1, options));
      }
      for (let attempt = 0; attempt <= 70; attempt++) {
        expect(backoffDelay(attempt + 1, { baseMs: options.initialMs, maxMs: options.maxMs, factor: 2 }, () => 1)).toBe(
          formerBackoffDelay(attempt, options),
        );
      }
    }
  });
});
