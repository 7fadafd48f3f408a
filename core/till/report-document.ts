import type { ReceiptDocument, ReceiptLine } from '../contract/views.ts';
import type { Locale } from '../config/terminal-config.ts';
import { formatMinor } from '../money/money.ts';
import type { TotalsRecord, DrawerSummary } from './z-report.ts';
import type { CashierExceptions } from './report-breakdown.ts';
import type { CardTender } from './card-batch.ts';
import { receiptNumberText } from '../shared/receipt-number.ts';
import { departmentName, readableCode, tenderName } from '../shared/display-names.ts';
import { displayWidth, wrapToWidth } from '../shared/text-width.ts';

const LABELS = {
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
    exchanges: 'Exchanges (credit from items taken back)',
    giftCards: 'Gift cards (owed to card holders, not sales)',
    giftIssued: 'Gift cards sold and loaded',
    giftRedeemed: 'Paid with gift cards',
    giftRefunded: 'Refunded onto gift cards',
    giftOwed: 'Owed on gift cards, change this day',
    giftTraining: 'Gift cards loaded in training (not counted)',
    cards: 'Card tenders',
    cardTotal: 'Card tenders net',
    batchReported: 'Card terminal batch',
    batchDiff: 'Difference',
    batchMissing: 'batch not entered',
    cosigned: 'co-signed',
    taxId: 'Tax ID',
    terminal: 'Terminal',
    entries: 'Ledger entries',
    currency: 'Currency',
    summary: 'Summary',
    salesTax: 'Tax on sales',
    returnsTax: 'Tax on returns',
    netTax: 'Tax (sales less returns)',
    received: 'received',
    refunded: 'refunded',
    netOfRefunds: 'net of refunds',
    netOfTax: 'net',
    taxOn: 'tax',
    rateLine: 'At {rate} %',
    drawer: 'Drawer {n}',
    noOperator: 'no cashier',
    noDept: 'No department',
    paidOut: 'Paid out',
    pickup: 'Pickup to the safe',
    signature: 'Signatures',
    countedBy: 'Counted by',
    checkedBy: 'Checked by (manager)',
    date: 'Date',
    count: 'Count',
    amount: 'Amount',
    section: 'Section',
    line: 'Line',
    grandTotals: 'Grand totals',
    staff: 'Staff {id}',
    cardTenderLine: 'Receipt #{no} {card}',
    refundLine: 'Refund #{no} {card}',
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
    exchanges: '換貨（退回商品抵用）',
    giftCards: '禮物卡（對持卡人的負債，非營業額）',
    giftIssued: '售出並儲值的禮物卡',
    giftRedeemed: '以禮物卡付款',
    giftRefunded: '退款至禮物卡',
    giftOwed: '禮物卡負債本日增減',
    giftTraining: '訓練模式儲值的禮物卡（不計入）',
    cards: '信用卡交易',
    cardTotal: '信用卡淨額',
    batchReported: '刷卡機結帳總額',
    batchDiff: '差額',
    batchMissing: '未輸入結帳總額',
    cosigned: '已會簽',
    taxId: '統一編號',
    terminal: '收銀機',
    entries: '帳本筆數',
    currency: '幣別',
    summary: '摘要',
    salesTax: '銷售稅額',
    returnsTax: '退貨稅額',
    netTax: '稅額(銷售減退貨)',
    received: '收入',
    refunded: '退款',
    netOfRefunds: '扣除退款後淨額',
    netOfTax: '未稅',
    taxOn: '稅',
    rateLine: '稅率 {rate}%',
    drawer: '錢箱 {n}',
    noOperator: '無收銀員',
    noDept: '未分部門',
    paidOut: '支出',
    pickup: '繳回保險箱',
    signature: '簽名',
    countedBy: '點算人',
    checkedBy: '覆核(店長)',
    date: '日期',
    count: '筆數',
    amount: '金額',
    section: '區段',
    line: '項目',
    grandTotals: '累計總額',
    staff: '員工 {id}',
    cardTenderLine: '收據 #{no} {card}',
    refundLine: '退款 #{no} {card}',
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
    exchanges: '换货（退回商品抵用）',
    giftCards: '礼品卡（对持卡人的负债，非营业额）',
    giftIssued: '售出并充值的礼品卡',
    giftRedeemed: '用礼品卡付款',
    giftRefunded: '退款至礼品卡',
    giftOwed: '礼品卡负债本日增减',
    giftTraining: '培训模式充值的礼品卡（不计入）',
    cards: '银行卡交易',
    cardTotal: '银行卡净额',
    batchReported: '刷卡机结算总额',
    batchDiff: '差额',
    batchMissing: '未输入结算总额',
    cosigned: '已会签',
    taxId: '税号',
    terminal: '收银机',
    entries: '账本笔数',
    currency: '币种',
    summary: '摘要',
    salesTax: '销售税额',
    returnsTax: '退货税额',
    netTax: '税额(销售减退货)',
    received: '收入',
    refunded: '退款',
    netOfRefunds: '扣除退款后净额',
    netOfTax: '不含税',
    taxOn: '税',
    rateLine: '税率 {rate}%',
    drawer: '钱箱 {n}',
    noOperator: '无收银员',
    noDept: '未分部门',
    paidOut: '支出',
    pickup: '上缴保险箱',
    signature: '签名',
    countedBy: '点算人',
    checkedBy: '复核(店长)',
    date: '日期',
    count: '笔数',
    amount: '金额',
    section: '区段',
    line: '项目',
    grandTotals: '累计总额',
    staff: '员工 {id}',
    cardTenderLine: '小票 #{no} {card}',
    refundLine: '退款 #{no} {card}',
  },
} satisfies Record<Locale, Record<string, string>>;

