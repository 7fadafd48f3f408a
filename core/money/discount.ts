import { z } from 'zod';
import { MoneyError } from './errors.ts';
import { allocate } from './allocate.ts';
import { assertMinor, checkedSum, toSafeNumber } from './money.ts';
import { divideRounded, type RoundingMode } from './rounding.ts';

/** Percentages are integer basis points: 10000 = 100 %, 500 = 5 %, 1250 = 12.5 %. */
export const BP_PER_WHOLE = 10_000;

export const discountSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('amount'), minor: z.int().nonnegative().max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ kind: z.literal('percent'), bp: z.int().min(0).max(BP_PER_WHOLE) }),
]);
/** A discount as keyed or configured: a fixed amount off, or a percentage off. */
export type Discount = z.infer<typeof discountSchema>;

export function assertBasisPoints(bp: number, max: number, what = 'rate'): void {
  if (!Number.isSafeInteger(bp) || bp < 0 || bp > max) {
    throw new MoneyError('money.invalid-rate', `${what} must be whole basis points from 0 to ${max}, got ${String(bp)}`, { what, max });
  }
}

/** `bp` basis points of `amount`, rounded once by `mode`. */
export function percentOf(amount: number, bp: number, mode: RoundingMode): number {
  assertMinor(amount);
  assertBasisPoints(bp, Number.MAX_SAFE_INTEGER, 'percentage');
  const n = toSafeNumber(divideRounded(BigInt(amount) * BigInt(bp), BigInt(BP_PER_WHOLE), mode));
  return n === 0 ? 0 : n;
}

/**
 * Minor units taken off `base` by `discount`. The base must not be negative and an amount
 * discount may not exceed it (`money.discount-exceeds-amount`): a discount never turns a
 * sale into a payout.
 */
export function discountAmount(base: number, discount: Discount, mode: RoundingMode): number {
  assertMinor(base, 'discount base');
  if (base < 0) throw new MoneyError('money.negative-amount', `cannot discount a negative amount ${base}`, { base });
  if (discount.kind === 'percent') {
    assertBasisPoints(discount.bp, BP_PER_WHOLE, 'discount percentage');
    return percentOf(base, discount.bp, mode);
  }
  assertMinor(discount.minor, 'discount');
  if (discount.minor < 0)
    throw new MoneyError('money.negative-amount', `a discount cannot be negative: ${discount.minor}`, { discount: discount.minor });
  if (discount.minor > base) {
    throw new MoneyError('money.discount-exceeds-amount', `discount ${discount.minor} is more than the amount ${base}`, {
      discount: discount.minor,
      base,
    });
  }
  return discount.minor;
}

export interface DiscountedLine {
  /** Amount before the discount. */
  readonly amount: number;
  readonly discount: number;
  /** amount - discount. */
  readonly net: number;
}

/** A discount on one line. */
export function applyLineDiscount(amount: number, discount: Discount, mode: RoundingMode): DiscountedLine {
  const off = discountAmount(amount, discount, mode);
  return { amount, discount: off, net: amount - off };
}

export interface OrderDiscount {
  readonly subtotal: number;
  /** The whole order discount, shown once on the receipt. */
  readonly discount: number;
  /** The discount's share on each line, in line order; sums to `discount` exactly. */
  readonly perLine: readonly number[];
  /** Each line's amount after its share. */
  readonly lines: readonly number[];
}

/**
 * An order-level discount over line amounts (already net of line discounts). The discount is
 * computed once on the subtotal, then spread over the lines in proportion to their amounts by
 * largest remainder, so the shares add up to the discount exactly and tax can be computed per
 * line on what the customer really pays.
 */
export function applyOrderDiscount(lineAmounts: readonly number[], discount: Discount, mode: RoundingMode): OrderDiscount {
  const subtotal = checkedSum(lineAmounts, 'subtotal');
  for (const a of lineAmounts) {
    if (a < 0) throw new MoneyError('money.negative-amount', `an order discount cannot spread over a negative line ${a}`, { amount: a });
  }
  const off = discountAmount(subtotal, discount, mode);
  const perLine = lineAmounts.length === 0 ? [] : allocate(off, lineAmounts);
  return { subtotal, discount: off, perLine, lines: lineAmounts.map((a, i) => a - perLine[i]!) };
}
