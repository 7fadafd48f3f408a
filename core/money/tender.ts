import { MoneyError, moneyFail, moneyOk, type MoneyResult } from './errors.ts';
import { NO_CASH_ROUNDING, assertCashRoundingRule, roundCash, type CashRoundingRule } from './cash-rounding.ts';
import { assertCurrencyCode, assertMinor, type Money } from './money.ts';

// Paying for a sale with one or more tenders. Non-cash tenders (card, voucher, gift card, other) are
// charged exactly and may never exceed what is still due: nobody gets change from a card.
// Cash may be over-tendered and the difference is given back as change. Cash rounding, when
// the store uses it, applies to the part paid in cash only.

export type TenderType = 'cash' | 'card' | 'voucher' | 'other' | 'giftcard' | 'exchange-credit';

export interface TenderInput {
  readonly type: TenderType;
  /** For cash: what the customer handed over. For the others: what is charged. */
  readonly amount: Money;
  readonly reference?: string;
}

/** A tender as the sale records it (cf. the ledger's tender schema). */
export interface AppliedTender {
  readonly type: TenderType;
  /** Applied to the sale; for cash, tendered minus change. */
  readonly amount: number;
  readonly tendered?: number;
  readonly change?: number;
  readonly reference?: string;
}

export interface TenderBalance {
  readonly currency: string;
  readonly due: number;
  readonly nonCash: number;
  readonly cashTendered: number;
  /** Still to pay if the rest goes on a card (exact). */
  readonly remaining: number;
  /** Still to pay if the rest is paid in cash, after cash rounding of the cash part. */
  readonly remainingInCash: number;
  readonly settled: boolean;
}

export interface Settlement {
  readonly currency: string;
  /** Sale total before cash rounding. */
  readonly due: number;
  readonly nonCash: number;
  /** The part of `due` paid in cash, before rounding. */
  readonly cashDue: number;
  /** Cash rounding adjustment, positive when the customer pays more. */
  readonly rounding: number;
  /** due + rounding: what the customer actually pays. */
  readonly total: number;
  readonly cashTendered: number;
  readonly change: number;
  readonly tenders: readonly AppliedTender[];
}

function fail<T>(code: MoneyError['code'], message: string, details: Record<string, string | number> = {}): MoneyResult<T> {
  return moneyFail(new MoneyError(code, message, details));
}

interface Walk {
  readonly nonCash: number;
  readonly cashTendered: number;
  readonly hasCash: boolean;
}

function cashStillToPay(due: number, walk: Walk, rule: CashRoundingRule): number {
  return roundCash(due - walk.nonCash, rule).rounded - walk.cashTendered;
}

function isSettled(due: number, walk: Walk, rule: CashRoundingRule): boolean {
  if (due - walk.nonCash === 0) return true;
  return walk.hasCash && cashStillToPay(due, walk, rule) <= 0;
}

function walkTenders(due: Money, tenders: readonly TenderInput[], rule: CashRoundingRule): MoneyResult<Walk> {
  assertCurrencyCode(due.currency);
  assertMinor(due.minor, 'amount due');
  assertCashRoundingRule(rule);
  if (due.minor < 0)
    return fail('money.negative-amount', `a sale cannot be due ${due.minor}: refunds are paid out, not tendered`, { due: due.minor });
  let walk: Walk = { nonCash: 0, cashTendered: 0, hasCash: false };
  for (const [index, t] of tenders.entries()) {
    const position = index + 1;
    if (t.amount.currency !== due.currency) {
      return fail('money.currency-mismatch', `tender ${position} is in ${t.amount.currency} but the sale is in ${due.currency}`, {
        expected: due.currency,
        actual: t.amount.currency,
        tender: position,
      });
    }
    if (!Number.isSafeInteger(t.amount.minor))
      return fail('money.not-integer', `tender ${position} is not a whole number of minor units`, { tender: position });
    if (isSettled(due.minor, walk, rule)) {
      return fail('money.tender-after-paid', `tender ${position} comes after the sale is already paid`, { tender: position });
    }
    if (t.type === 'cash') {
      // Zero cash is allowed: the cash part may round to nothing (1 left, 5-unit coins).
      if (t.amount.minor < 0)
        return fail('money.invalid-tender', `tender ${position} is negative`, { tender: position, amount: t.amount.minor });
      const cashTendered = walk.cashTendered + t.amount.minor;
      if (!Number.isSafeInteger(cashTendered)) return fail('money.overflow', 'cash tendered is beyond the safe integer range');
      walk = { ...walk, cashTendered, hasCash: true };
      continue;
    }
    if (t.amount.minor <= 0)
      return fail('money.invalid-tender', `tender ${position} must be more than zero`, { tender: position, amount: t.amount.minor });
    const remaining = due.minor - walk.nonCash - walk.cashTendered;
    if (t.amount.minor > remaining) {
      return fail(
        'money.tender-exceeds-due',
        `${t.type} tender ${position} of ${t.amount.minor} is more than the ${Math.max(remaining, 0)} still due`,
        {
          tender: position,
          amount: t.amount.minor,
          remaining: Math.max(remaining, 0),
        },
      );
    }
    walk = { ...walk, nonCash: walk.nonCash + t.amount.minor };
  }
  return moneyOk(walk);
}