type ReportLabels = (typeof LABELS)['en'];

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

/** Who and what the report names: the store as the receipt heads it, departments and staff by name. */
export interface ReportContext {
  storeName: string;
  address?: readonly string[];
  taxNumber?: string | undefined;
  terminalId: string;
  locale: Locale;
  width: number;
  minorDigits: number;
  /** Department names by language (the config's `departments`). */
  departments?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** A staff member's name by staff number, when the till knows them. */
  staffName?: (staffId: string) => string | undefined;
}

/** One line of a report: a label, and a count and amount, or a value in words. */
export interface ReportRow {
  label: string;
  count?: number;
  amount?: number;
  value?: string;
  bold?: boolean;
  /** A detail of the line above (received and refunded under a tender's net). */
  detail?: boolean;
}

export interface ReportSection {
  title: string;
  rows: ReportRow[];
}

/**
 * The X or Z as a document a manager files: the store, what the report covers, labelled
 * sections with names (never the ledger's keys), and lines to sign. The printout, the PDF, the
 * CSV and the text export are all drawn from this one paper, so their figures are the same.
 */
export interface ReportPaper {
  title: string;
  store: { name: string; address: string[]; taxId: string | null };
  /** What the report covers: business day, terminal, ledger entries, currency. */
  facts: Array<{ label: string; value: string }>;
  sections: ReportSection[];
  /** Lines for signatures, each followed by a space to sign in. */
  signatures: string[];
  labels: { signature: string; date: string; section: string; line: string; count: string; amount: string };
  /** An amount as printed (plain decimal, no grouping). */
  money: (minor: number) => string;
}

type KeyTotal = TotalsRecord[string];

/** What every section reads: the figures, the labels in the report's language, the names. */
interface ReportSheet {
  r: ReportDocumentInput;
  ctx: ReportContext;
  L: ReportLabels;
  m: (n: number) => string;
  k: (key: string) => KeyTotal;
}

const fill = (text: string, params: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, n: string) => String(params[n] ?? ''));

/** A staff member as the report names them: name and staff number, or the number alone when unknown. */
function staffLabel({ ctx, L }: ReportSheet, staffId: string): string {
  const name = ctx.staffName?.(staffId);
  return name ? `${name} (${staffId})` : fill(L.staff, { id: staffId });
}

