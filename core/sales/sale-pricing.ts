// Line pricing: which tier price a line is charged, its discounts, the order discount shared over
// the lines, and tax. Pure functions of the cart; the Sale (sale.ts) holds the cart they price.
import type { TaxConfig } from '../money/tax.ts';
import { computeTax } from '../money/tax.ts';
import { lineAmount } from '../money/quantity.ts';
import { applyOrderDiscount, discountAmount, type Discount } from '../money/discount.ts';
import type { CashRoundingRule } from '../money/cash-rounding.ts';
import type { RoundingMode } from '../money/rounding.ts';
import type { AttachedMember, CartLine, PricedLine, SaleTotals } from './cart.ts';

/** The store rules a sale is priced under. */
export interface PricingRules {
  currency: string;
  tax: TaxConfig;
  cashRounding: CashRoundingRule;
  defaultTier: string;
  roundingMode: RoundingMode;
  /** Member tier -> the price tier its members buy at (HQ's member tiers). A tier not listed is its own price tier. */
  memberPriceTiers?: Readonly<Record<string, string>>;
}

/** An order discount as the cashier gave it. */
export interface OrderDiscount {
  discount: Discount;
  reason: string;
  approvalSeq?: number;
}

/** The priced part of a sale's totals: everything before the tenders. */
export type PricedSale = Pick<SaleTotals, 'lines' | 'subtotal' | 'lineDiscounts' | 'orderDiscount' | 'tax' | 'total'>;

/** The price tier the attached member buys at, under the rules the sale started with. */
export function memberPriceTier(rules: PricingRules, member: AttachedMember | null): string | undefined {
  const tier = member?.tier;
  if (tier === undefined) return undefined;
  const mapped = rules.memberPriceTiers;
  return mapped && Object.hasOwn(mapped, tier) ? mapped[tier] : tier;
}

/** The unit price a line is charged and the tier it comes from ('override' or 'label' when not from the price table). */
export function unitPriceOf(l: CartLine, rules: PricingRules, member: AttachedMember | null): { unitPrice: number; priceTier: string } {
  if (l.override)
    return { unitPrice: l.override.unitPrice, priceTier: l.override.reason === 'price-embedded-barcode' ? 'label' : 'override' };
  const tier = memberPriceTier(rules, member);
  if (tier && Object.hasOwn(l.product.prices, tier)) return { unitPrice: l.product.prices[tier]!, priceTier: tier };
  return { unitPrice: l.product.prices[rules.defaultTier]!, priceTier: rules.defaultTier };
}

/** The unit price the price table gives a line, ignoring any override. */
export function unitPriceWithoutOverride(l: CartLine, rules: PricingRules, member: AttachedMember | null): number {
  const tier = memberPriceTier(rules, member);
  if (tier && Object.hasOwn(l.product.prices, tier)) return l.product.prices[tier]!;
  return l.product.prices[rules.defaultTier]!;
}

/** Prices the sale's lines that are not voided: gross, line and order discounts, tax. Throws MoneyError on an impossible discount. */
export function priceLines(
  cart: readonly CartLine[],
  orderDiscount: OrderDiscount | null,
  rules: PricingRules,
  member: AttachedMember | null,
): PricedSale {
  const { roundingMode, currency, tax: taxConfig } = rules;
  const active = cart.filter((l) => !l.voided);
  const base = active.map((l) => {
    const { unitPrice, priceTier } = unitPriceOf(l, rules, member);
    const gross = l.override?.reason === 'price-embedded-barcode' ? unitPrice : lineAmount(unitPrice, l.qtyMilli, roundingMode);
    const lineDiscount = l.discount ? discountAmount(gross, l.discount.discount, roundingMode) : 0;
    return { l, unitPrice, priceTier, gross, lineDiscount, afterLine: gross - lineDiscount };
  });
  // A gift card line (issue #15) is value loaded, not goods: no share of an order discount, no tax.
  const order = orderDiscount
    ? applyOrderDiscount(
        base.map((b) => (b.l.giftCard ? 0 : b.afterLine)),
        orderDiscount.discount,
        roundingMode,
      )
    : null;
  const amounts = base.map((b, i) => b.afterLine - (order?.perLine[i] ?? 0));
  const goods = base.flatMap((b, i) => (b.l.giftCard ? [] : [i]));
  const tax = computeTax(
    currency,
    goods.map((i) => ({ amount: amounts[i]!, taxClass: base[i]!.l.product.taxClass })),
    taxConfig,
  );
  const lineTax = new Map(goods.map((i, k) => [i, tax.lines[k]!.tax]));
  const loaded = base.reduce((s, b, i) => s + (b.l.giftCard ? amounts[i]! : 0), 0);
  const classBp = new Map(taxConfig.classes.map((c) => [c.id, c.rates.reduce((s, r) => s + r.bp, 0)]));
  const lines: PricedLine[] = base.map((b, i) => ({
    line: b.l,
    unitPrice: b.unitPrice,
    priceTier: b.priceTier,
    gross: b.gross,
    lineDiscount: b.lineDiscount,
    orderShare: order?.perLine[i] ?? 0,
    amount: amounts[i]!,
    tax: lineTax.get(i) ?? 0,
    taxRateBp: b.l.giftCard ? 0 : (classBp.get(b.l.product.taxClass) ?? 0),
  }));
  return {
    lines,
    subtotal: base.reduce((s, b) => s + b.gross, 0),
    lineDiscounts: base.reduce((s, b) => s + b.lineDiscount, 0),
    orderDiscount: order?.discount ?? 0,
    tax: tax.tax,
    total: tax.gross + loaded,
  };
}
