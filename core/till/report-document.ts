import type { ReceiptDocument, ReceiptLine } from '../contract/views.ts';
import type { Locale } from '../config/terminal-config.ts';
import { formatMinor } from '../money/money.ts';
import type { TotalsRecord, DrawerSummary } from './z-report.ts';
import type { CashierExceptions } from './report-breakdown.ts';
import type { CardTender } from './card-batch.ts';
import { receiptNumberText } from '../shared/receipt-number.ts';

const LABELS: Record<Locale, Record<string, string>> = {
  en: {
    x: 'X REPORT (not closed)',
    z: 'Z REPORT',
    day: 'Business day',
    seq: 'Ledger seq',
    sales: 'Sales',
    returns: 'Returns',
    net: 'Net sales',
    tax: 'Tax',
    tenders: 'Tenders',
    rates: 'Tax rates',
    depts: 'Departments',
    cashiers: 'Cashiers',
    exceptions: 'Exceptions',
    drawers: 'Drawers',
    float: 'Float',
    expected: 'Expected',
    counted: 'Counted',
    overShort: 'Over/short',
    grand: 'Grand total',
    period: 'This day',
    perpetual: 'Since start',
    training: 'Training (not counted)',
    postVoids: 'Post-voids',
    lineVoids: 'Line voids',
    saleVoids: 'Cancelled sales',
    noSales: 'No-sale opens',
    parked: 'Sales put on hold',
    held: 'Sales still on hold',
    reprints: 'Reprints',
    declined: 'Paper declined',
    manual: 'Manual members',
    discounts: 'Discounts',
    overrides: 'Price overrides',
    cashIn: 'Cash in',
    cashOut: 'Cash out',
    notCounted: 'not counted',
    otherTender: 'Refunds to another tender',
    cards: 'Card tenders',
    cardTotal: 'Card tenders net',
    batchReported: 'Card terminal batch',
    batchDiff: 'Difference',
    batchMissing: 'batch not entered',
    cosigned: 'co-signed',
  },
  'zh-TW': {
    x: 'X 報表(未結帳)',
    z: 'Z 報表(日結)',
    day: '營業日',
    seq: '帳本序號',
    sales: '銷售',
    returns: '退貨',
    net: '淨銷售',
    tax: '稅額',
    tenders: '付款方式',
    rates: '稅率',
    depts: '部門',
    cashiers: '收銀員',
    exceptions: '異常',
    drawers: '錢箱',
    float: '零用金',
    expected: '應有',
    counted: '實點',
    overShort: '溢/短',
    grand: '累計',
    period: '本日',
    perpetual: '開帳至今',
    training: '訓練(不計入)',
    postVoids: '交易作廢',
    lineVoids: '單品取消',
    saleVoids: '整筆取消',
    noSales: '開錢箱',
    parked: '暫存的交易',
    held: '仍在暫存的交易',
    reprints: '補印',
    declined: '不索取紙本',
    manual: '手動會員',
    discounts: '折扣',
    overrides: '改價',
    cashIn: '存入',
    cashOut: '取出',
    notCounted: '未點算',
    otherTender: '退款至其他付款方式',
    cards: '信用卡交易',
    cardTotal: '信用卡淨額',
    batchReported: '刷卡機結帳總額',
    batchDiff: '差額',
    batchMissing: '未輸入結帳總額',
    cosigned: '已會簽',
  },
  'zh-CN': {
    x: 'X 报表(未结账)',
    z: 'Z 报表(日结)',
    day: '营业日',
    seq: '账本序号',
    sales: '销售',
    returns: '退货',
    net: '净销售',
    tax: '税额',
    tenders: '付款方式',
    rates: '税率',
    depts: '部门',
    cashiers: '收银员',
    exceptions: '异常',
    drawers: '钱箱',
    float: '备用金',
    expected: '应有',
    counted: '实点',
    overShort: '长/短款',
    grand: '累计',
    period: '本日',
    perpetual: '开账至今',
    training: '培训(不计入)',
    postVoids: '交易作废',
    lineVoids: '单品取消',
    saleVoids: '整笔取消',
    noSales: '开钱箱',
    parked: '挂单的交易',
    held: '仍在挂单的交易',
    reprints: '补打',
    declined: '不要纸质',
    manual: '手动会员',
    discounts: '折扣',
    overrides: '改价',
    cashIn: '存入',
    cashOut: '取出',
    notCounted: '未点算',
    otherTender: '退款至其他付款方式',
    cards: '银行卡交易',
    cardTotal: '银行卡净额',
    batchReported: '刷卡机结算总额',
    batchDiff: '差额',
    batchMissing: '未输入结算总额',
    cosigned: '已会签',
  },
};