/** Totals whose key starts with `prefix`, in the order they were recorded, with the rest of the key. */
function keyed(keys: TotalsRecord, prefix: string): Array<[string, KeyTotal]> {
  return Object.entries(keys)
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, v]) => [key.slice(prefix.length), v]);
}

function summarySection({ r, L, k }: ReportSheet): ReportSection {
  return {
    title: L.summary,
    rows: [
      { label: L.sales, count: k('sales').count, amount: k('sales').amount },
      { label: L.salesTax, amount: k('sales:tax').amount, detail: true },
      { label: L.returns, count: k('returns').count, amount: -k('returns').amount },
      { label: L.returnsTax, amount: -k('returns:tax').amount, detail: true },
      { label: `${L.net} ${r.currency}`, amount: r.grand.period, bold: true },
      { label: L.netTax, amount: k('sales:tax').amount - k('returns:tax').amount },
      { label: L.discounts, count: k('discounts').count, amount: k('discounts').amount },
    ],
  };
}

/** Each tender's net takings; where refunds were paid from it, what it took in and what it paid back. */
function tenderSection({ r, ctx, L, k }: ReportSheet): ReportSection {
  const rows: ReportRow[] = [];
  for (const [type, v] of keyed(r.keys, 'tender:')) {
    // An exchange's credit pays its sale and is taken off its return: it nets to nothing (Exchanges lists it).
    if (type === 'exchange-credit') continue;
    const name = tenderName(type, ctx.locale);
    const refunded = k(`refund:${type}`).amount;
    if (refunded === 0) {
      rows.push({ label: name, count: v.count, amount: v.amount });
      continue;
    }
    rows.push({ label: `${name} (${L.netOfRefunds})`, count: v.count, amount: v.amount, bold: true });
    rows.push({ label: `${name} ${L.received}`, amount: v.amount + refunded, detail: true });
    rows.push({ label: `${name} ${L.refunded}`, count: k(`refund:${type}`).count, amount: -refunded, detail: true });
  }
  return { title: L.tenders, rows };
}

function rateSection({ r, L, m, k }: ReportSheet): ReportSection {
  const rates = new Set(
    Object.keys(r.keys)
      .filter((x) => x.startsWith('tax:'))
      .map((x) => x.split(':')[1]!),
  );
  const rows: ReportRow[] = [];
  for (const bp of [...rates].sort((a, b) => Number(a) - Number(b))) {
    const gross = k(`tax:${bp}:gross`).amount;
    const tax = k(`tax:${bp}:tax`).amount;
    const label = `${fill(L.rateLine, { rate: Number(bp) / 100 })}: ${L.netOfTax} ${m(gross - tax)} + ${L.taxOn} ${m(tax)}`;
    rows.push({ label, amount: gross });
  }
  return { title: L.rates, rows };
}

function departmentSection({ r, ctx, L }: ReportSheet): ReportSection {
  return {
    title: L.depts,
    rows: keyed(r.keys, 'dept:').map(([code, v]) => ({
      label: code === 'none' ? L.noDept : departmentName(code, ctx.departments, ctx.locale),
      count: v.count,
      amount: v.amount,
    })),
  };
}

function cashierSection(sheet: ReportSheet): ReportSection {
  const { r, L } = sheet;
  return {
    title: L.cashiers,
    rows: keyed(r.keys, 'cashier:').map(([id, v]) => ({ label: staffLabel(sheet, id), count: v.count, amount: v.amount })),
  };
}

