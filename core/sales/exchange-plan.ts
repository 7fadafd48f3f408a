// An exchange (issue #15): lines of a receipt taken back and new items sold in one transaction.
// The returned lines' value is a credit that pays the new sale first (tender 'exchange-credit');
// the customer pays what the credit leaves of the sale with any tender, or gets back what the
// sale leaves of the credit by the store's refund rules (to the original tender, or cash), as a
// return would pay it. The same computation serves exchange.quote and exchange.complete; it
// writes nothing and asks no approval.
import { HostError } from '../contract/errors.ts';
import type { Settlement } from '../money/tender.ts';
import type { SaleTender } from './cart.ts';
import { planRefund, type RefundTender } from './refund.ts';
import { planReturn, type ReturnPlan, type ReturnRequest } from './return-plan.ts';
import { settleSale } from './sale-tenders.ts';
import type { PricingRules } from './sale-pricing.ts';

type PlanContext = Parameters<typeof planReturn>[0];

export interface ExchangeSale {
  /** The new sale's total before cash rounding. */
  total: number;
  rules: Pick<PricingRules, 'currency' | 'cashRounding'>;
}

export interface ExchangePlan {
  /** The returned lines, checked against the receipt as a return's are. */
  returned: Pick<ReturnPlan, 'original' | 'lines' | 'tax'>;
  /** What the returned lines are worth: the credit. */
  credit: number;
  /** The part of the credit that pays the sale: min(credit, sale total). */
  applied: number;
  /** What the customer still pays (positive) or gets back (negative), before any cash rounding of that part. */
  balance: number;
  /** The sale's settlement with the credit and the customer's tenders; null while those do not settle it yet. */
  settlement: Settlement | null;
  /** The return's refunds: the credit applied, then any money back. */
  refunds: RefundTender[];
  /** Cash rounding of the money back (positive when the customer gets more). */
  rounding: number;
  /** The return's total: credit + rounding. */
  returnTotal: number;
  /** Money back paid to a tender the sale did not use (cash for a card sale): needs 'return.other-tender'. */
  otherTender: number;
}

const nothing = (reason: string, message: string) => new HostError('exchange.invalid', message, { reason });

const cashOf = (tenders: ReadonlyArray<{ type: string; amount: number }>) =>
  tenders.reduce((s, t) => s + (t.type === 'cash' ? t.amount : 0), 0);

/**
 * Plans an exchange of `request`'s lines of the original receipt against `sale`, paid for the
 * rest with `pay` (the customer's tenders; none when the credit covers the sale). The credit is
 * the return's value as a return of the same lines would compute it, so an exchange never gives
 * more than a return would, and its quantities count against the receipt as a return's do.
 */
export function planExchange(
  ctx: PlanContext,
  request: ReturnRequest & { exchangeId: string },
  sale: ExchangeSale,
  pay: readonly SaleTender[],
): ExchangePlan {
  if (request.originalReceiptNo === undefined)
    throw nothing('no-receipt', 'an exchange takes back lines of a receipt: look the receipt up first');
  if (request.lines.length === 0) throw nothing('nothing-returned', 'choose the lines the customer brings back');
  if (sale.total <= 0) throw nothing('nothing-sold', 'scan the items the customer takes in exchange');
  const plan = planReturn(ctx, { ...request, refundTo: 'original' });
  const credit = plan.lines.reduce((s, l) => s + l.amount, 0);
  const applied = Math.min(credit, sale.total);
  const creditTender: RefundTender = { type: 'exchange-credit', amount: applied, reference: request.exchangeId };
  const returned = { original: plan.original, lines: plan.lines, tax: plan.tax };
  if (credit < sale.total) {
    const tenders: SaleTender[] = [{ type: 'exchange-credit', amount: applied, reference: request.exchangeId }, ...pay];
    let settlement: Settlement | null = null;
    try {
      settlement = settleSale(sale.total, tenders, sale.rules);
    } catch (e) {
      // Underpaid: the screen shows the balance still due; any other refusal is the cashier's to see.
      if (!(e instanceof HostError) || e.code !== 'sale.underpaid') throw e;
    }
    return {
      returned,
      credit,
      applied,
      balance: sale.total - credit,
      settlement,
      refunds: [creditTender],
      rounding: 0,
      returnTotal: credit,
      otherTender: 0,
    };
  }
  if (pay.length > 0) throw nothing('nothing-to-pay', 'the credit pays the whole sale: the customer pays nothing');
  const settlement = settleSale(sale.total, [{ type: 'exchange-credit', amount: applied, reference: request.exchangeId }], sale.rules);
  const back = credit - applied;
  if (back === 0)
    return { returned, credit, applied, balance: 0, settlement, refunds: [creditTender], rounding: 0, returnTotal: credit, otherTender: 0 };
  // Earlier returns of the receipt, with this exchange's credit as if already given, set what each tender may still get back.
  const money = planRefund({
    value: back,
    original: plan.original?.tenders,
    earlier: [...plan.earlier, { refunds: [creditTender] }],
    refundTo: request.refundTo,
    cashRounding: ctx.config().cashRounding,
  });
  const took = plan.original ? cashOf(plan.original.tenders) : 0;
  const before = plan.earlier.reduce((s, e) => s + cashOf(e.refunds), 0);
  const beyond = (paid: number) => Math.max(paid - took, 0);
  const otherTender = beyond(before + cashOf(money.refunds)) - beyond(before);
  return {
    returned,
    credit,
    applied,
    balance: -back,
    settlement,
    refunds: [creditTender, ...money.refunds],
    rounding: money.rounding,
    returnTotal: credit + money.rounding,
    otherTender,
  };
}
