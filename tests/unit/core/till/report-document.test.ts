import { describe, expect, it } from 'vitest';
import { buildReportDocument, reportPaper, type ReportContext, type ReportDocumentInput } from '../../../../core/till/report-document.ts';
import { renderReceiptText } from '../../../../core/receipts/receipt-document.ts';
import { displayWidth } from '../../../../core/shared/text-width.ts';

// One day as the Z seals it: two tenders (card with a refund), two departments, a cashier, a drawer.
const DAY: ReportDocumentInput = {
  kind: 'z',
  zNo: 7,
  businessDay: '2026-11-20',
  firstSeq: 10,
  lastSeq: 42,
  currency: 'TWD',
  keys: {
    sales: { amount: 500, count: 4 },
    'sales:tax': { amount: 24, count: 4 },
    returns: { amount: 100, count: 1 },
    'returns:tax': { amount: 5, count: 1 },
    'tender:cash': { amount: 200, count: 2 },
    'tender:card': { amount: 200, count: 2 },
    'refund:card': { amount: 100, count: 1 },
    'tax:500:gross': { amount: 400, count: 0 },
    'tax:500:tax': { amount: 19, count: 0 },
    'dept:drinks': { amount: 150, count: 3 },
    'dept:hot-food': { amount: 250, count: 2 },
    'cashier:S001': { amount: 400, count: 4 },
    discounts: { amount: 30, count: 1 },
    'approvals:sale.discount.large': { amount: 0, count: 1 },
    'cash-out:paid-out': { amount: 80, count: 1 },
  },
  drawers: [
    {
      sessionId: '9f0c2d1e-7a6b-4c3d-8e9f-0a1b2c3d4e5f',
      operatorId: 'S001',
      float: 1000,
      expected: 1120,
      counted: 1110,
      overShort: -10,
      cosignSeq: null,
    },
  ],
  grand: { period: 400, perpetual: 9400 },
  byCashier: [],
};

const CTX: ReportContext = {
  storeName: 'Demo Store',
  address: ['1 Market St.'],
  taxNumber: '12345675',
  terminalId: 'T-01',
  locale: 'en',
  width: 48,
  minorDigits: 0,
  departments: { drinks: { en: 'Drinks', 'zh-TW': '飲料' } },
  staffName: (id) => (id === 'S001' ? 'Amy Chen' : undefined),
};

const section = (title: string, ctx = CTX) => reportPaper(DAY, ctx).sections.find((s) => s.title === title);

describe('the X/Z report paper', () => {
  it('heads the report with the store, its address and tax id, and what it covers', () => {
    const paper = reportPaper(DAY, CTX);
    expect(paper.title).toBe('Z REPORT #7');
    expect(paper.store).toEqual({ name: 'Demo Store', address: ['1 Market St.'], taxId: 'Tax ID 12345675' });
    expect(paper.facts).toContainEqual({ label: 'Ledger entries', value: '10..42' });
  });

  it('names departments (configured, else as words), cashiers and drawers, never by key or session id', () => {
    expect(section('Departments')!.rows.map((r) => r.label)).toEqual(['Drinks', 'Hot food']);
    expect(section('Cashiers')!.rows).toEqual([{ label: 'Amy Chen (S001)', count: 4, amount: 400 }]);
    const drawer = reportPaper(DAY, CTX).sections.find((s) => s.title.startsWith('Drawer 1'))!;
    expect(drawer.title).toBe('Drawer 1 · Amy Chen (S001)');
    expect(drawer.rows).toContainEqual({ label: 'Over/short', amount: -10, bold: true });
  });

  it('explains a tender net of refunds: received, refunded, net', () => {
    expect(section('Tenders')!.rows).toEqual([
      { label: 'Cash', count: 2, amount: 200 },
      { label: 'Card (net of refunds)', count: 2, amount: 200, bold: true },
      { label: 'Card received', amount: 300, detail: true },
      { label: 'Card refunded', count: 1, amount: -100, detail: true },
    ]);
  });

  it('prints tax on sales, on returns and net, and the discounts', () => {
    const rows = section('Summary')!.rows;
    expect(rows).toContainEqual({ label: 'Tax on sales', amount: 24, detail: true });
    expect(rows).toContainEqual({ label: 'Tax on returns', amount: -5, detail: true });
    expect(rows).toContainEqual({ label: 'Tax (sales less returns)', amount: 19 });
    expect(rows).toContainEqual({ label: 'Discounts', count: 1, amount: 30 });
  });

  it('the printout has the sections and signature lines and none of the ledger keys', () => {
    const text = renderReceiptText(buildReportDocument(DAY, CTX));
    for (const words of ['Demo Store', 'Tax ID 12345675', 'Summary', 'Tenders', 'Departments', 'Cashiers', 'Signatures', 'Counted by'])
      expect(text).toContain(words);
    expect(text).toMatch(/Cash out: Paid out\s+1\s+80/);
    expect(text).not.toMatch(/tender:|dept:|cashier:|approvals:|tax:500|hot-food|9f0c2d1e/);
  });

  it('speaks the store language: a zh-TW store prints Traditional labels and names', () => {
    const text = renderReceiptText(buildReportDocument(DAY, { ...CTX, locale: 'zh-TW' }));
    expect(text).toContain('飲料');
    expect(text).toContain('信用卡');
    expect(text).toContain('統一編號 12345675');
    expect(text).toContain('錢箱 1 · Amy Chen (S001)');
  });

  it('a staff number the till does not know is still labelled', () => {
    const { staffName: _, ...unnamed } = CTX;
    expect(section('Cashiers', unnamed)!.rows[0]!.label).toBe('Staff S001');
  });
});