function exceptionSection({ r, L, k }: ReportSheet): ReportSection {
  const ex: Array<[string, string]> = [
    ['post-voids', L.postVoids],
    ['voids:line', L.lineVoids],
    ['voids:sale', L.saleVoids],
    ['no-sales', L.noSales],
    ['receipts:reprints', L.reprints],
    ['receipts:declined-paper', L.declined],
    ['member:manual', L.manual],
    ['price-overrides', L.overrides],
    ['cash-in', L.cashIn],
    ['refunds:other-tender', L.otherTender],
    ['exchanges', L.exchanges],
    ['sales-parked', L.parked],
  ];
  const rows: ReportRow[] = ex.map(([key, label]) => ({ label, count: k(key).count, amount: k(key).amount }));
  const purposes: Record<string, string> = { 'paid-out': L.paidOut, pickup: L.pickup };
  for (const [purpose, v] of keyed(r.keys, 'cash-out:'))
    rows.push({ label: `${L.cashOut}: ${purposes[purpose] ?? readableCode(purpose)}`, count: v.count, amount: v.amount });
  rows.push({ label: L.training, count: k('training:sales').count, amount: k('training:sales').amount });
  // Only an X can show sales still on hold: a Z is refused while there are any.
  if (r.keys['sales-held']) rows.push({ label: L.held, count: k('sales-held').count, amount: k('sales-held').amount, bold: true });
  return { title: L.exceptions, rows };
}

/**
 * Gift cards (issue #15): value sold onto cards is owed to the card holders, not takings from
 * goods, so it stands apart from sales; what was paid with cards, and what went back onto them.
 */
function giftCardSection({ r, L, k }: ReportSheet): ReportSection | null {
  const keys = ['giftcards:issued', 'tender:giftcard', 'refund:giftcard', 'training:giftcards'];
  if (!keys.some((key) => r.keys[key])) return null;
  const issued = k('giftcards:issued');
  // tender:giftcard is net of refunds onto cards; what cards paid is that plus the refunds.
  const refunded = k('refund:giftcard');
  const paid = k('tender:giftcard').amount + refunded.amount;
  const rows: ReportRow[] = [
    { label: L.giftIssued, count: issued.count, amount: issued.amount },
    { label: L.giftRedeemed, count: k('tender:giftcard').count, amount: -paid },
    { label: L.giftRefunded, count: refunded.count, amount: refunded.amount },
    { label: L.giftOwed, amount: issued.amount - paid + refunded.amount, bold: true },
  ];
  if (r.keys['training:giftcards'])
    rows.push({ label: L.giftTraining, count: k('training:giftcards').count, amount: k('training:giftcards').amount });
  return { title: L.giftCards, rows };
}

/** Each card tender with its reference, the day's card net and the card terminal's batch total against it. */
function cardSection({ r, L, m }: ReportSheet): ReportSection | null {
  const tenders = r.cardTenders ?? [];
  if (tenders.length === 0 && !r.cardBatch) return null;
  const rows: ReportRow[] = tenders.map((t) => {
    const card = [t.last4 ? `*${t.last4}` : '', t.reference ?? ''].filter(Boolean).join(' ');
    return {
      label: fill(t.kind === 'return' ? L.refundLine : L.cardTenderLine, { no: receiptNumberText(t.receiptNo), card }).trim(),
      amount: t.amount,
    };
  });
  rows.push({ label: L.cardTotal, amount: tenders.reduce((s, t) => s + t.amount, 0), bold: true });
  const b = r.cardBatch;
  if (!b) rows.push({ label: L.batchReported, value: L.batchMissing });
  else {
    rows.push({ label: L.batchReported, amount: b.reported });
    rows.push({ label: L.batchDiff, value: `${m(b.difference)}${b.cosigned ? ` (${L.cosigned})` : ''}`, bold: b.difference !== 0 });
  }
  return { title: L.cards, rows };
}

/** Drawers by their number in the day and the cashier who opened them, never by session id. */
function drawerSections(sheet: ReportSheet): ReportSection[] {
  const { r, L } = sheet;
  return r.drawers.map((d, i) => ({
    title: `${fill(L.drawer, { n: i + 1 })} · ${d.operatorId ? staffLabel(sheet, d.operatorId) : L.noOperator}`,
    rows: [
      { label: L.float, amount: d.float },
      { label: L.expected, amount: d.expected },
      d.counted === null ? { label: L.counted, value: L.notCounted } : { label: L.counted, amount: d.counted },
      ...(d.overShort !== null ? [{ label: L.overShort, amount: d.overShort, bold: d.overShort !== 0 }] : []),
    ],
  }));
}

