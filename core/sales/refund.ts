import { NO_CASH_ROUNDING, roundCash, type CashRoundingRule } from '../money/cash-rounding.ts';
import type { TenderType } from '../money/tender.ts';

// How a return pays the customer back. With the receipt, each non-cash tender of the sale
// (the card the customer paid with) gets back at most what it paid minus what earlier returns
// of the same receipt already gave back to it; the rest is paid in cash. The cash part is
// rounded with the store's cash rounding, as the sale's cash part was, so the drawer never owes
// a sum no coin can make.

export interface RefundTender {
  type: TenderType;
  amount: number;
  reference?: string;
  last4?: string;
}

/** What an earlier return of the same receipt paid back, as its ledger entry records it. */
export interface EarlierRefund {
  refunds: readonly RefundTender[];
  /** Cash rounding of that return's cash part (absent before rounding was recorded: 0). */
  rounding?: number | undefined;
}

export interface RefundPlan {
  refunds: RefundTender[];
  /** Cash rounding of the cash part: positive when the customer gets more back. */
  rounding: number;
  /** What the customer gets back: value + rounding. */
  total: number;
}

const tenderKey = (t: RefundTender) => `${t.type}\u0000${t.reference ?? ''}\u0000${t.last4 ?? ''}`;

/**
 * Splits a refund of `value` (the returned lines) into tenders. `original` is the sale's tenders
 * (undefined for a return without a receipt); `earlier` the returns already recorded against the
 * same receipt; `refundTo: 'cash'` pays everything in cash.
 *
 * Cash is rounded over the receipt's returns together: this return's cash is
 * round(cash value of all its returns so far) minus the cash they already paid, so returning a
 * sale line by line gives back exactly the cash the sale kept, never a rounding step more or less.
 */
export function planRefund(input: {
  value: number;
  original?: readonly RefundTender[] | undefined;
  earlier?: readonly EarlierRefund[] | undefined;
  refundTo: 'original' | 'cash';
  cashRounding?: CashRoundingRule | undefined;
}): RefundPlan {
  const { value, original, refundTo } = input;
  const earlier = input.earlier ?? [];
  const rule = input.cashRounding ?? NO_CASH_ROUNDING;
  const refunds: RefundTender[] = [];
  let left = value;
  if (original && refundTo === 'original') {
    const refunded = new Map<string, number>();
    for (const e of earlier) for (const r of e.refunds) refunded.set(tenderKey(r), (refunded.get(tenderKey(r)) ?? 0) + r.amount);
    for (const t of original) {
      if (left <= 0) break;
      if (t.type === 'cash') continue;
      // Two tenders with the same card and reference share what was refunded to either.
      const key = tenderKey(t);
      const available = Math.max(t.amount - (refunded.get(key) ?? 0), 0);
      const amount = Math.min(available, left);
      if (amount <= 0) continue;
      refunded.set(key, (refunded.get(key) ?? 0) + amount);
      refunds.push({ type: t.type, amount, ...(t.reference ? { reference: t.reference } : {}), ...(t.last4 ? { last4: t.last4 } : {}) });
      left -= amount;
    }
  }
  let rounding = 0;
  if (left > 0 || refunds.length === 0) {
    const cashOf = (e: EarlierRefund) => e.refunds.reduce((s, r) => s + (r.type === 'cash' ? r.amount : 0), 0);
    const paidBefore = earlier.reduce((s, e) => s + cashOf(e), 0);
    const valueBefore = earlier.reduce((s, e) => s + cashOf(e) - (e.rounding ?? 0), 0);
    // Never negative: a rule changed between returns must not take cash back from the customer.
    const cash = Math.max(roundCash(valueBefore + left, rule).rounded - paidBefore, 0);
    rounding = cash - left;
    if (cash > 0 || refunds.length === 0) refunds.push({ type: 'cash', amount: cash });
  }
  return { refunds, rounding, total: value + rounding };
}