export interface ReportDocumentInput {
  kind: 'x' | 'z';
  zNo: number | null;
  businessDay: string;
  firstSeq: number;
  lastSeq: number;
  currency: string;
  keys: TotalsRecord;
  drawers: DrawerSummary[];
  grand: { period: number; perpetual: number };
  byCashier: CashierExceptions[];
  /** The day's card tenders with their references, and the card terminal's batch total if entered. */
  cardTenders?: CardTender[];
  cardBatch?: { reported: number; expected: number; difference: number; cosigned: boolean } | null;
}

type KeyTotal = TotalsRecord[string];

/** What every section of the report reads: the figures, the labels in the terminal's language, money as printed. */
interface ReportSheet {
  r: ReportDocumentInput;
  L: Record<string, string>;
  m: (n: number) => string;
  k: (key: string) => KeyTotal;
}

/** One line per total whose key starts with `prefix`, in the order the totals were recorded. */
function keyedLines(keys: TotalsRecord, prefix: string, label: (rest: string) => string, value: (v: KeyTotal) => string): ReceiptLine[] {
  const lines: ReceiptLine[] = [];
  for (const [key, v] of Object.entries(keys))
    if (key.startsWith(prefix)) lines.push({ type: 'pair', left: `  ${label(key.slice(prefix.length))}`, right: value(v) });
  return lines;
}

function summaryLines({ r, L, m, k }: ReportSheet, storeName: string, terminalId: string): ReceiptLine[] {
  return [
    { type: 'text', text: storeName, align: 'center', bold: true },
    { type: 'text', text: r.kind === 'z' ? `${L.z!} #${r.zNo}` : L.x!, align: 'center', bold: true, size: 'double' },
    { type: 'pair', left: L.day!, right: r.businessDay },
    { type: 'pair', left: terminalId, right: `${L.seq!} ${r.firstSeq}..${r.lastSeq}` },
    { type: 'rule' },
    { type: 'pair', left: `${L.sales!} (${k('sales').count})`, right: m(k('sales').amount) },
    { type: 'pair', left: `${L.returns!} (${k('returns').count})`, right: `-${m(k('returns').amount)}` },
    { type: 'pair', left: `${L.net!} ${r.currency}`, right: m(r.grand.period), bold: true },
    { type: 'pair', left: L.tax!, right: m(k('sales:tax').amount - k('returns:tax').amount) },
    { type: 'rule' },
  ];
}

/** Tenders, tax rates, departments and cashiers. */
function breakdownLines({ r, L, m, k }: ReportSheet): ReceiptLine[] {
  const lines: ReceiptLine[] = [{ type: 'text', text: L.tenders!, bold: true }];
  lines.push(
    ...keyedLines(
      r.keys,
      'tender:',
      (t) => t,
      (v) => m(v.amount),
    ),
  );
  lines.push({ type: 'text', text: L.rates!, bold: true });
  const rates = new Set(
    Object.keys(r.keys)
      .filter((x) => x.startsWith('tax:'))
      .map((x) => x.split(':')[1]!),
  );
  for (const bp of [...rates].sort((a, b) => Number(a) - Number(b))) {
    const gross = k(`tax:${bp}:gross`).amount;
    const tax = k(`tax:${bp}:tax`).amount;
    lines.push({ type: 'pair', left: `  ${Number(bp) / 100}%  ${m(gross - tax)} + ${m(tax)}`, right: m(gross) });
  }
  lines.push({ type: 'text', text: L.depts!, bold: true });
  lines.push(
    ...keyedLines(
      r.keys,
      'dept:',
      (d) => d,
      (v) => m(v.amount),
    ),
  );
  lines.push({ type: 'text', text: L.cashiers!, bold: true });
  lines.push(
    ...keyedLines(
      r.keys,
      'cashier:',
      (c) => c,
      (v) => `${v.count}  ${m(v.amount)}`,
    ),
  );
  return lines;
}

