import { describe, expect, it } from 'vitest';
import { cardBatchSummary, cardBatchThreshold, hasCardTenders } from '../../../../core/till/card-batch.ts';

describe('card batch', () => {
  it('a day needs a batch when it has card payments or card refunds', () => {
    expect(hasCardTenders({ 'tender:cash': { amount: 100, count: 2 } })).toBe(false);
    expect(hasCardTenders({ 'tender:card': { amount: 0, count: 1 } })).toBe(true);
    expect(hasCardTenders({ 'refund:card': { amount: 40, count: 1 } })).toBe(true);
  });

  it('takes its own threshold, else the drawer over/short one, and needs a co-sign beyond it either way', () => {
    expect(cardBatchThreshold({ till: { denominations: [], overShortThreshold: 100, requireSession: true } })).toBe(100);
    expect(cardBatchThreshold({ till: { denominations: [], overShortThreshold: 100, requireSession: true, cardBatchThreshold: 0 } })).toBe(
      0,
    );
    const body = { businessDay: '2026-11-20', currency: 'TWD', reported: 135, expected: 165, difference: -30, tenders: 2 };
    expect(cardBatchSummary({ seq: 9, body, cosignSeq: null }, 20)).toEqual({
      businessDay: '2026-11-20',
      reported: 135,
      expected: 165,
      difference: -30,
      needsCosign: true,
      cosigned: false,
    });
    expect(cardBatchSummary({ seq: 9, body, cosignSeq: 12 }, 30)).toMatchObject({ needsCosign: false, cosigned: true });
  });
});
