import { isInvoiceNumber } from '../../core/fiscal/tw-einvoice/invoice-number.ts';
import { checkUbn as checkTillUbn } from '../../core/fiscal/tw-einvoice/ubn.ts';
import { EInvoiceError } from './xml.ts';

// The field formats the MIG 4.1 messages share: dates and times as Taiwan reads them, amounts,
// invoice numbers, UBNs (統一編號) and the two-month invoice period. The till side has its own
// codec (core/fiscal/tw-einvoice/); the checks here are the few HQ needs before writing a file, over the
// codec's own UBN and invoice-number rules.

/** Taiwan has kept UTC+8 without daylight saving since 1980, so the local time is a fixed offset. */
const TAIPEI_OFFSET_MS = 8 * 60 * 60_000;

function taipei(utcIso: string, field: string): string {
  const ms = Date.parse(utcIso);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(utcIso) || Number.isNaN(ms))
    throw new EInvoiceError('einvoice.invalid-input', `${field} "${utcIso}" is not an ISO-8601 time`, { field });
  return new Date(ms + TAIPEI_OFFSET_MS).toISOString();
}

/** The date in Taiwan as MIG 4.1 writes it: YYYYMMDD. */
export function migDate(utcIso: string, field: string): string {
  return taipei(utcIso, field).slice(0, 10).replaceAll('-', '');
}

/** The time of day in Taiwan as MIG 4.1 writes it: HH:MM:SS. */
export function migTime(utcIso: string, field: string): string {
  return taipei(utcIso, field).slice(11, 19);
}

/** A whole amount (NT$, integer). */
export function migInteger(value: number, field: string): string {
  if (!Number.isSafeInteger(value))
    throw new EInvoiceError('einvoice.invalid-input', `${field} must be a whole amount, not ${value}`, { field });
  return String(value);
}

/** A quantity or unit price: plain decimal notation (never an exponent), at most 7 decimals as the MIG allows. */
export function migDecimal(value: number, field: string): string {
  if (!Number.isFinite(value)) throw new EInvoiceError('einvoice.invalid-input', `${field} must be a number, not ${value}`, { field });
  const text = value.toFixed(7).replace(/\.?0+$/, '');
  if (Number(text) !== value) throw new EInvoiceError('einvoice.invalid-input', `${field} ${value} has more than 7 decimals`, { field });
  return text === '-0' ? '0' : text;
}

export function checkInvoiceNumber(value: string, field: string): string {
  if (!isInvoiceNumber(value))
    throw new EInvoiceError('einvoice.invalid-input', `${field} "${value}" is not an invoice number (2 letters and 8 digits)`, {
      field,
    });
  return value;
}

/** The UBN checksum as the till checks it (core/fiscal/tw-einvoice/ubn.ts: divisible by 5, the 7th-digit-7 rule). */
export function isValidUbn(ubn: string): boolean {
  return checkTillUbn(ubn).ok;
}

export function checkUbn(value: string, field: string): string {
  if (!isValidUbn(value))
    throw new EInvoiceError('einvoice.invalid-input', `${field} "${value}" is not a valid UBN (統一編號: 8 digits with a check)`, {
      field,
    });
  return value;
}

/** A two-month invoice period: January-February is { year, firstMonth: 1 }, and so on. */
export interface InvoicePeriod {
  readonly year: number;
  readonly firstMonth: 1 | 3 | 5 | 7 | 9 | 11;
}

/** The period in MOF's 5-digit form: ROC year and the period's even month (115/01-02 is "11502"). */
export function periodCode(p: InvoicePeriod): string {
  return `${String(p.year - 1911).padStart(3, '0')}${String(p.firstMonth + 1).padStart(2, '0')}`;
}

/** A period from "11502" (MOF), "2026-01" or "2026-02" (any month of it). */
export function parsePeriod(text: string): InvoicePeriod {
  let year: number;
  let month: number;
  const roc = /^(\d{3})(\d{2})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})$/.exec(text);
  if (roc) {
    year = Number(roc[1]) + 1911;
    month = Number(roc[2]);
    if (month % 2 !== 0) month = 0; // MOF writes the even month
  } else if (iso) {
    year = Number(iso[1]);
    month = Number(iso[2]);
  } else month = 0;
  if (month < 1 || month > 12)
    throw new EInvoiceError('einvoice.invalid-input', `"${text}" is not an invoice period (e.g. 11502 or 2026-01)`, { field: 'period' });
  return { year: year!, firstMonth: (month % 2 === 0 ? month - 1 : month) as InvoicePeriod['firstMonth'] };
}

/** The period a Taiwan date (YYYYMMDD) falls in. */
export function periodOfDate(yyyymmdd: string): InvoicePeriod {
  const month = Number(yyyymmdd.slice(4, 6));
  return { year: Number(yyyymmdd.slice(0, 4)), firstMonth: (month % 2 === 0 ? month - 1 : month) as InvoicePeriod['firstMonth'] };
}

/** The first instant after the period, in UTC (00:00 Taiwan time on the 1st of the month after). */
export function periodEnd(p: InvoicePeriod): Date {
  return new Date(Date.UTC(p.year, p.firstMonth + 1, 1) - TAIPEI_OFFSET_MS);
}

/** 00:00 Taiwan time on a given day of a month (month 0-based, may overflow into the next year), in UTC. */
export function taipeiMidnight(year: number, monthIndex: number, day: number): Date {
  return new Date(Date.UTC(year, monthIndex, day) - TAIPEI_OFFSET_MS);
}
