// The receipt of a sale that is a Taiwan e-invoice: the 電子發票證明聯 (proof-document.ts) built
// from the sale entry (its number, random code, amounts and items) and the fiscal config in force.
import { HostError } from '../contract/errors.ts';
import type { ReceiptDocument } from '../contract/views.ts';
import { twEInvoiceConfig } from '../config/fiscal-config.ts';
import { buildProofDocument } from '../fiscal/tw-einvoice/proof-document.ts';
import type { QrItem } from '../fiscal/tw-einvoice/qr-payload.ts';
import { parseQrKey } from '../fiscal/tw-einvoice/verification-field.ts';
import type { SaleBody } from '../ledger/bodies.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';

/** A count in thousandths as a plain decimal: 1000 -> "1", 250 -> "0.25". */
function decimalOfMilli(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const frac = String(Math.abs(milli % 1000))
    .padStart(3, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** The sale's items as the QR codes record them: name, quantity, unit price (whole NT$). */
export function proofItems(body: SaleBody): QrItem[] {
  return body.lines
    .filter((l) => !l.voided)
    .map((l) => ({ name: l.name, quantity: decimalOfMilli(l.qtyMilli), unitPrice: String(l.unitPrice) }));
}

/** The 證明聯 of an e-invoice sale; null for a sale that is not one. `copyNo` above 0 is a reprint (補印). */
export function saleProofDocument(ctx: TerminalContext, body: SaleBody, endedAt: string, copyNo: number): ReceiptDocument | null {
  const invoice = body.einvoice;
  if (!invoice) return null;
  const fiscal = twEInvoiceConfig(ctx.config().fiscal);
  if (!fiscal || !ctx.aes)
    throw new HostError(
      'einvoice.no-numbers',
      `receipt ${body.receiptNo} is e-invoice ${invoice.number}, but this till has no e-invoice settings to print it`,
    );
  const items = proofItems(body);
  const buyerUbn = invoice.buyer?.kind === 'ubn' ? invoice.buyer.value : null;
  const amounts = body.lines.filter((l) => !l.voided).map((l) => l.amount);
  return buildProofDocument(
    {
      invoiceNumber: invoice.number,
      randomCode: invoice.randomCode,
      issuedAt: endedAt,
      // The amount before tax is the total less the sale's tax, for a consumer and a business alike.
      salesAmount: body.total - body.tax,
      totalAmount: body.total,
      buyerUbn,
      items,
      // The item list: when asked for, and always for a buyer with a UBN.
      ...(invoice.itemDetails || buyerUbn
        ? { details: { items: items.map((item, i) => ({ ...item, amount: amounts[i] ?? 0 })), tax: body.tax } }
        : {}),
    },
    {
      storeName: ctx.config().store.name,
      timeZone: ctx.config().store.timeZone,
      sellerUbn: fiscal.sellerUbn,
      qrKey: parseQrKey(fiscal.qrKey),
      cipher: ctx.aes,
      encoding: fiscal.qrItemEncoding,
      receiptNo: body.receiptNo,
      reprint: copyNo > 0,
    },
  );
}
