// The ledger body a completed sale is written as: its priced lines, the settled tenders, the
// member and the approvals given during the sale.
import type { SaleBody, SaleLine } from '../ledger/bodies.ts';
import type { Settlement } from '../money/tender.ts';
import type { AttachedMember, PricedLine, SaleFacts, SaleTotals } from './cart.ts';
import { unitPriceWithoutOverride, type PricingRules } from './sale-pricing.ts';

const approvalOf = (m: AttachedMember) => ({
  ...(m.approvalSeq ? { approvalSeq: m.approvalSeq } : {}),
  ...(m.approverId ? { approverId: m.approverId } : {}),
  ...(m.codeStep !== undefined ? { codeStep: m.codeStep } : {}),
});

function saleLine(p: PricedLine, rules: PricingRules, member: AttachedMember | null): SaleLine {
  return {
    lineNo: p.line.lineNo,
    productId: p.line.product.productId,
    sku: p.line.product.sku,
    name: p.line.product.name,
    ...(p.line.barcode ? { barcode: p.line.barcode } : {}),
    department: p.line.product.department,
    qtyMilli: p.line.qtyMilli,
    unitPrice: p.unitPrice,
    priceTier: p.priceTier,
    taxClass: p.line.product.taxClass,
    taxRateBp: p.taxRateBp,
    discount: p.lineDiscount + p.orderShare,
    amount: p.amount,
    tax: p.tax,
    ...(p.line.override && p.line.override.reason !== 'price-embedded-barcode'
      ? {
          priceOverride: {
            originalUnitPrice: unitPriceWithoutOverride(p.line, rules, member),
            reason: p.line.override.reason,
            ...(p.line.override.approvalSeq ? { approvalSeq: p.line.override.approvalSeq } : {}),
          },
        }
      : {}),
    ...(p.line.serial ? { serial: { ...p.line.serial } } : {}),
    ...(p.line.weight ? { weight: { ...p.line.weight } } : {}),
  };
}

/** The ledger body of the completed sale. */
export function saleBody(
  sale: SaleFacts,
  totals: SaleTotals,
  receiptNo: number,
  settlement: Settlement,
  drawerSessionId?: string,
): SaleBody {
  const { rules, member } = sale;
  const lines = totals.lines.map((p) => saleLine(p, rules, member));
  const cardLast4 = new Map(sale.tenders.map((t, i) => [i, t.last4]));
  return {
    saleId: sale.saleId,
    receiptNo,
    currency: rules.currency,
    taxMode: rules.tax.mode,
    lines,
    orderDiscount: totals.orderDiscount,
    subtotal: totals.subtotal,
    tax: totals.tax,
    rounding: settlement.rounding,
    total: settlement.total,
    tenders: settlement.tenders.map((t, i) => ({
      type: t.type,
      amount: t.amount,
      ...(t.tendered !== undefined ? { tendered: t.tendered, change: t.change ?? 0 } : {}),
      ...(t.reference ? { reference: t.reference } : {}),
      ...(cardLast4.get(i) ? { last4: cardLast4.get(i)! } : {}),
    })),
    ...(member
      ? { member: { memberId: member.memberId, tier: member.tier, verification: member.verification, ...approvalOf(member) } }
      : {}),
    training: sale.training,
    ...(drawerSessionId ? { drawerSessionId } : {}),
    ...(sale.approvalSeqs.length ? { approvals: [...sale.approvalSeqs] } : {}),
  };
}
