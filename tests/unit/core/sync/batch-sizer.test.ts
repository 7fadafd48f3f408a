import { describe, expect, it } from 'vitest';
import { BatchSizer } from '../../../../core/sync/batch-sizer.ts';

const opts = { minBytes: 1_000, maxBytes: 64_000, initialBytes: 8_000, targetMs: 1_000, maxEntries: 100 };

describe('BatchSizer', () => {
  it('doubles after fast, full batches up to the ceiling', () => {
    const s = new BatchSizer(opts);
    for (let i = 0; i < 10; i++) s.recordSuccess(s.targetBytes, 100);
    expect(s.targetBytes).toBe(64_000);
  });

  it('does not grow on a fast batch that was not full (nothing more to send)', () => {
    const s = new BatchSizer(opts);
    s.recordSuccess(500, 10);
    expect(s.targetBytes).toBe(8_000);
  });

  it('halves after a slow batch, and steers toward the target between', () => {
    const s = new BatchSizer(opts);
    s.recordSuccess(8_000, 5_000);
    expect(s.targetBytes).toBe(4_000);
    s.recordSuccess(4_000, 1_600);
    expect(s.targetBytes).toBe(2_500);
  });

  it('shrinks on failures (a quarter after 413), not on busy, and never below the floor', () => {
    const s = new BatchSizer(opts);
    s.recordFailure('busy');
    expect(s.targetBytes).toBe(8_000);
    s.recordFailure('timeout');
    expect(s.targetBytes).toBe(4_000);
    s.recordFailure('too-large');
    expect(s.targetBytes).toBe(1_000);
    s.recordFailure('network');
    expect(s.targetBytes).toBe(1_000);
  });
});
