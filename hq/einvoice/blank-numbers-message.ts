import { checkUbn, periodCode, type InvoicePeriod } from './fields.ts';
import { EInvoiceError, leaf, parent, xmlDocument } from './xml.ts';

// E0402 (空白未使用字軌): after a period closes, the numbers of each track that were never used,
// as ranges. HQ derives them from the tracks it assigned and the numbers the terminals report used.

export const E0402_NAMESPACE = 'urn:GEINV:eInvoiceMessage:E0402:4.1';

/** Invoice numbers start..end inclusive, the 8-digit part only (the track's letters are beside it). */
export interface NumberRange {
  readonly start: number;
  readonly end: number;
}

/** The numbers of `range` not in `used`, as ascending contiguous ranges; used numbers outside it are ignored. */
export function unusedRanges(range: NumberRange, used: Iterable<number>): NumberRange[] {
  const inside = [...new Set(used)].filter((n) => n >= range.start && n <= range.end).sort((a, b) => a - b);
  const out: NumberRange[] = [];
  let next = range.start;
  for (const n of inside) {
    if (n > next) out.push({ start: next, end: n - 1 });
    next = n + 1;
  }
  if (next <= range.end) out.push({ start: next, end: range.end });
  return out;
}

export interface BlankNumbersReport {
  /** The head office's UBN (the seller's own when it has no branches). */
  readonly headUbn: string;
  /** The branch whose numbers these are. */
  readonly branchUbn: string;
  readonly invoiceType: '07' | '08';
  readonly period: InvoicePeriod;
  /** The track's two letters. */
  readonly track: string;
  readonly ranges: readonly NumberRange[];
}

const eight = (n: number) => String(n).padStart(8, '0');

/** The E0402 XML for one track of one period. */
export function blankNumbersXml(r: BlankNumbersReport): string {
  checkUbn(r.headUbn, 'HeadBan');
  checkUbn(r.branchUbn, 'BranchBan');
  if (!/^[A-Z]{2}$/.test(r.track))
    throw new EInvoiceError('einvoice.invalid-input', `track "${r.track}" is not 2 capital letters`, { field: 'InvoiceTrack' });
  if (r.ranges.length === 0)
    throw new EInvoiceError('einvoice.invalid-input', `track ${r.track} has no unused numbers to report`, { field: 'Details' });
  for (const x of r.ranges)
    if (!Number.isSafeInteger(x.start) || !Number.isSafeInteger(x.end) || x.start < 0 || x.end > 99_999_999 || x.start > x.end)
      throw new EInvoiceError('einvoice.invalid-input', `range ${x.start}-${x.end} is not a range of 8-digit numbers`, {
        field: 'Details',
      });
  return xmlDocument('BranchTrackBlank', E0402_NAMESPACE, [
    parent('Main', [
      leaf('HeadBan', r.headUbn),
      leaf('BranchBan', r.branchUbn),
      leaf('InvoiceType', r.invoiceType),
      leaf('YearMonth', periodCode(r.period)),
      leaf('InvoiceTrack', r.track),
    ]),
    parent(
      'Details',
      r.ranges.map((x) => parent('BranchTrackBlankItem', [leaf('InvoiceBeginNo', eight(x.start)), leaf('InvoiceEndNo', eight(x.end))])),
    ),
  ]);
}