function exceptionLines({ r, L, m, k }: ReportSheet): ReceiptLine[] {
  const lines: ReceiptLine[] = [{ type: 'rule' }, { type: 'text', text: L.exceptions!, bold: true }];
  const ex: Array<[string, string]> = [
    ['post-voids', L.postVoids!],
    ['voids:line', L.lineVoids!],
    ['voids:sale', L.saleVoids!],
    ['no-sales', L.noSales!],
    ['receipts:reprints', L.reprints!],
    ['receipts:declined-paper', L.declined!],
    ['member:manual', L.manual!],
    ['discounts', L.discounts!],
    ['price-overrides', L.overrides!],
    ['cash-in', L.cashIn!],
    ['refunds:other-tender', L.otherTender!],
    ['sales-parked', L.parked!],
  ];
  for (const [key, label] of ex) lines.push({ type: 'pair', left: `  ${label}`, right: `${k(key).count}  ${m(k(key).amount)}` });
  for (const [key, v] of Object.entries(r.keys))
    if (key.startsWith('cash-out:'))
      lines.push({ type: 'pair', left: `  ${L.cashOut!} ${key.slice(9)}`, right: `${v.count}  ${m(v.amount)}` });
  lines.push({ type: 'pair', left: `  ${L.training!}`, right: `${k('training:sales').count}  ${m(k('training:sales').amount)}` });
  // Only an X can show sales still on hold: a Z is refused while there are any.
  if (r.keys['sales-held'])
    lines.push({ type: 'pair', left: `  ${L.held!}`, right: `${k('sales-held').count}  ${m(k('sales-held').amount)}`, bold: true });
  return lines;
}

/** Each card tender with its reference, the day's card net and the card terminal's batch total against it. */
function cardLines({ r, L, m }: ReportSheet): ReceiptLine[] {
  const tenders = r.cardTenders ?? [];
  if (tenders.length === 0 && !r.cardBatch) return [];
  const lines: ReceiptLine[] = [{ type: 'rule' }, { type: 'text', text: L.cards!, bold: true }];
  for (const t of tenders) {
    const card = [t.last4 ? `*${t.last4}` : '', t.reference ?? ''].filter(Boolean).join(' ');
    lines.push({ type: 'pair', left: `  #${receiptNumberText(t.receiptNo)} ${card}`, right: m(t.amount) });
  }
  lines.push({ type: 'pair', left: `  ${L.cardTotal!}`, right: m(tenders.reduce((s, t) => s + t.amount, 0)), bold: true });
  const b = r.cardBatch;
  if (!b) lines.push({ type: 'pair', left: `  ${L.batchReported!}`, right: L.batchMissing! });
  else {
    lines.push({ type: 'pair', left: `  ${L.batchReported!}`, right: m(b.reported) });
    const diff = `${m(b.difference)}${b.cosigned ? ` (${L.cosigned!})` : ''}`;
    lines.push({ type: 'pair', left: `  ${L.batchDiff!}`, right: diff, bold: b.difference !== 0 });
  }
  return lines;
}

function drawerLines({ r, L, m }: ReportSheet): ReceiptLine[] {
  const lines: ReceiptLine[] = [{ type: 'rule' }, { type: 'text', text: L.drawers!, bold: true }];
  for (const d of r.drawers) {
    lines.push({ type: 'text', text: `  ${d.sessionId.slice(0, 8)} ${d.operatorId ?? ''}` });
    lines.push({ type: 'pair', left: `    ${L.float!}`, right: m(d.float) });
    lines.push({ type: 'pair', left: `    ${L.expected!}`, right: m(d.expected) });
    lines.push({ type: 'pair', left: `    ${L.counted!}`, right: d.counted === null ? L.notCounted! : m(d.counted) });
    if (d.overShort !== null) lines.push({ type: 'pair', left: `    ${L.overShort!}`, right: m(d.overShort), bold: d.overShort !== 0 });
  }
  return lines;
}

export function buildReportDocument(
  r: ReportDocumentInput,
  ctx: { storeName: string; terminalId: string; locale: Locale; width: number; minorDigits: number },
): ReceiptDocument {
  const sheet: ReportSheet = {
    r,
    L: LABELS[ctx.locale],
    m: (n) => formatMinor(n, ctx.minorDigits),
    k: (key) => r.keys[key] ?? { amount: 0, count: 0 },
  };
  const { L, m } = sheet;
  const lines: ReceiptLine[] = [
    ...summaryLines(sheet, ctx.storeName, ctx.terminalId),
    ...breakdownLines(sheet),
    ...exceptionLines(sheet),
    ...cardLines(sheet),
    ...drawerLines(sheet),
    { type: 'rule' },
    { type: 'pair', left: `${L.grand!} ${L.period!}`, right: m(r.grand.period) },
    { type: 'pair', left: `${L.grand!} ${L.perpetual!}`, right: m(r.grand.perpetual), bold: true },
    { type: 'feed', lines: 3 },
    { type: 'cut' },
  ];
  return { receiptNo: r.zNo ?? 0, kind: 'report', copyNo: 0, training: false, width: ctx.width, lines };
}
