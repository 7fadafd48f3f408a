import { describe, expect, it } from 'vitest';
import { receiptNumberText, receiptSeriesOf, TRAINING_RECEIPT_BASE } from '../../../../core/shared/receipt-number.ts';

describe('receipt number series', () => {
  it('keeps training receipts apart from live ones and prints them as T-numbers', () => {
    expect(receiptSeriesOf(1)).toBe('live');
    expect(receiptSeriesOf(TRAINING_RECEIPT_BASE + 1)).toBe('training');
    expect(receiptNumberText(42)).toBe('42');
    expect(receiptNumberText(TRAINING_RECEIPT_BASE + 7)).toBe('T-000007');
  });
});
