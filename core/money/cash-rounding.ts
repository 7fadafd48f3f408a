import { z } from 'zod';
import { MoneyError } from './errors.ts';
import { assertMinor, toSafeNumber } from './money.ts';
import { divideRounded, roundingModeSchema, type RoundingMode } from './rounding.ts';

// Where the smallest coin is bigger than the minor unit (CHF 0.05, a shop in Taiwan that
// takes no single dollars, SEK without öre), the cash part of a payment is rounded to the
// coin. Card payments are exact, so this is applied to the cash part only (see tender.ts).

export const cashRoundingRuleSchema = z.strictObject({
  /** Smallest cash step in minor units: 5 for CHF 0.05, 10, 100 for whole units. 1 = no rounding. */
  increment: z.int().positive().max(1_000_000),
  mode: roundingModeSchema,
});
export type CashRoundingRule = z.infer<typeof cashRoundingRuleSchema>;

export const NO_CASH_ROUNDING: CashRoundingRule = { increment: 1, mode: 'half-up' };

export interface CashRounding {
  readonly amount: number;
  readonly rounded: number;
  /** rounded - amount: positive when the customer pays more, as recorded in the sale's `rounding`. */
  readonly adjustment: number;
}

export function assertCashRoundingRule(rule: CashRoundingRule): void {
  if (!Number.isSafeInteger(rule.increment) || rule.increment < 1) {
    throw new MoneyError(
      'money.invalid-increment',
      `cash rounding increment must be a positive whole number of minor units, got ${String(rule.increment)}`,
    );
  }
}

/** `amount` rounded to a multiple of the rule's increment; with half-up, at most half an increment away. */
export function roundCash(amount: number, rule: CashRoundingRule): CashRounding {
  assertMinor(amount, 'cash amount');
  assertCashRoundingRule(rule);
  const mode: RoundingMode = rule.mode;
  const increment = BigInt(rule.increment);
  const steps = divideRounded(BigInt(amount), increment, mode);
  const rounded = toSafeNumber(steps * increment, 'cash amount');
  const r = rounded === 0 ? 0 : rounded;
  const adjustment = r - amount;
  return { amount, rounded: r, adjustment: adjustment === 0 ? 0 : adjustment };
}
