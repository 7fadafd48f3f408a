// The sales page's calls to HQ (hq/console-api.ts, /console/api/sales): HQ decides which stores
// the user sees; the page only shows what it gets.
import { call, fetchFile } from '../api.ts';

export const SALES_DIMENSIONS = ['store', 'day', 'hour', 'department', 'salesperson', 'tender'] as const;
export type SalesDimension = (typeof SALES_DIMENSIONS)[number];
export const EXCEPTION_GROUPS = ['voids', 'refunds', 'noSales', 'overrides'] as const;
export type ExceptionGroup = (typeof EXCEPTION_GROUPS)[number];

export interface SalesFigure {
  key: string;
  currency: string;
  salesCount: number;
  salesTotal: number;
  returnsCount: number;
  returnsTotal: number;
  postVoidsCount: number;
  postVoidsTotal: number;
  netTotal: number;
}

export type CashierExceptions = { staffId: string } & Record<ExceptionGroup, number>;

export interface SalesReport {
  from: string;
  to: string;
  previous: { from: string; to: string };
  dimension: SalesDimension;
  figures: SalesFigure[];
  previousFigures: SalesFigure[];
  byHour: SalesFigure[];
  exceptions: CashierExceptions[];
}

export interface DrilledEntry {
  storeId: string;
  terminalId: string;
  seq: number;
  hash: string;
  kind: string;
  businessDay: string;
  operatorId: string | null;
  movement: 'sale' | 'return' | 'post-void' | ExceptionGroup;
  amount: number | null;
  zReport: { seq: number; zNo: number; hash: string } | null;
}

export interface SalesFilter {
  from: string;
  to: string;
  /** '' for every store the user may see. */
  store: string;
  dimension: SalesDimension;
  timeZone: string;
}

export type FigureRef = { dimension: SalesDimension; key: string; currency: string } | { cashier: string; group?: ExceptionGroup };

function params(f: SalesFilter): Record<string, string> {
  return { from: f.from, to: f.to, tz: f.timeZone, ...(f.store ? { store: f.store } : {}) };
}

export const salesApi = {
  /** The shown figures as a PDF HQ draws (in `lang`), for the same stores and period. */
  pdf: (f: SalesFilter, lang: string) =>
    fetchFile(`/sales/pdf?${new URLSearchParams({ ...params(f), dimension: f.dimension, lang }).toString()}`),
  report: (f: SalesFilter) =>
    call<SalesReport>('GET', `/sales?${new URLSearchParams({ ...params(f), dimension: f.dimension }).toString()}`),
  entries: (f: SalesFilter, figure: FigureRef) =>
    call<{ entries: DrilledEntry[]; truncated: boolean }>(
      'GET',
      `/sales/entries?${new URLSearchParams({
        ...params(f),
        ...('cashier' in figure
          ? { cashier: figure.cashier, ...(figure.group ? { group: figure.group } : {}) }
          : { dimension: figure.dimension, key: figure.key, currency: figure.currency }),
      }).toString()}`,
    ),
};
