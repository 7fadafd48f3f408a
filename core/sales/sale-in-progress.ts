// The sale in progress as the sale, member and discount methods share it: starting one, requiring
// one, telling the screens about it, and holding its discounts to the store's limit.
import { requireInvoiceNumber } from './einvoice-numbers.ts';
import type { Approval } from '../contract/methods.ts';
import type { SaleView } from '../contract/views.ts';
import { HostError } from '../contract/errors.ts';
import { authorize, requirePermission } from '../auth/authorize.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { Sale } from './sale.ts';
import { discountLimits, overDiscountLimit, type DiscountLimits } from './discount-limit.ts';
import { keepSale } from './sale-journal.ts';

/** The sale in progress; throws auth.required or sale.none-open. */
export function requireSale(ctx: TerminalContext): Sale {
  ctx.requireOperator();
  if (!ctx.session.sale) throw new HostError('sale.none-open', 'there is no sale in progress');
  return ctx.session.sale;
}

/** The sale in progress, or a new one with the pricing rules in force now (it keeps them to the end). */
export function ensureSale(ctx: TerminalContext): Sale {
  requirePermission(ctx, 'sale.sell', 'sell');
  const { session } = ctx;
  if (session.sale) return session.sale;
  ctx.requireNoObligation();
  requireInvoiceNumber(ctx, session.training);
  session.sale = new Sale(ctx.newId(), ctx.now().toISOString(), ctx.pricingRules(), session.training);
  return session.sale;
}

/**
 * Saves the sale as it is now in the pending-sale journal (a tender taken is durable before the
 * screen shows it), then tells every screen; the view is computed once for the event and the reply.
 */
export function saleChanged(ctx: TerminalContext): null;
export function saleChanged(ctx: TerminalContext, current: Sale): SaleView;
export function saleChanged(ctx: TerminalContext, current?: Sale): SaleView | null {
  keepSale(ctx, current ?? null);
  const view = current ? current.view() : null;
  ctx.emit('sale.changed', view);
  return view;
}

/** The store's discount limits in force, in the store's currency. */
export function storeDiscountLimits(ctx: TerminalContext): DiscountLimits {
  return discountLimits(ctx.config().approvals, ctx.config().store.currency, ctx.minorDigits);
}

/**
 * The store's discount limit holds for the sale as it ends up, not only when a discount is
 * given: a change to a line (more of a line with a percentage off, voiding the lines without
 * one, a lower price) that takes the sale's discounts above both the limit and what was
 * approved needs 'sale.discount.large' too. Checked before anything changes; `commit` records
 * the approval (if one was needed) once the change is made.
 */
export function coverDiscounts(
  ctx: TerminalContext,
  s: Sale,
  lineNo: number,
  change: Parameters<Sale['discountLevelAfter']>[1],
  approval: Approval | undefined,
  what: string,
): { commit: () => void } {
  const before = s.discountLevel();
  const after = s.discountLevelAfter(lineNo, change);
  const kinds = s.discountKinds();
  const grew = after.shareBp > before.shareBp + 1e-6 || after.amount > before.amount;
  const over = (kinds.percent || kinds.amount) && grew && overDiscountLimit(after, storeDiscountLimits(ctx), s.discountApproved);
  if (!over) return { commit: () => {} };
  const saleDiscount = { amount: after.amount, percentBp: Math.round(after.shareBp) };
  const subject = { lineNo, ...change, saleId: s.saleId, saleDiscount };
  const cover = authorize(ctx, 'sale.discount.large', `${what} that takes the discounts above the limit`, { approval, subject });
  return {
    commit: () => {
      s.approveDiscountLevel(after);
      if (cover) s.noteApproval(ctx.store.write((tx) => tx.append(cover).seq));
    },
  };
}
