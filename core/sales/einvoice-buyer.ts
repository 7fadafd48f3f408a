// Who a sale's e-invoice is for (fiscal profile tw-einvoice, issue #17): the cashier types or scans
// a carrier, a donation code or the buyer's UBN at payment (sale.setInvoiceBuyer), or the member on
// the sale brings their own carrier. A carrier or a donation keeps the invoice electronically: the
// receipt obligation is then met at completion with an electronic receipt-issued, and no paper
// 證明聯 is printed. A UBN prints the 證明聯 with 買方 and 格式 25 and the item list.
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import type { ReceiptView, SaleView } from '../contract/views.ts';
import { twEInvoiceConfig } from '../config/fiscal-config.ts';
import { keptElectronically, recogniseInvoiceBuyer, type InvoiceBuyer } from '../fiscal/tw-einvoice/carriers.ts';
import { receiptView } from '../receipts/receipt-obligation.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { Sale } from './sale.ts';
import { requireSale, saleChanged } from './sale-in-progress.ts';

function requireProfile(ctx: TerminalContext): void {
  if (!twEInvoiceConfig(ctx.config().fiscal))
    throw new HostError(
      'einvoice.invalid-buyer',
      'this till issues no e-invoices (fiscal profile tw-einvoice is off): there is no buyer to give',
    );
}

/** The carrier linked to the member on the sale (given when the member joined at this till); null without one. */
function memberCarrier(ctx: TerminalContext, s: Sale): InvoiceBuyer | null {
  const member = s.attachedMember;
  const carrier = member ? ctx.store.memberCreatedHere(member.memberId)?.carrier : null;
  return carrier ? { kind: 'member-carrier', value: carrier } : null;
}

/**
 * Follows the member on the sale: a member with a linked carrier fills it in when no buyer was
 * given, and it goes when the member does. A buyer the cashier gave is kept either way.
 */
export function followMemberCarrier(ctx: TerminalContext, s: Sale): void {
  if (!twEInvoiceConfig(ctx.config().fiscal)) return;
  const { buyer, itemDetails } = s.einvoiceBuyer;
  if (buyer && buyer.kind !== 'member-carrier') return;
  s.setInvoiceBuyer(memberCarrier(ctx, s), itemDetails);
}

/** Sets (or, with null, takes off) who the invoice is for, from a typed or scanned code. */
export function setInvoiceBuyer(ctx: TerminalContext, p: Params<'sale.setInvoiceBuyer'>): SaleView {
  const s = requireSale(ctx);
  requireProfile(ctx);
  const itemDetails = p.itemDetails ?? s.einvoiceBuyer.itemDetails;
  if (p.code === null) {
    s.setInvoiceBuyer(memberCarrier(ctx, s), itemDetails);
    return saleChanged(ctx, s);
  }
  const check = recogniseInvoiceBuyer(p.code);
  if (!check.ok) throw new HostError('einvoice.invalid-buyer', check.message, { code: p.code.slice(0, 64) });
  s.setInvoiceBuyer(check.buyer, itemDetails || check.buyer.kind === 'ubn');
  return saleChanged(ctx, s);
}

/** A mobile barcode scanned from the customer's phone during a sale on a till with the profile: it is the buyer, not an item. */
export function scannedCarrier(ctx: TerminalContext, code: string): SaleView | null {
  const s = ctx.session.sale;
  if (!s || !code.trim().startsWith('/') || !twEInvoiceConfig(ctx.config().fiscal)) return null;
  return setInvoiceBuyer(ctx, { code, itemDetails: s.einvoiceBuyer.itemDetails });
}

/**
 * Meets the receipt obligation of a sale whose invoice is kept on a carrier or donated: recorded
 * as an electronic receipt, naming where the invoice went. Null when the sale owes its paper.
 */
export function dischargeKeptInvoice(ctx: TerminalContext, receiptNo: number, buyer: InvoiceBuyer | undefined): ReceiptView | null {
  if (!buyer || !keptElectronically(buyer)) return null;
  const record = ctx.store.receipt(receiptNo)!;
  const donation = buyer.kind === 'donation-code';
  ctx.store.write((tx) =>
    tx.append(
      ctx.draft('receipt-issued', {
        saleId: record.documentId,
        receiptNo,
        channel: 'electronic',
        electronicReason: donation ? 'einvoice-donation' : 'einvoice-carrier',
        destination: donation ? `einvoice-donation:${buyer.value}` : `einvoice-${buyer.kind}:${buyer.value}`,
        copyNo: 0,
        forEntry: 'sale',
      }),
    ),
  );
  const view = receiptView(ctx, receiptNo);
  ctx.emit('receipt.changed', view);
  return view;
}

export function createInvoiceBuyerHandlers(ctx: TerminalContext): HandlersOf<'sale.setInvoiceBuyer'> {
  return {
    'sale.setInvoiceBuyer': async (p) => setInvoiceBuyer(ctx, p),
  };
}