/** The report as labelled sections in the report's language (the store's), ready to print or export. */
export function reportPaper(r: ReportDocumentInput, ctx: ReportContext): ReportPaper {
  const L: ReportLabels = LABELS[ctx.locale];
  const m = (n: number) => formatMinor(n, ctx.minorDigits);
  const sheet: ReportSheet = { r, ctx, L, m, k: (key) => r.keys[key] ?? { amount: 0, count: 0 } };
  const sections = [
    summarySection(sheet),
    tenderSection(sheet),
    rateSection(sheet),
    departmentSection(sheet),
    cashierSection(sheet),
    exceptionSection(sheet),
    cardSection(sheet),
    giftCardSection(sheet),
    ...drawerSections(sheet),
    {
      title: L.grandTotals,
      rows: [
        { label: `${L.grand} ${L.period}`, amount: r.grand.period },
        { label: `${L.grand} ${L.perpetual}`, amount: r.grand.perpetual, bold: true },
      ],
    },
  ].filter((x): x is ReportSection => x !== null);
  return {
    title: r.kind === 'z' ? `${L.z} #${r.zNo}` : L.x,
    store: { name: ctx.storeName, address: [...(ctx.address ?? [])], taxId: ctx.taxNumber ? `${L.taxId} ${ctx.taxNumber}` : null },
    facts: [
      { label: L.day, value: r.businessDay },
      { label: L.terminal, value: ctx.terminalId },
      { label: L.entries, value: `${r.firstSeq}..${r.lastSeq}` },
      { label: L.currency, value: r.currency },
    ],
    sections,
    signatures: [L.countedBy, L.checkedBy],
    labels: { signature: L.signature, date: L.date, section: L.section, line: L.line, count: L.count, amount: L.amount },
    money: m,
  };
}

/** A row's figures as the printout and the PDF show them: count and amount, or the value in words. */
export function rowFigures(row: ReportRow, money: (minor: number) => string): string {
  if (row.value !== undefined) return row.value;
  const amount = row.amount === undefined ? '' : money(row.amount);
  return row.count === undefined ? amount : `${row.count}  ${amount}`;
}

export function buildReportDocument(r: ReportDocumentInput, ctx: ReportContext): ReceiptDocument {
  const paper = reportPaper(r, ctx);
  const lines: ReceiptLine[] = [
    { type: 'text', text: paper.store.name, align: 'center', bold: true },
    ...paper.store.address.map((text): ReceiptLine => ({ type: 'text', text, align: 'center' })),
    ...(paper.store.taxId ? [{ type: 'text', text: paper.store.taxId, align: 'center' } satisfies ReceiptLine] : []),
    { type: 'text', text: paper.title, align: 'center', bold: true, size: 'double' },
    ...paper.facts.map((f): ReceiptLine => ({ type: 'pair', left: f.label, right: f.value })),
  ];
  for (const section of paper.sections) {
    lines.push({ type: 'rule' }, { type: 'text', text: section.title, bold: true });
    for (const row of section.rows) {
      const indent = row.detail ? '    ' : '  ';
      const right = rowFigures(row, paper.money);
      const bold = row.bold ? { bold: true } : {};
      // A label too long for the paper beside its figures goes on its own lines, the figures below it: nothing is cut off.
      if (displayWidth(indent + row.label) + 1 + displayWidth(right) <= ctx.width)
        lines.push({ type: 'pair', left: indent + row.label, right, ...bold });
      else {
        for (const part of wrapToWidth(row.label, ctx.width - indent.length)) lines.push({ type: 'text', text: indent + part, ...bold });
        lines.push({ type: 'pair', left: '', right, ...bold });
      }
    }
  }
  lines.push({ type: 'rule' }, { type: 'text', text: paper.labels.signature, bold: true });
  for (const who of paper.signatures) lines.push({ type: 'feed', lines: 2 }, { type: 'pair', left: who, right: '________________' });
  lines.push({ type: 'pair', left: paper.labels.date, right: '________________' }, { type: 'feed', lines: 3 }, { type: 'cut' });
  return { receiptNo: r.zNo ?? 0, kind: 'report', copyNo: 0, training: false, width: ctx.width, lines };
}