/** Where a payment in progress stands: what is left to pay by card or in cash. */
export function tenderBalance(
  due: Money,
  tenders: readonly TenderInput[],
  cashRounding: CashRoundingRule = NO_CASH_ROUNDING,
): MoneyResult<TenderBalance> {
  const walked = walkTenders(due, tenders, cashRounding);
  if (!walked.ok) return walked;
  const w = walked.value;
  return moneyOk({
    currency: due.currency,
    due: due.minor,
    nonCash: w.nonCash,
    cashTendered: w.cashTendered,
    remaining: Math.max(due.minor - w.nonCash - w.cashTendered, 0),
    remainingInCash: Math.max(cashStillToPay(due.minor, w, cashRounding), 0),
    settled: isSettled(due.minor, w, cashRounding),
  });
}

/**
 * Settles a sale: checks every tender, applies cash rounding to the cash part, and works out
 * the change. Fails with `money.insufficient-tender` (details.shortfall) while anything is
 * left to pay, `money.tender-exceeds-due` for a card over the remaining due, and
 * `money.tender-after-paid` for a tender added once the sale was already covered.
 */
export function settleTenders(
  due: Money,
  tenders: readonly TenderInput[],
  cashRounding: CashRoundingRule = NO_CASH_ROUNDING,
): MoneyResult<Settlement> {
  const walked = walkTenders(due, tenders, cashRounding);
  if (!walked.ok) return walked;
  const w = walked.value;
  const cashDue = due.minor - w.nonCash;
  if (!isSettled(due.minor, w, cashRounding)) {
    const shortfall = w.hasCash ? cashStillToPay(due.minor, w, cashRounding) : cashDue;
    return fail('money.insufficient-tender', `${shortfall} is still to pay`, { shortfall });
  }
  const rounded = w.hasCash ? roundCash(cashDue, cashRounding) : { rounded: cashDue, adjustment: 0 };
  const change = w.cashTendered - rounded.rounded;

  // Cash is applied in order; the change is handed back on the last cash tender.
  let cashLeft = rounded.rounded;
  const lastCash = tenders.map((t) => t.type).lastIndexOf('cash');
  const applied: AppliedTender[] = tenders.map((t, i) => {
    const reference = t.reference === undefined ? {} : { reference: t.reference };
    if (t.type !== 'cash') return { type: t.type, amount: t.amount.minor, ...reference };
    const amount = i === lastCash ? cashLeft : Math.min(t.amount.minor, cashLeft);
    cashLeft -= amount;
    return { type: 'cash', amount, tendered: t.amount.minor, change: t.amount.minor - amount, ...reference };
  });
  return moneyOk({
    currency: due.currency,
    due: due.minor,
    nonCash: w.nonCash,
    cashDue,
    rounding: rounded.adjustment,
    total: due.minor + rounded.adjustment,
    cashTendered: w.cashTendered,
    change,
    tenders: applied,
  });
}

/** The common case: one cash tender for the whole sale. */
export function cashChange(due: Money, tendered: Money, cashRounding: CashRoundingRule = NO_CASH_ROUNDING): MoneyResult<Settlement> {
  return settleTenders(due, [{ type: 'cash', amount: tendered }], cashRounding);
}
