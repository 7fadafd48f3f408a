// What the customer (pole) display shows at each step of a sale, in the store's language: the
// item just rung up with its amount and the running total; at Pay the total; once paid, what was
// paid and the change; after the receipt a closing line. Pure: the host feeds it the same views
// the screens get and writes the result to the display.
import type { Locale } from '../config/terminal-config.ts';
import type { ReceiptView, SaleLineView, SaleView } from '../contract/views.ts';
import type { CustomerDisplayContent } from '../ports/customer-display.ts';
import { formatMinor } from '../money/money.ts';

export interface CustomerDisplayLabels {
  total: string;
  due: string;
  paid: string;
  change: string;
  refund: string;
  thanks: string;
  training: string;
  notAdded: string;
  welcome: string;
}

export const CUSTOMER_DISPLAY_LABELS: Record<Locale, CustomerDisplayLabels> = {
  en: {
    total: 'TOTAL',
    due: 'DUE',
    paid: 'PAID',
    change: 'CHANGE',
    refund: 'REFUND',
    thanks: 'Thank you!',
    training: 'TRAINING - NOT A SALE',
    notAdded: 'NOT ADDED',
    welcome: 'Welcome',
  },
  'zh-TW': {
    total: '合計',
    due: '應付',
    paid: '實收',
    change: '找零',
    refund: '退款',
    thanks: '謝謝光臨',
    training: '訓練模式 非正式交易',
    notAdded: '未加入',
    welcome: '歡迎光臨',
  },
  'zh-CN': {
    total: '合计',
    due: '应付',
    paid: '实收',
    change: '找零',
    refund: '退款',
    thanks: '谢谢光临',
    training: '培训模式 非正式交易',
    notAdded: '未加入',
    welcome: '欢迎光临',
  },
};

export interface DisplayTextRules {
  locale: Locale;
  minorDigits: number;
}

/** The line most recently rung up (the highest line number still on the sale). */
function lastLine(sale: SaleView): SaleLineView | undefined {
  return sale.lines.filter((l) => !l.voided).reduce<SaleLineView | undefined>((a, l) => (!a || l.lineNo > a.lineNo ? l : a), undefined);
}

function quantityText(line: SaleLineView): string {
  if (line.unit === 'kg') return `${(line.qtyMilli / 1000).toFixed(3)}kg `;
  return line.qtyMilli === 1000 ? '' : `${line.qtyMilli / 1000}x `;
}

/** The sale in progress: the last item over the total; once presented, total then paid/due, then paid and change. */
export function saleDisplay(sale: SaleView, rules: DisplayTextRules): CustomerDisplayContent {
  const L = CUSTOMER_DISPLAY_LABELS[rules.locale];
  const m = (n: number) => formatMinor(n, rules.minorDigits);
  if (sale.status === 'tendering') {
    if (sale.paid === 0)
      return { item: { name: L.total, amount: m(sale.total) }, ...(sale.training ? { total: { label: L.training, amount: '' } } : {}) };
    if (sale.due > 0) return { item: { name: L.paid, amount: m(sale.paid) }, total: { label: L.due, amount: m(sale.due) } };
    return { item: { name: L.paid, amount: m(sale.paid) }, total: { label: L.change, amount: m(sale.change) } };
  }
  const line = lastLine(sale);
  const total = { label: sale.training ? `${L.total} (${L.training})` : L.total, amount: m(sale.total) };
  if (!line) return { total };
  const latin = line.names.en;
  return { item: { name: line.name, amount: quantityText(line) + m(line.amount), ...(latin ? { latinName: latin } : {}) }, total };
}

/** After the sale: the change (or the total) over a thank-you, or TRAINING for a training receipt. */
export function receiptDisplay(receipt: ReceiptView, rules: DisplayTextRules): CustomerDisplayContent {
  const L = CUSTOMER_DISPLAY_LABELS[rules.locale];
  const m = (n: number) => formatMinor(n, rules.minorDigits);
  const top =
    receipt.kind === 'return'
      ? { name: L.refund, amount: m(receipt.total) }
      : receipt.change > 0
        ? { name: L.change, amount: m(receipt.change) }
        : { name: L.total, amount: m(receipt.total) };
  return { item: top, total: { label: receipt.document.training ? L.training : L.thanks, amount: '' } };
}

/** A scan that was refused while the customer watches (after Pay): the item is not on the bill. */
export function notAddedDisplay(sale: SaleView | null, rules: DisplayTextRules): CustomerDisplayContent {
  const L = CUSTOMER_DISPLAY_LABELS[rules.locale];
  const m = (n: number) => formatMinor(n, rules.minorDigits);
  return { item: { name: L.notAdded, amount: '' }, ...(sale ? { total: { label: L.total, amount: m(sale.total) } } : {}) };
}

/** Between customers. */
export function idleDisplay(rules: DisplayTextRules): CustomerDisplayContent {
  return { message: [CUSTOMER_DISPLAY_LABELS[rules.locale].welcome] };
}
