// The tender side of a sale: what is paid and still due (in cash, after cash rounding), whether a
// new tender fits, the change, and the settlement that completes the sale.
import { HostError } from '../contract/errors.ts';
import { tenderBalance, settleTenders, type Settlement, type TenderInput } from '../money/tender.ts';
import type { SaleTender, SaleTotals } from './cart.ts';
import type { PricingRules } from './sale-pricing.ts';

type TenderRules = Pick<PricingRules, 'currency' | 'cashRounding'>;

/** The tender part of a sale's totals. */
export type TenderState = Pick<SaleTotals, 'paid' | 'due' | 'dueInCash' | 'cashRounding' | 'settled'>;

export function tenderInput(t: SaleTender, currency: string): TenderInput {
  return { type: t.type, amount: { minor: t.amount, currency }, ...(t.reference ? { reference: t.reference } : {}) };
}

const inputs = (tenders: readonly SaleTender[], currency: string): TenderInput[] => tenders.map((t) => tenderInput(t, currency));

/** Paid, due and due in cash for a sale of `total` with these tenders. */
export function tenderState(total: number, tenders: readonly SaleTender[], rules: TenderRules): TenderState {
  const balance = tenderBalance({ minor: total, currency: rules.currency }, inputs(tenders, rules.currency), rules.cashRounding);
  const paid = tenders.reduce((s, t) => s + t.amount, 0);
  const due = balance.ok ? balance.value.remaining : Math.max(total - paid, 0);
  const dueInCash = balance.ok ? balance.value.remainingInCash : due;
  return { paid, due, dueInCash, cashRounding: dueInCash - due, settled: balance.ok && balance.value.settled };
}

/** Refuses (tender.invalid) tenders that do not fit a sale of `total`, e.g. a card charging more than is due. */
export function assertTendersFit(total: number, tenders: readonly SaleTender[], rules: TenderRules): void {
  const balance = tenderBalance({ minor: total, currency: rules.currency }, inputs(tenders, rules.currency), rules.cashRounding);
  if (!balance.ok) throw new HostError('tender.invalid', balance.error.message, { reason: balance.error.code });
}

/** The change to hand back once the tenders settle the sale; 0 before. */
export function changeDue(t: SaleTotals, tenders: readonly SaleTender[], rules: TenderRules): number {
  if (!t.settled) return 0;
  const settled = settleTenders({ minor: t.total, currency: rules.currency }, inputs(tenders, rules.currency), rules.cashRounding);
  return settled.ok ? settled.value.change : 0;
}

/** Settles the tenders; throws sale.underpaid while anything is left to pay. */
export function settleSale(total: number, tenders: readonly SaleTender[], rules: TenderRules): Settlement {
  const settled = settleTenders({ minor: total, currency: rules.currency }, inputs(tenders, rules.currency), rules.cashRounding);
  if (!settled.ok) {
    if (settled.error.code === 'money.insufficient-tender')
      throw new HostError('sale.underpaid', settled.error.message, { ...settled.error.details });
    throw new HostError('tender.invalid', settled.error.message, { reason: settled.error.code });
  }
  return settled.value;
}
