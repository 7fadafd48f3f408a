// Dates as the e-invoice writes them: the ROC (民國) year, Gregorian year - 1911, and the
// two-month invoice periods 01-02, 03-04 ... 11-12. A period is named by its ROC year and
// even end month (the spec's 發票年期別: 104年03-04月 is "10404"), and labelled on the
// 證明聯 as "104年03-04月". The invoice date is the store's local date, yyyMMdd ("1020523").
import { EInvoiceError } from './errors.ts';

/** A calendar date in the store's time zone. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A two-month invoice period. */
export interface InvoicePeriod {
  /** ROC year (Gregorian - 1911). */
  rocYear: number;
  /** The odd first month, 1-11. */
  startMonth: number;
  /** The even last month, 2-12: the period's name in the spec. */
  endMonth: number;
}

const ROC_OFFSET = 1911;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function assertDate(d: LocalDate): void {
  const ok =
    Number.isInteger(d.year) &&
    Number.isInteger(d.month) &&
    Number.isInteger(d.day) &&
    d.year > ROC_OFFSET &&
    d.year - ROC_OFFSET <= 999 &&
    d.month >= 1 &&
    d.month <= 12 &&
    d.day >= 1 &&
    d.day <= daysIn(d.year, d.month);
  if (!ok) throw new EInvoiceError('einvoice.invalid-date', `not a date an invoice can carry (ROC years 1-999): ${JSON.stringify(d)}`);
}

/** ROC date yyyMMdd, e.g. 2013-05-23 -> "1020523". */
export function rocDate(d: LocalDate): string {
  assertDate(d);
  return `${pad(d.year - ROC_OFFSET, 3)}${pad(d.month, 2)}${pad(d.day, 2)}`;
}

/** The invoice period a date falls in. */
export function invoicePeriodOf(d: LocalDate): InvoicePeriod {
  assertDate(d);
  const startMonth = d.month % 2 === 1 ? d.month : d.month - 1;
  return { rocYear: d.year - ROC_OFFSET, startMonth, endMonth: startMonth + 1 };
}

function assertPeriod(p: InvoicePeriod): void {
  const ok =
    Number.isInteger(p.rocYear) &&
    p.rocYear >= 1 &&
    p.rocYear <= 999 &&
    Number.isInteger(p.endMonth) &&
    p.endMonth % 2 === 0 &&
    p.endMonth >= 2 &&
    p.endMonth <= 12 &&
    p.startMonth === p.endMonth - 1;
  if (!ok)
    throw new EInvoiceError(
      'einvoice.invalid-date',
      `not an invoice period (odd start month, the even month after it): ${JSON.stringify(p)}`,
    );
}

/** The period's 5-character code: ROC year (3) + end month (2), e.g. "10404". */
export function periodCode(p: InvoicePeriod): string {
  assertPeriod(p);
  return `${pad(p.rocYear, 3)}${pad(p.endMonth, 2)}`;
}

/** The period as the 證明聯 prints it: "114年01-02月". */
export function periodLabel(p: InvoicePeriod): string {
  assertPeriod(p);
  return `${p.rocYear}年${pad(p.startMonth, 2)}-${pad(p.endMonth, 2)}月`;
}

/** Reads a 5-character period code ("11402"); throws with the expected form otherwise. */
export function parsePeriodCode(code: string): InvoicePeriod {
  const m = /^(\d{3})(\d{2})$/.exec(code);
  const period = m ? { rocYear: Number(m[1]), startMonth: Number(m[2]) - 1, endMonth: Number(m[2]) } : null;
  if (!period || period.endMonth % 2 !== 0 || period.endMonth < 2 || period.endMonth > 12 || period.rocYear < 1)
    throw new EInvoiceError(
      'einvoice.invalid-date',
      `a period code is the ROC year (3 digits) and the even end month, such as "11402", got ${JSON.stringify(code)}`,
    );
  return period;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The local date of an instant (UTC ISO-8601) in an IANA time zone, e.g. the store's "Asia/Taipei". */
export function localDateIn(iso: string, timeZone: string): LocalDate {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new EInvoiceError('einvoice.invalid-date', `not an ISO-8601 time: ${JSON.stringify(iso)}`);
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    dateFormats.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day) };
}