describe('on narrow paper', () => {
  it('puts a long label on its own line with the figures below, cutting nothing off', () => {
    const doc = buildReportDocument(DAY, { ...CTX, locale: 'zh-TW', width: 28 });
    const text = renderReceiptText(doc);
    expect(text).toContain('信用卡 (扣除退款後淨額)');
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(28);
    const at = doc.lines.findIndex((l) => l.type === 'text' && l.text.includes('信用卡 (扣除退款後淨額)'));
    expect(doc.lines[at + 1]).toEqual({ type: 'pair', left: '', right: '2  200', bold: true });
  });
});

describe('gift cards on the X/Z (issue #15)', () => {
  const GIFT: ReportDocumentInput = {
    ...DAY,
    keys: {
      ...DAY.keys,
      'giftcards:issued': { amount: 1000, count: 2 },
      'tender:giftcard': { amount: 250, count: 3 },
      'refund:giftcard': { amount: 50, count: 1 },
    },
  };

  it('stand apart from sales as what is owed to card holders, with names, not keys', () => {
    const gift = reportPaper(GIFT, CTX).sections.find((s) => s.title.startsWith('Gift cards'))!;
    expect(gift.rows).toEqual([
      { label: 'Gift cards sold and loaded', count: 2, amount: 1000 },
      { label: 'Paid with gift cards', count: 3, amount: -300 },
      { label: 'Refunded onto gift cards', count: 1, amount: 50 },
      { label: 'Owed on gift cards, change this day', amount: 750, bold: true },
    ]);
    // Selling a card is not a sale: the summary's sales are the day's, untouched.
    expect(reportPaper(GIFT, CTX).sections[0]!.rows[0]).toEqual(reportPaper(DAY, CTX).sections[0]!.rows[0]);
    const tenders = reportPaper(GIFT, CTX).sections.find((s) => s.title === 'Tenders')!;
    expect(tenders.rows.map((r) => r.label)).toContain('Gift card (net of refunds)');
    expect(renderReceiptText(buildReportDocument(GIFT, { ...CTX, locale: 'zh-TW' }))).toContain('售出並儲值的禮物卡');
    expect(renderReceiptText(buildReportDocument(GIFT, { ...CTX, locale: 'zh-CN' }))).toContain('用礼品卡付款');
  });

  it('is left off a day without gift cards', () => {
    expect(reportPaper(DAY, CTX).sections.some((s) => s.title.startsWith('Gift cards'))).toBe(false);
  });
});
