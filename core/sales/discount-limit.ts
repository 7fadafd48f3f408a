// The store's discount limit: what a cashier may take off a sale without 'sale.discount.large'.
// It is on the sale's discounts together (issue #3), so stacking small ones cannot get round it.

/** A sale's discounts together: minor units off, and their share of the gross (basis points, unrounded). */
export interface DiscountLevel {
  amount: number;
  shareBp: number;
}

/** Store limits on what a cashier may take off a sale without 'sale.discount.large'. */
export interface DiscountLimits {
  /** The sale's discounts together as a share of its gross, basis points. */
  percentBp: number;
  /** The sale's discounts together, minor units. */
  amount: number;
}

/**
 * Whether a discount of `kind` that brings the sale to `level` needs 'sale.discount.large'. The
 * limit is on the sale's discounts together, so stacking small ones cannot get round it: a
 * percentage discount is judged by the share of the gross, an amount discount by the amount.
 * A level already approved on this sale is covered.
 */
export function overDiscountLimit(
  kind: 'percent' | 'amount',
  level: DiscountLevel,
  limits: DiscountLimits,
  approved: DiscountLevel,
): boolean {
  // Float shares: allow for the last digit of a division, never a real basis point.
  if (kind === 'percent') return level.shareBp > Math.max(limits.percentBp, approved.shareBp) + 1e-6;
  return level.amount > Math.max(limits.amount, approved.amount);
}

/** The limits of the configuration's approvals section. */
export function discountLimits(approvals: { discountPercentBp: number; discountAmount: number }): DiscountLimits {
  return { percentBp: approvals.discountPercentBp, amount: approvals.discountAmount };
}
