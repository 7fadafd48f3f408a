import { makeRoom, PDF_MARGIN, pdfDocument } from '../platform/pdf-document.ts';
import type { SalesReport } from './sales-report.ts';
import type { SalesFigure } from './sales-figures.ts';

// The sales page as a PDF a regional manager files (docs/hq.md "Sales"): the title, the stores it
// covers, the period and the one before it, then the same figures as the page shows (the same
// salesReport), one row per key with the previous period's net and the change. Drawn with the
// till's PDF code (platform/pdf-document.ts), in the page's language.

export const SALES_PDF_LOCALES = ['en', 'zh-TW', 'zh-CN'] as const;
export type SalesPdfLocale = (typeof SALES_PDF_LOCALES)[number];

interface SalesPdfText {
  title: string;
  stores: string;
  allStores: string;
  period: string;
  previous: string;
  generated: string;
  dimension: Record<SalesReport['dimension'], string>;
  columns: { currency: string; sales: string; returns: string; postVoids: string; net: string; previous: string; change: string };
  total: string;
  none: string;
  newFigure: string;
}

const TEXT: Record<SalesPdfLocale, SalesPdfText> = {
  en: {
    title: 'Sales report',
    stores: 'Stores',
    allStores: 'all stores',
    period: 'Period',
    previous: 'Compared with',
    generated: 'Generated',
    dimension: { store: 'Store', day: 'Day', hour: 'Hour', department: 'Department', salesperson: 'Salesperson', tender: 'Tender' },
    columns: {
      currency: 'Cur.',
      sales: 'Sales',
      returns: 'Returns',
      postVoids: 'Post-voids',
      net: 'Net',
      previous: 'Previous',
      change: 'Change',
    },
    total: 'Total',
    none: 'No sales in this period.',
    newFigure: 'new',
  },
  'zh-TW': {
    title: '銷售報表',
    stores: '門市',
    allStores: '全部門市',
    period: '期間',
    previous: '比較期間',
    generated: '產生時間',
    dimension: { store: '門市', day: '日期', hour: '時段', department: '部門', salesperson: '銷售人員', tender: '付款方式' },
    columns: { currency: '幣別', sales: '銷售', returns: '退貨', postVoids: '事後作廢', net: '淨額', previous: '前期', change: '變化' },
    total: '合計',
    none: '此期間沒有銷售。',
    newFigure: '新增',
  },
  'zh-CN': {
    title: '销售报表',
    stores: '门店',
    allStores: '全部门店',
    period: '期间',
    previous: '比较期间',
    generated: '生成时间',
    dimension: { store: '门店', day: '日期', hour: '时段', department: '部门', salesperson: '销售人员', tender: '付款方式' },
    columns: { currency: '币种', sales: '销售', returns: '退货', postVoids: '事后作废', net: '净额', previous: '上期', change: '变化' },
    total: '合计',
    none: '此期间没有销售。',
    newFigure: '新增',
  },
};

export function salesPdfLocaleOf(value: string | undefined): SalesPdfLocale {
  return value !== undefined && (SALES_PDF_LOCALES as readonly string[]).includes(value) ? (value as SalesPdfLocale) : 'en';
}

export interface SalesPdfRow {
  key: string;
  currency: string;
  salesCount: number;
  salesTotal: number;
  returnsTotal: number;
  postVoidsTotal: number;
  netTotal: number;
  previousNet: number;
  /** Per cent, one decimal; null when the previous period had nothing. */
  change: number | null;
}

