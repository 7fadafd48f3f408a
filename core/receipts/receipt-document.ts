import { receiptNumberText } from '../shared/receipt-number.ts';
import type { EntryBody, SaleBody } from '../ledger/bodies.ts';
import type { ReceiptDocument, ReceiptLine } from '../contract/views.ts';
import type { Locale } from '../config/terminal-config.ts';
import { formatMinor } from '../money/money.ts';
import { RECEIPT_LABELS, type ReceiptLabels } from './labels.ts';
import { pairLine, wrapToWidth } from '../shared/text-width.ts';

// The receipt as data. The printer driver, the on-screen preview and the e-receipt all render
// this same document, so what the customer sees is what was printed is what was signed.

export interface ReceiptContext {
  storeName: string;
  address: string[];
  taxNumber?: string;
  terminalId: string;
  timeZone: string;
  locale: Locale;
  width: number;
  minorDigits: number;
  header: string[];
  footer: string[];
}

export interface ReceiptMeta {
  endedAt: string;
  operatorName: string | null;
  qr: string;
  copyNo: number;
  postVoided?: boolean;
  memberName?: string;
  /** An earlier print of this original may exist: the receipt says it replaces it. */
  reissue?: boolean;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

export function localTime(iso: string, timeZone: string): string {
  let f = timeFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

function qtyText(qtyMilli: number): string {
  return qtyMilli % 1000 === 0 ? String(qtyMilli / 1000) : (qtyMilli / 1000).toFixed(3);
}

function heading(
  ctx: ReceiptContext,
  L: ReceiptLabels,
  title: string,
  meta: ReceiptMeta,
  receiptNo: number,
  training: boolean,
): ReceiptLine[] {
  const lines: ReceiptLine[] = [];
  if (training) lines.push({ type: 'text', text: L.training, align: 'center', bold: true });
  lines.push({ type: 'text', text: ctx.storeName, align: 'center', bold: true, size: 'double' });
  for (const a of ctx.address) lines.push({ type: 'text', text: a, align: 'center' });
  if (ctx.taxNumber) lines.push({ type: 'text', text: `${L.taxNumber} ${ctx.taxNumber}`, align: 'center' });
  for (const h of ctx.header) lines.push({ type: 'text', text: h, align: 'center' });
  if (meta.copyNo > 0) lines.push({ type: 'text', text: `*** ${L.copy} ${meta.copyNo} ***`, align: 'center', bold: true, size: 'double' });
  if (meta.postVoided) lines.push({ type: 'text', text: L.postVoided, align: 'center', bold: true });
  if (meta.reissue) lines.push({ type: 'text', text: `*** ${L.reissue} #${receiptNo} ***`, align: 'center', bold: true });
  lines.push({ type: 'rule' });
  lines.push({ type: 'pair', left: `${title} #${receiptNumberText(receiptNo)}`, right: localTime(meta.endedAt, ctx.timeZone), bold: true });
  lines.push({
    type: 'pair',
    left: `${L.terminal} ${ctx.terminalId}`,
    right: meta.operatorName ? `${L.cashier} ${meta.operatorName}` : '',
  });
  lines.push({ type: 'rule' });
  return lines;
}

function footing(ctx: ReceiptContext, L: ReceiptLabels, meta: ReceiptMeta, receiptNo: number, training: boolean): ReceiptLine[] {
  const lines: ReceiptLine[] = [{ type: 'rule' }];
  for (const f of ctx.footer) lines.push({ type: 'text', text: f, align: 'center' });
  lines.push({ type: 'barcode', symbology: 'CODE128', data: `${ctx.terminalId}-${receiptNo}` });
  lines.push({ type: 'qr', data: meta.qr, size: 5 });
  lines.push({ type: 'text', text: L.verify, align: 'center' });
  if (training) lines.push({ type: 'text', text: L.training, align: 'center', bold: true });
  lines.push({ type: 'feed', lines: 3 }, { type: 'cut', partial: true });
  return lines;
}

export function tenderLabel(L: ReceiptLabels, type: string): string {
  if (type === 'exchange-credit') return L.exchangeCredit;
  return type === 'cash' ? L.cash : type === 'card' ? L.card : type === 'voucher' ? L.voucher : type === 'giftcard' ? L.giftcard : L.other;
}

export function buildSaleReceipt(body: SaleBody, meta: ReceiptMeta, ctx: ReceiptContext): ReceiptDocument {
  const L = RECEIPT_LABELS[ctx.locale];
  const m = (n: number) => formatMinor(n, ctx.minorDigits);
  const w = ctx.width;
  const lines: ReceiptLine[] = heading(ctx, L, L.receipt, meta, body.receiptNo, body.training);
  for (const line of body.lines) {
    for (const part of wrapToWidth(line.giftCard ? L.giftcard : line.name, w)) lines.push({ type: 'text', text: part });
    const before = line.amount + line.discount;
    lines.push({
      type: 'pair',
      left: `  ${qtyText(line.qtyMilli)} x ${m(line.unitPrice)}${line.priceOverride ? ` (${L.priceOverride})` : ''}`,
      right: m(before),
    });
    if (line.discount) lines.push({ type: 'pair', left: `  ${L.discount}`, right: `-${m(line.discount)}` });
    // The piece's serial (issue #14): the customer's proof of which piece they bought.
    if (line.serial) for (const part of wrapToWidth(`  ${L.serial} ${line.serial.value}`, w)) lines.push({ type: 'text', text: part });
    // A gift card sold or topped up (issue #15): which card, by its last four, and what it holds now.
    if (line.giftCard) {
      lines.push({ type: 'text', text: `  ****${line.giftCard.last4}` });
      lines.push({ type: 'pair', left: `  ${L.giftcardBalance}`, right: m(line.giftCard.balance) });
    }
  }
  lines.push({ type: 'rule' });
  lines.push({ type: 'pair', left: L.subtotal, right: m(body.subtotal) });
  const discounts = body.lines.reduce((s, l) => s + l.discount, 0);
  if (discounts) lines.push({ type: 'pair', left: L.discount, right: `-${m(discounts)}` });
  lines.push({ type: 'pair', left: body.taxMode === 'inclusive' ? `${L.tax} (${L.taxIncluded})` : L.tax, right: m(body.tax) });
  if (body.rounding) lines.push({ type: 'pair', left: L.rounding, right: m(body.rounding) });
  lines.push({ type: 'pair', left: `${L.total} ${body.currency}`, right: m(body.total), bold: true });
  for (const t of body.tenders) {
    // A card or gift card by its last four only: the receipt never carries what could spend it.
    const label =
      (t.type === 'card' || t.type === 'giftcard') && t.last4 ? `${tenderLabel(L, t.type)} ****${t.last4}` : tenderLabel(L, t.type);
    lines.push({ type: 'pair', left: label, right: m(t.tendered ?? t.amount) });
    if (t.change) lines.push({ type: 'pair', left: L.change, right: m(t.change), bold: true });
  }
  if (body.member) lines.push({ type: 'pair', left: L.member, right: `${meta.memberName ?? body.member.memberId} (${body.member.tier})` });
  lines.push(...footing(ctx, L, meta, body.receiptNo, body.training));
  return { receiptNo: body.receiptNo, kind: 'sale', copyNo: meta.copyNo, training: body.training, width: w, lines };
}

export function buildReturnReceipt(body: EntryBody<'return'>, meta: ReceiptMeta, ctx: ReceiptContext): ReceiptDocument {
  const L = RECEIPT_LABELS[ctx.locale];
  const m = (n: number) => formatMinor(n, ctx.minorDigits);
  const w = ctx.width;
  const lines: ReceiptLine[] = heading(ctx, L, L.returnReceipt, meta, body.receiptNo, body.training);
  if (body.originalReceiptNo) lines.push({ type: 'text', text: `${L.receipt} #${body.originalReceiptNo}` });
  for (const line of body.lines) {
    for (const part of wrapToWidth(line.name, w)) lines.push({ type: 'text', text: part });
    lines.push({ type: 'pair', left: `  -${qtyText(line.qtyMilli)}`, right: `-${m(line.amount)}` });
    if (line.serial) for (const part of wrapToWidth(`  ${L.serial} ${line.serial}`, w)) lines.push({ type: 'text', text: part });
  }
  lines.push({ type: 'rule' });
  lines.push({ type: 'pair', left: L.tax, right: `-${m(body.tax)}` });
  if (body.rounding) lines.push({ type: 'pair', left: L.rounding, right: `-${m(body.rounding)}` });
  lines.push({ type: 'pair', left: `${L.refund} ${body.currency}`, right: `-${m(body.total)}`, bold: true });
  for (const t of body.refunds)
    lines.push({ type: 'pair', left: tenderLabel(L, t.type) + (t.last4 ? ` ****${t.last4}` : ''), right: `-${m(t.amount)}` });
  lines.push(...footing(ctx, L, meta, body.receiptNo, body.training));
  return { receiptNo: body.receiptNo, kind: 'return', copyNo: meta.copyNo, training: body.training, width: w, lines };
}

/** The document as plain text, for the e-receipt, previews and tests. */
export function renderReceiptText(doc: ReceiptDocument): string {
  const out: string[] = [];
  for (const l of doc.lines) {
    switch (l.type) {
      case 'text': {
        const pad = l.align === 'center' ? Math.max(Math.floor((doc.width - [...l.text].length) / 2), 0) : 0;
        out.push(' '.repeat(pad) + l.text);
        break;
      }
      case 'pair':
        out.push(pairLine(l.left, l.right, doc.width));
        break;
      case 'rule':
        out.push((l.char ?? '-').repeat(doc.width));
        break;
      case 'barcode':
        out.push(`[${l.symbology} ${l.data}]`);
        break;
      case 'qr':
        out.push(`[QR ${l.data}]`);
        break;
      case 'qr-pair':
        out.push(`[QR ${l.left}]`, `[QR ${l.right}]`);
        break;
      case 'feed':
      case 'cut':
        break;
    }
  }
  return out.join('\n');
}
