import { describe, expect, it } from 'vitest';
import { describeDiscountLimits, discountLimits, overDiscountLimit } from '../../../../core/sales/discount-limit.ts';

describe('discount limit on the whole sale', () => {
  const limits = { percentBp: 1000, amount: 500 };
  const none = { amount: 0, shareBp: 0 };

  it('is passed by the share or by the amount, whichever comes first', () => {
    // NT$250 off NT$298: a small amount, but 84 % of the sale.
    expect(overDiscountLimit({ amount: 250, shareBp: 8389 }, limits, none)).toBe(true);
    // 10 % of a NT$8,000 sale is NT$800: within the share, above the amount.
    expect(overDiscountLimit({ amount: 800, shareBp: 1000 }, limits, none)).toBe(true);
    expect(overDiscountLimit({ amount: 30, shareBp: 1000 }, limits, none)).toBe(false);
    // A level already approved on the sale is covered.
    expect(overDiscountLimit({ amount: 250, shareBp: 8389 }, limits, { amount: 250, shareBp: 8389 })).toBe(false);
  });

  it('defaults to 10 % and a small sum in major units of each currency', () => {
    expect(discountLimits({}, 'TWD', 0)).toEqual({ percentBp: 1000, amount: 500 });
    expect(discountLimits({}, 'USD', 2)).toEqual({ percentBp: 1000, amount: 2000 });
    expect(discountLimits({}, 'JPY', 0)).toEqual({ percentBp: 1000, amount: 2000 });
    expect(discountLimits({}, 'KWD', 3)).toEqual({ percentBp: 1000, amount: 5000 });
  });

  it('reads the plain keys first, then the older ones (basis points, minor units)', () => {
    expect(discountLimits({ discountPercent: 12.5, discountAmountMajor: 99.99 }, 'USD', 2)).toEqual({ percentBp: 1250, amount: 9999 });
    expect(discountLimits({ discountPercentBp: 1500, discountAmount: 5000 }, 'TWD', 0)).toEqual({ percentBp: 1500, amount: 5000 });
    expect(
      discountLimits({ discountPercent: 5, discountPercentBp: 1500, discountAmountMajor: 300, discountAmount: 5000 }, 'TWD', 0),
    ).toEqual({
      percentBp: 500,
      amount: 300,
    });
  });

  it('says what the limit means in money', () => {
    expect(describeDiscountLimits({ percentBp: 1000, amount: 500 }, 'TWD', 0)).toBe('10 % of the sale or TWD 500, whichever is less');
    expect(describeDiscountLimits({ percentBp: 1250, amount: 2000 }, 'USD', 2)).toBe('12.5 % of the sale or USD 20.00, whichever is less');
  });
});
