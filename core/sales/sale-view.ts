// The sale as the sale screen shows it (the contract's SaleView).
import type { SaleView } from '../contract/views.ts';
import type { AttachedMember, SaleFacts, SaleTotals } from './cart.ts';
import { keptElectronically, type InvoiceBuyer } from '../fiscal/tw-einvoice/carriers.ts';

/** The member's own carrier is the member's data: the screen shows its first 2 characters only. */
function shownBuyer(b: InvoiceBuyer): { kind: InvoiceBuyer['kind']; value: string; paperless: boolean } {
  const value = b.kind === 'member-carrier' ? `${b.value.slice(0, 2)}*****` : b.value;
  return { kind: b.kind, value, paperless: keptElectronically(b) };
}

const tierNameOf = (m: AttachedMember) => (m.tierName ? { tierName: m.tierName } : {});

/** The view of a sale with these totals; `change` is what to hand back once it is settled. */
export function saleView(sale: SaleFacts, t: SaleTotals, change: number): SaleView {
  const member = sale.member;
  return {
    saleId: sale.saleId,
    status: sale.status,
    currency: sale.rules.currency,
    taxMode: sale.rules.tax.mode,
    lines: t.lines.map((p) => ({
      lineNo: p.line.lineNo,
      productId: p.line.product.productId,
      sku: p.line.product.sku,
      name: p.line.product.name,
      names: p.line.product.names,
      qtyMilli: p.line.qtyMilli,
      unit: p.line.product.unit,
      unitPrice: p.unitPrice,
      priceTier: p.priceTier,
      discount: p.lineDiscount + p.orderShare,
      amount: p.amount,
      tax: p.tax,
      voided: false,
      priceOverridden: p.line.override !== undefined && p.line.override.reason !== 'price-embedded-barcode',
      ...(p.line.product.serialized ? { serialRequired: true, ...(p.line.serial ? { serial: p.line.serial.value } : {}) } : {}),
      ...(p.line.weight
        ? { weighed: p.line.weight.source, ...(p.line.weight.tareGrams ? { tareGrams: p.line.weight.tareGrams } : {}) }
        : {}),
    })),
    member: member
      ? { memberId: member.memberId, name: member.name, tier: member.tier, ...tierNameOf(member), verification: member.verification }
      : null,
    itemCount: t.lines.reduce((s, p) => s + (p.line.product.unit === 'each' ? p.line.qtyMilli / 1000 : 1), 0),
    subtotal: t.subtotal,
    lineDiscounts: t.lineDiscounts,
    orderDiscount: t.orderDiscount,
    tax: t.tax,
    total: t.total,
    cashRounding: t.cashRounding,
    paid: t.paid,
    due: t.due,
    change,
    tenders: sale.tenders.map((x, index) => {
      const card = { ...(x.reference ? { reference: x.reference } : {}), ...(x.last4 ? { last4: x.last4 } : {}) };
      return { index, type: x.type, amount: x.amount, ...(x.type === 'cash' ? { tendered: x.amount } : {}), ...card };
    }),
    training: sale.training,
    ...(sale.resumedAt ? { resumedAt: sale.resumedAt } : {}),
    ...(sale.salespersons ? { salespersons: sale.salespersons.map((p) => ({ ...p })) } : {}),
    ...(sale.invoiceBuyer ? { invoiceBuyer: shownBuyer(sale.invoiceBuyer) } : {}),
    ...(sale.invoiceItemDetails || sale.invoiceBuyer?.kind === 'ubn' ? { invoiceItemDetails: true } : {}),
  };
}
