// The one receipt of an exchange (issue #15): the sale's receipt with the lines taken back (and the
// receipt they came from) above the new ones, and after the payment what the balance came to:
// what the customer paid beyond the credit, or what they got back and on which tender.
import type { EntryBody, SaleBody } from '../ledger/bodies.ts';
import { formatMinor } from '../money/money.ts';
import { RECEIPT_LABELS } from './labels.ts';
import type { ReceiptDocument, ReceiptLine } from '../contract/views.ts';
import { tenderLabel } from './receipt-document.ts';
import { wrapToWidth } from '../shared/text-width.ts';

export function withExchange(
  sale: ReceiptDocument,
  saleBody: SaleBody,
  ret: EntryBody<'return'>,
  ctx: { locale: keyof typeof RECEIPT_LABELS; minorDigits: number },
): ReceiptDocument {
  const L = RECEIPT_LABELS[ctx.locale];
  const m = (n: number) => formatMinor(n, ctx.minorDigits);
  const returned: ReceiptLine[] = [
    { type: 'text', text: L.exchange, align: 'center', bold: true },
    { type: 'text', text: `${L.returned} (${L.receipt} #${ret.originalReceiptNo ?? '?'})` },
  ];
  for (const line of ret.lines) {
    for (const part of wrapToWidth(line.name, sale.width)) returned.push({ type: 'text', text: part });
    returned.push({ type: 'pair', left: `  -${line.qtyMilli / 1000}`, right: `-${m(line.amount)}` });
  }
  const credit = ret.lines.reduce((s, l) => s + l.amount, 0);
  returned.push({ type: 'pair', left: L.exchangeCredit, right: `-${m(credit)}`, bold: true }, { type: 'rule' });
  const paid = saleBody.tenders.filter((t) => t.type !== 'exchange-credit').reduce((s, t) => s + t.amount, 0);
  const back = ret.refunds.filter((r) => r.type !== 'exchange-credit');
  const balance: ReceiptLine[] = [{ type: 'rule' }];
  if (back.length > 0) {
    balance.push({ type: 'pair', left: L.moneyBack, right: m(ret.total - saleBody.total), bold: true });
    for (const r of back)
      balance.push({ type: 'pair', left: `  ${tenderLabel(L, r.type)}${r.last4 ? ` ****${r.last4}` : ''}`, right: m(r.amount) });
  } else {
    balance.push({ type: 'pair', left: L.toPay, right: m(paid), bold: true });
  }
  // The returned lines go above the first new line, the balance after the total's payment lines.
  const firstLine = saleBody.lines[0]?.name ?? '';
  const start = sale.lines.findIndex((l) => l.type === 'text' && l.text.length > 0 && firstLine.startsWith(l.text));
  const lines = [...sale.lines];
  let at = lines.findIndex((l) => l.type === 'pair' && l.left.startsWith(`${L.total} `)) + 1;
  while (at > 0 && lines[at]?.type === 'pair') at++;
  lines.splice(at > 0 ? at : lines.length, 0, ...balance);
  lines.splice(start >= 0 ? start : 0, 0, ...returned);
  return { ...sale, lines };
}
