// The printed 電子發票證明聯 (e-invoice proof) as a receipt document, laid out as the MOF spec
// shows it for 57 mm paper: store name, 電子發票證明聯, the period and the number large, date
// and time (with 格式 25 for a buyer with a UBN), random code and total, seller (and buyer) UBN,
// the Code 39 barcode, and the two QR codes side by side. The printer driver renders it like any
// receipt (hardware/protocols/receipt/receipt-encoder.ts), the QR pair as one raster image.
import type { ReceiptDocument, ReceiptLine } from '../../contract/views.ts';
import type { Aes128Cbc } from '../../ports/crypto.ts';
import { barcodeContent } from './barcode-content.ts';
import { printedInvoiceNumber } from './invoice-number.ts';
import { qrFixedPart, qrPair, type QrEncoding, type QrItem } from './qr-payload.ts';
import { invoicePeriodOf, localDateIn, periodLabel } from './roc-calendar.ts';
import { verificationField } from './verification-field.ts';

/** Columns of 57 mm paper at font A (384 dots / 12). An 80 mm printer prints the document at this width too. */
export const PROOF_WIDTH = 32;

export interface ProofInvoice {
  invoiceNumber: string;
  randomCode: string;
  /** When the invoice was issued (UTC ISO-8601); printed and dated in the store's time zone. */
  issuedAt: string;
  /** Sales amount before tax and the total, whole NT$. */
  salesAmount: number;
  totalAmount: number;
  buyerUbn: string | null;
  items: readonly QrItem[];
  /**
   * The item list printed under the codes (交易明細), when the customer asks and always for a
   * buyer with a UBN: each item with its amount (whole NT$), and the tax of the invoice.
   */
  details?: { items: ReadonlyArray<QrItem & { amount: number }>; tax: number };
}

export interface ProofContext {
  storeName: string;
  timeZone: string;
  sellerUbn: string;
  /** The business's AES key (16 bytes) for the QR code's verification field. */
  qrKey: Uint8Array;
  cipher: Aes128Cbc;
  encoding: QrEncoding;
  /** Numbers the document in the till's receipt series. */
  receiptNo: number;
  /** A reprint: marked as such on the paper (補印). */
  reprint?: boolean;
}

function localDateTime(iso: string, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The two QR codes' contents and the barcode's, for the document and for checks. */
export function proofCodes(invoice: ProofInvoice, ctx: ProofContext): { barcode: string; left: string; right: string } {
  const date = localDateIn(invoice.issuedAt, ctx.timeZone);
  const field = verificationField(ctx.cipher, ctx.qrKey, invoice.invoiceNumber, invoice.randomCode);
  const fixed = qrFixedPart({ ...invoice, date, sellerUbn: ctx.sellerUbn }, field);
  const pair = qrPair(fixed, invoice.items, { encoding: ctx.encoding });
  return { barcode: barcodeContent(invoicePeriodOf(date), invoice.invoiceNumber, invoice.randomCode), left: pair.left, right: pair.right };
}

/** The item list under the 證明聯: name, quantity x unit price and amount; with a buyer UBN, the sales amount before tax and the tax. */
function detailLines(invoice: ProofInvoice, details: NonNullable<ProofInvoice['details']>): ReceiptLine[] {
  const lines: ReceiptLine[] = [{ type: 'rule' }, { type: 'text', text: '交易明細', align: 'center', bold: true }];
  for (const item of details.items) {
    lines.push(
      { type: 'text', text: item.name },
      { type: 'pair', left: `  ${item.quantity} x ${item.unitPrice}`, right: String(item.amount) },
    );
  }
  lines.push({ type: 'rule' });
  if (invoice.buyerUbn) {
    lines.push(
      { type: 'pair', left: '銷售額', right: String(invoice.salesAmount) },
      { type: 'pair', left: '稅額', right: String(details.tax) },
    );
  }
  lines.push({ type: 'pair', left: '總計', right: String(invoice.totalAmount), bold: true });
  return lines;
}

export function buildProofDocument(invoice: ProofInvoice, ctx: ProofContext): ReceiptDocument {
  const date = localDateIn(invoice.issuedAt, ctx.timeZone);
  const codes = proofCodes(invoice, ctx);
  const big = (text: string): ReceiptLine => ({ type: 'text', text, align: 'center', bold: true, size: 'double' });
  const lines: ReceiptLine[] = [{ type: 'text', text: ctx.storeName, align: 'center', bold: true }, big('電子發票證明聯')];
  if (ctx.reprint) lines.push({ type: 'text', text: '補印', align: 'center', bold: true });
  lines.push(big(periodLabel(invoicePeriodOf(date))), big(printedInvoiceNumber(invoice.invoiceNumber)));
  const when = localDateTime(invoice.issuedAt, ctx.timeZone);
  lines.push(invoice.buyerUbn ? { type: 'pair', left: when, right: '格式 25' } : { type: 'text', text: when });
  lines.push({ type: 'pair', left: `隨機碼 ${invoice.randomCode}`, right: `總計 ${invoice.totalAmount}` });
  lines.push({ type: 'pair', left: `賣方 ${ctx.sellerUbn}`, right: invoice.buyerUbn ? `買方 ${invoice.buyerUbn}` : '' });
  lines.push({ type: 'barcode', symbology: 'CODE39', data: codes.barcode });
  lines.push({ type: 'qr-pair', left: codes.left, right: codes.right });
  if (invoice.details) lines.push(...detailLines(invoice, invoice.details));
  lines.push({ type: 'feed', lines: 3 }, { type: 'cut', partial: true });
  return { receiptNo: ctx.receiptNo, kind: 'sale', copyNo: ctx.reprint ? 1 : 0, training: false, width: PROOF_WIDTH, lines };
}