/** The page's rows: this period's figures with the previous net beside them, and keys only the previous period had (at zero). */
export function salesPdfRows(report: Pick<SalesReport, 'figures' | 'previousFigures'>): SalesPdfRow[] {
  const id = (f: SalesFigure) => `${f.key}\u0000${f.currency}`;
  const previous = new Map(report.previousFigures.map((f) => [id(f), f.netTotal]));
  const seen = new Set(report.figures.map(id));
  const zero = { salesCount: 0, salesTotal: 0, returnsTotal: 0, postVoidsTotal: 0, netTotal: 0 };
  const rows = [
    ...report.figures.map((f) => ({ ...f, previousNet: previous.get(id(f)) ?? 0 })),
    ...report.previousFigures.filter((f) => !seen.has(id(f))).map((f) => ({ ...f, ...zero, previousNet: f.netTotal })),
  ];
  return rows.map((r) => ({
    key: r.key,
    currency: r.currency,
    salesCount: r.salesCount,
    salesTotal: r.salesTotal,
    returnsTotal: r.returnsTotal,
    postVoidsTotal: r.postVoidsTotal,
    netTotal: r.netTotal,
    previousNet: r.previousNet,
    change: r.previousNet === 0 ? null : Math.round(((r.netTotal - r.previousNet) / Math.abs(r.previousNet)) * 1000) / 10,
  }));
}

export interface SalesPdfOptions {
  locale: SalesPdfLocale;
  /** The stores the figures cover; empty: every store (an admin's or auditor's whole chain). */
  stores: readonly string[];
  generatedAt: Date;
}

/** File name for the download: sales-<dimension>-<from>-<to>.pdf. */
export function salesPdfName(report: Pick<SalesReport, 'dimension' | 'from' | 'to'>): string {
  return `sales-${report.dimension}-${report.from}-${report.to}.pdf`;
}

const COLUMNS_X = [48, 170, 205, 265, 320, 375, 430, 490];
const WIDTHS = [120, 32, 58, 52, 52, 52, 58, 50];

export function salesPdf(report: SalesReport, options: SalesPdfOptions): Promise<Buffer> {
  const text = TEXT[options.locale];
  const number = new Intl.NumberFormat(options.locale);
  const rows = salesPdfRows(report);
  return pdfDocument(`${text.title} ${report.from} – ${report.to}`, (doc) => {
    const line = (cells: readonly string[], bold = false) => {
      makeRoom(doc, 16);
      const y = doc.y;
      let after = y;
      cells.forEach((c, i) => {
        doc.text(c, COLUMNS_X[i], y, { width: WIDTHS[i]!, align: i < 2 ? 'left' : 'right' });
        after = Math.max(after, doc.y);
      });
      doc.y = after + (bold ? 4 : 1);
      doc.x = PDF_MARGIN;
    };
    doc.fontSize(16).text(text.title);
    doc.fontSize(10).moveDown(0.4);
    doc.text(`${text.stores}: ${options.stores.length > 0 ? options.stores.join(', ') : text.allStores}`);
    doc.text(`${text.period}: ${report.from} – ${report.to}`);
    doc.text(`${text.previous}: ${report.previous.from} – ${report.previous.to}`);
    doc.text(`${text.generated}: ${options.generatedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`);
    doc.moveDown(0.8);
    const c = text.columns;
    line([text.dimension[report.dimension], c.currency, c.sales, c.returns, c.postVoids, c.net, c.previous, c.change], true);
    if (rows.length === 0) {
      doc.text(text.none);
      return;
    }
    for (const r of rows)
      line([
        r.key,
        r.currency,
        `${number.format(r.salesTotal)} (${r.salesCount})`,
        number.format(r.returnsTotal),
        number.format(r.postVoidsTotal),
        number.format(r.netTotal),
        number.format(r.previousNet),
        r.change === null ? (r.netTotal === 0 ? '–' : text.newFigure) : `${r.change > 0 ? '+' : ''}${number.format(r.change)} %`,
      ]);
    // A total per currency: amounts in two currencies are never added together.
    for (const currency of [...new Set(rows.map((r) => r.currency))]) {
      const of = rows.filter((r) => r.currency === currency);
      const sum = (f: (r: SalesPdfRow) => number) => number.format(of.reduce((s, r) => s + f(r), 0));
      line(
        [
          text.total,
          currency,
          sum((r) => r.salesTotal),
          sum((r) => r.returnsTotal),
          sum((r) => r.postVoidsTotal),
          sum((r) => r.netTotal),
          sum((r) => r.previousNet),
          '',
        ],
        true,
      );
    }
  });
}
