import { allocate } from '../../core/money/allocate.ts';
import type { EntryBody } from '../../core/ledger/bodies.ts';
import type { InvoiceVoid } from './cancel-messages.ts';
import {
  CITIZEN_CERTIFICATE_CARRIER,
  MOBILE_BARCODE_CARRIER,
  type BuyerIdentification,
  type BuyerParty,
  type InvoiceIssue,
  type InvoiceLine,
  type SellerParty,
} from './invoice-message.ts';
import type { DocumentMessage } from './uploads.ts';
import { EInvoiceError } from './xml.ts';

// A till's e-invoice sale, as HQ received it in the terminal's ledger, turned into the MIG 4.1
// message MOF wants: the sale entry into F0401 (issue), a post-void of it into F0501 (void). The
// buyer is who the customer said at the till (the sale's `einvoice.buyer`): a carrier or a donation
// code (no paper), a buyer UBN (B2B: the amounts before tax and the tax apart, as the 證明聯 printed
// them), or nobody (a consumer with a printed 證明聯). A consumer's amounts are the ones the QR code
// carries: tax included, the order discount spread over the lines so they add up to the total.

type SaleBody = EntryBody<'sale'>;
type VoidBody = EntryBody<'void'>;

/** MIG 4.1 holds at most this many characters of a line's description. */
const DESCRIPTION_MAX = 256;
/** MIG 4.1 holds at most this many characters of a void's reason. */
const REASON_MAX = 20;

function refuse(message: string, field: string): never {
  throw new EInvoiceError('einvoice.invalid-input', message, { field });
}

/** The invoice lines of a sale, tax included, the order discount spread in proportion to the line amounts. */
function invoiceLines(body: SaleBody): InvoiceLine[] {
  const lines = body.lines.filter((l) => !l.voided);
  if (lines.length === 0) refuse(`sale ${body.saleId} has no line left to invoice`, 'Details');
  const gross = lines.map((l) => (body.taxMode === 'inclusive' ? l.amount : l.amount + l.tax));
  // The order discount (and any cash rounding) is what the lines exceed the total by: the 證明聯 says the total.
  const over = gross.reduce((s, a) => s + a, 0) - body.total;
  const off = over !== 0 ? allocate(over, gross) : gross.map(() => 0);
  return lines.map((l, i) => {
    const quantity = l.qtyMilli / 1000;
    const amount = gross[i]! - off[i]!;
    return {
      description: l.name.slice(0, DESCRIPTION_MAX) || l.sku,
      quantity,
      // The unit price the amount works out to (after discounts), as MOF's platform shows it.
      unitPrice: quantity === 0 ? amount : Math.round((amount / quantity) * 10_000_000) / 10_000_000,
      amount,
      taxType: l.taxRateBp > 0 ? 'taxable' : 'exempt',
    };
  });
}

type SaleBuyer = NonNullable<NonNullable<SaleBody['einvoice']>['buyer']>;

/** Who the invoice is for in MIG terms: the buyer's UBN, or how a consumer keeps it. */
function buyerOf(buyer: SaleBuyer | undefined): { buyer: BuyerParty | null; identification: BuyerIdentification } {
  if (!buyer) return { buyer: null, identification: { kind: 'print' } };
  switch (buyer.kind) {
    case 'ubn':
      // The till asks for no company name: MIG 4.1 then takes the UBN as the name.
      return { buyer: { ubn: buyer.value, name: buyer.value }, identification: { kind: 'print' } };
    case 'mobile-barcode':
    case 'member-carrier':
      // A member's own carrier is the mobile barcode linked to the member.
      return { buyer: null, identification: { kind: 'carrier', carrierType: MOBILE_BARCODE_CARRIER, carrierId1: buyer.value } };
    case 'citizen-certificate':
      return { buyer: null, identification: { kind: 'carrier', carrierType: CITIZEN_CERTIFICATE_CARRIER, carrierId1: buyer.value } };
    case 'donation-code':
      return { buyer: null, identification: { kind: 'donation', npoban: buyer.value } };
  }
}

/** A buyer UBN's lines: the sales amount before tax (total less the sale's tax) spread over the consumer lines. */
function beforeTax(lines: InvoiceLine[], body: SaleBody): { lines: InvoiceLine[]; taxAmount: number } {
  const salesAmount = body.total - body.tax;
  const parts = allocate(
    salesAmount,
    lines.map((l) => l.amount),
  );
  return {
    lines: lines.map((l, i) => ({
      ...l,
      amount: parts[i]!,
      unitPrice: l.quantity === 0 ? parts[i]! : Math.round((parts[i]! / l.quantity) * 10_000_000) / 10_000_000,
    })),
    taxAmount: body.tax,
  };
}

/** The F0401 of an e-invoice sale (null for a sale that is no e-invoice: no profile, or training). */
export function saleInvoiceMessage(body: SaleBody, endedAt: string, seller: SellerParty): DocumentMessage | null {
  const invoice = body.einvoice;
  if (!invoice || body.training) return null;
  if (body.currency !== 'TWD') refuse(`sale ${body.saleId} is in ${body.currency}: an e-invoice is in NT$`, 'Amount');
  const { buyer, identification } = buyerOf(invoice.buyer);
  const consumerLines = invoiceLines(body);
  const { lines, taxAmount } = buyer ? beforeTax(consumerLines, body) : { lines: consumerLines, taxAmount: 0 };
  const issue: InvoiceIssue = {
    invoiceNumber: invoice.number,
    issuedAt: endedAt,
    seller,
    buyer,
    identification,
    randomNumber: invoice.randomCode,
    lines,
    taxAmount,
  };
  return { type: 'F0401', issue };
}

/** The F0501 of a post-void of an e-invoice sale, given the voided sale's invoice number and issue time. */
export function saleVoidMessage(
  body: VoidBody,
  voidedAt: string,
  sale: { readonly invoiceNumber: string; readonly issuedAt: string; readonly buyerUbn?: string | null },
  sellerUbn: string,
): DocumentMessage | null {
  if (body.scope !== 'post-void') return null;
  const cancel: InvoiceVoid = {
    invoiceNumber: sale.invoiceNumber,
    invoiceIssuedAt: sale.issuedAt,
    sellerUbn,
    buyerUbn: sale.buyerUbn ?? null,
    at: voidedAt,
    reason: body.reason.trim().slice(0, REASON_MAX) || 'void',
  };
  return { type: 'F0501', void: cancel };
}
