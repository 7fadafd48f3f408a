import { taipeiMidnight, type InvoicePeriod } from './fields.ts';

// When MOF must have each message (統一發票使用辦法 as docs/einvoice.md, "Deadlines", reads it):
// an invoice, void, cancellation or allowance within 48 hours of the event for a consumer, within
// 7 days when the buyer gave a UBN; the unused numbers of a period by the 10th of the month after it.

const HOUR = 60 * 60_000;

export interface DeadlineFacts {
  /** When the invoice was issued, voided, cancelled or the allowance issued or voided (UTC ISO-8601). */
  readonly eventAt: string;
  /** Whether the buyer gave a UBN (B2B terms). */
  readonly buyerHasUbn: boolean;
}

/** The deadline of a message about one invoice or allowance. */
export function documentDeadline(facts: DeadlineFacts): Date {
  return new Date(Date.parse(facts.eventAt) + (facts.buyerHasUbn ? 7 * 24 : 48) * HOUR);
}

/** The deadline of a period's E0402: the end of the 10th (Taiwan time) of the month after the period. */
export function blankNumbersDeadline(period: InvoicePeriod): Date {
  // firstMonth is 1-based; the month after the period is firstMonth + 2, 0-based firstMonth + 1.
  return taipeiMidnight(period.year, period.firstMonth + 1, 11);
}
