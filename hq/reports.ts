import type pg from 'pg';
import type { ExceptionDelta } from './report-projection.ts';
import { HqError } from './errors.ts';

// Cross-store reports from the read models the ingest keeps (hq_sales_daily,
// hq_cashier_exceptions_daily): verified entries only, money in minor units.

export interface ReportRange {
  /** Business days, inclusive, YYYY-MM-DD. */
  from: string;
  to: string;
  storeId?: string;
}

export interface StoreDaySales {
  storeId: string;
  businessDay: string;
  currency: string;
  terminals: number;
  salesCount: number;
  salesTotal: number;
  salesTax: number;
  returnsCount: number;
  returnsTotal: number;
  postVoidsCount: number;
  postVoidsTotal: number;
  /** Sales less returns and post-voided sales. */
  netTotal: number;
}

/** Exceptions per cashier and store (the counters are the projection's, summed). */
export interface StoreCashierExceptions extends Omit<ExceptionDelta, 'businessDay'> {
  storeId: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkRange(range: ReportRange): void {
  if (!DAY.test(range.from) || !DAY.test(range.to)) throw new HqError('request.invalid', 'from and to are business days, YYYY-MM-DD');
  if (range.from > range.to) throw new HqError('request.invalid', `from (${range.from}) is after to (${range.to})`);
}

export async function salesByStoreDay(pool: pg.Pool, range: ReportRange): Promise<StoreDaySales[]> {
  checkRange(range);
  const r = await pool.query<StoreDaySales>(
    `SELECT store_id AS "storeId", to_char(business_day, 'YYYY-MM-DD') AS "businessDay", currency, COUNT(DISTINCT terminal_id)::int AS terminals,
       SUM(sales_count)::bigint AS "salesCount", SUM(sales_total)::bigint AS "salesTotal", SUM(sales_tax)::bigint AS "salesTax",
       SUM(returns_count)::bigint AS "returnsCount", SUM(returns_total)::bigint AS "returnsTotal",
       SUM(post_voids_count)::bigint AS "postVoidsCount", SUM(post_voids_total)::bigint AS "postVoidsTotal",
       (SUM(sales_total) - SUM(returns_total) - SUM(post_voids_total))::bigint AS "netTotal"
     FROM hq_sales_daily
     WHERE business_day BETWEEN $1 AND $2 AND ($3::text IS NULL OR store_id = $3)
     GROUP BY store_id, business_day, currency ORDER BY store_id, business_day, currency`,
    [range.from, range.to, range.storeId ?? null],
  );
  return r.rows;
}

export async function exceptionsByCashier(pool: pg.Pool, range: ReportRange): Promise<StoreCashierExceptions[]> {
  checkRange(range);
  const r = await pool.query<StoreCashierExceptions>(
    `SELECT store_id AS "storeId", staff_id AS "staffId",
       SUM(line_voids)::bigint AS "lineVoids", SUM(sale_voids)::bigint AS "saleVoids", SUM(post_voids)::bigint AS "postVoids",
       SUM(no_sales)::bigint AS "noSales", SUM(manual_members)::bigint AS "manualMembers", SUM(reprints)::bigint AS "reprints",
       SUM(discount_approvals)::bigint AS "discountApprovals", SUM(price_overrides)::bigint AS "priceOverrides"
     FROM hq_cashier_exceptions_daily
     WHERE business_day BETWEEN $1 AND $2 AND ($3::text IS NULL OR store_id = $3)
     GROUP BY store_id, staff_id ORDER BY store_id, staff_id`,
    [range.from, range.to, range.storeId ?? null],
  );
  return r.rows;
}
