// The store's discount limit: what a cashier may take off a sale without 'sale.discount.large'.
// It is on the sale's discounts together (issue #3), so stacking small ones cannot get round it,
// and it is judged both as an amount and as a share of the sale (issue #12): NT$250 off a NT$298
// sale is within a NT$500 amount but 84 % of the sale, so it needs a manager.
import { formatMinor } from '../money/money.ts';

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
 * Whether discounts that bring the sale to `level` need 'sale.discount.large': above the share
 * or above the amount, whichever is passed first, whatever kind of discount got it there. A
 * level already approved on this sale is covered.
 */
export function overDiscountLimit(level: DiscountLevel, limits: DiscountLimits, approved: DiscountLevel): boolean {
  // Float shares: allow for the last digit of a division, never a real basis point.
  return level.shareBp > Math.max(limits.percentBp, approved.shareBp) + 1e-6 || level.amount > Math.max(limits.amount, approved.amount);
}

/** Default share without approval: 10 %. */
export const DEFAULT_DISCOUNT_PERCENT_BP = 1000;

/**
 * Default amount without approval, in major units: a small sum in each currency (about 15 US
 * dollars), so a store that sets nothing is never given a limit a thousand times too large.
 */
const DEFAULT_AMOUNT_MAJOR: Readonly<Record<string, number>> = {
  TWD: 500,
  HKD: 100,
  MOP: 100,
  CNY: 100,
  USD: 20,
  EUR: 20,
  GBP: 20,
  CHF: 20,
  CAD: 20,
  AUD: 20,
  NZD: 20,
  SGD: 20,
  SEK: 200,
  JPY: 2000,
  KRW: 20_000,
  MYR: 50,
  THB: 500,
  KWD: 5,
  BHD: 5,
};
const FALLBACK_AMOUNT_MAJOR = 20;

/** The configuration's approvals section as it may be written: plainly named keys, or the older ones. */
export interface DiscountApprovals {
  /** Percent of the sale (10 = 10 %). */
  discountPercent?: number | undefined;
  /** Amount in the currency's major units (500 = NT$500). */
  discountAmountMajor?: number | undefined;
  /** Older name: basis points (1000 = 10 %). */
  discountPercentBp?: number | undefined;
  /** Older name: minor units (5000 = 50.00 USD, but NT$5,000 in a store without cents). */
  discountAmount?: number | undefined;
}

/** The limits in force: the plain keys win, then the older ones, then the currency's defaults. */
export function discountLimits(approvals: DiscountApprovals, currency: string, minorDigits: number): DiscountLimits {
  const scale = 10 ** minorDigits;
  const percentBp =
    approvals.discountPercent !== undefined
      ? Math.round(approvals.discountPercent * 100)
      : (approvals.discountPercentBp ?? DEFAULT_DISCOUNT_PERCENT_BP);
  const defaultMajor = Object.hasOwn(DEFAULT_AMOUNT_MAJOR, currency) ? DEFAULT_AMOUNT_MAJOR[currency]! : FALLBACK_AMOUNT_MAJOR;
  const amount =
    approvals.discountAmountMajor !== undefined
      ? Math.round(approvals.discountAmountMajor * scale)
      : (approvals.discountAmount ?? Math.round(defaultMajor * scale));
  return { percentBp, amount };
}

/** What the limit means in money, for `tillproof config check` and the settings screen: "10 % or TWD 500". */
export function describeDiscountLimits(limits: DiscountLimits, currency: string, minorDigits: number): string {
  const percent = `${limits.percentBp / 100} %`;
  return `${percent} of the sale or ${currency} ${formatMinor(limits.amount, minorDigits)}, whichever is less`;
}
