import { describe, expect, it } from 'vitest';
import { blankNumbersDeadline, documentDeadline } from '../../../../hq/einvoice/deadlines.ts';

describe('upload deadlines', () => {
  it('a consumer invoice, void or allowance: 48 hours after it happened', () => {
    expect(documentDeadline({ eventAt: '2026-11-20T05:00:00Z', buyerHasUbn: false }).toISOString()).toBe('2026-11-22T05:00:00.000Z');
  });

  it('with a buyer UBN: 7 days', () => {
    expect(documentDeadline({ eventAt: '2026-11-20T05:00:00Z', buyerHasUbn: true }).toISOString()).toBe('2026-11-27T05:00:00.000Z');
  });

  it('unused numbers: by the end of the 10th, Taiwan time, of the month after the period', () => {
    expect(blankNumbersDeadline({ year: 2026, firstMonth: 1 }).toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(blankNumbersDeadline({ year: 2026, firstMonth: 11 }).toISOString()).toBe('2027-01-10T16:00:00.000Z');
  });
});
