import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../../hardware/transports/supervised-link.ts';

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap', () => {
    const options = { initialMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100].map((a) => backoffDelay(a, options))).toEqual([
      500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
