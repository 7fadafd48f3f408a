// Discounts and price overrides on the sale in progress. The store's limit is on the sale's
// discounts together (issue #3): a discount or a change that takes them above it needs a manager.
import { HostError } from '../contract/errors.ts';
import { authorize, writeApproved } from '../auth/authorize.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { overDiscountLimit } from './discount-limit.ts';
import { coverDiscounts, requireSale, saleChanged, storeDiscountLimits } from './sale-in-progress.ts';

export type DiscountMethod = 'sale.applyDiscount' | 'sale.overridePrice';

export function createDiscountHandlers(ctx: TerminalContext): HandlersOf<DiscountMethod> {
  return {
    async 'sale.applyDiscount'(p) {
      const s = requireSale(ctx);
      if (p.scope === 'line' && p.lineNo === undefined) throw new HostError('payload.invalid', 'a line discount names the line');
      if (p.kind === 'percent' && p.value > 10_000) throw new HostError('discount.invalid', 'a percentage discount is at most 100 %');
      const discount = p.kind === 'amount' ? ({ kind: 'amount', minor: p.value } as const) : ({ kind: 'percent', bp: p.value } as const);
      // Validated here, before any approval is logged.
      const level = s.discountLevelWith(p.scope, p.lineNo, discount, p.reason);
      const large = overDiscountLimit(level, storeDiscountLimits(ctx), s.discountApproved);
      const saleDiscount = { amount: level.amount, percentBp: Math.round(level.shareBp) };
      const subject = { scope: p.scope, kind: p.kind, value: p.value, saleId: s.saleId, saleDiscount };
      const permission = large ? 'sale.discount.large' : 'sale.discount';
      const approval = authorize(ctx, permission, large ? 'a discount above the limit' : 'a discount', { approval: p.approval, subject });
      const give = (approvalSeq?: number) =>
        p.scope === 'line'
          ? s.setLineDiscount(p.lineNo!, discount, p.reason, approvalSeq)
          : s.setOrderDiscount(discount, p.reason, approvalSeq);
      give();
      // The approval (or the operator's own permission) covers the sale's resulting total discount.
      if (large) s.approveDiscountLevel(level);
      if (approval) {
        const seq = writeApproved(ctx, approval, () => []);
        if (seq) {
          s.noteApproval(seq);
          give(seq);
        }
      }
      return saleChanged(ctx, s);
    },

    async 'sale.overridePrice'(p) {
      const s = requireSale(ctx);
      const subject = { lineNo: p.lineNo, unitPrice: p.unitPrice, saleId: s.saleId };
      const approval = authorize(ctx, 'sale.price-override', 'a price override', { approval: p.approval, subject });
      const cover = coverDiscounts(ctx, s, p.lineNo, { unitPrice: p.unitPrice }, p.approval, 'a price override');
      const seq = approval ? writeApproved(ctx, approval, () => []) : undefined;
      s.overridePrice(p.lineNo, p.unitPrice, p.reason, seq);
      if (seq) s.noteApproval(seq);
      cover.commit();
      return saleChanged(ctx, s);
    },
  };
}
