import { describe, expect, it } from 'vitest';
import { discountLimits, overDiscountLimit } from '../../../../core/sales/discount-limit.ts';

describe('discount limit on the whole sale', () => {
  const limits = { percentBp: 1000, amount: 50 };
  const none = { amount: 0, shareBp: 0 };

  it('judges an amount discount by the amount, a percentage by the share', () => {
    expect(overDiscountLimit('amount', { amount: 50, shareBp: 5000 }, limits, none)).toBe(false);
    expect(overDiscountLimit('amount', { amount: 51, shareBp: 100 }, limits, none)).toBe(true);
    expect(overDiscountLimit('amount', { amount: 51, shareBp: 100 }, limits, { amount: 60, shareBp: 0 })).toBe(false);
    expect(overDiscountLimit('percent', { amount: 500, shareBp: 1000 }, limits, none)).toBe(false);
  });

  it("reads the limits from the configuration's approvals", () => {
    const approvals = { discountPercentBp: 1000, discountAmount: 50, freeReprints: 1 };
    expect(discountLimits(approvals)).toEqual(limits);
  });
});
