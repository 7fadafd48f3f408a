import { parseMoneyInput } from '../format/money.ts';

/** What was wrong with a typed quantity: the cashier is told which, not just "enter a number". */
export type QuantityProblem = 'zero' | 'not-whole' | 'bad-weight' | 'too-large';

export type QuantityReading = { ok: true; qtyMilli: number } | { ok: false; problem: QuantityProblem };

/** Above this many pieces (or kilograms) a quantity is more likely a slip than a sale: the cashier confirms it. */
export const LARGE_QUANTITY = 999;

/** The most a line can hold: 999,999 pieces or kilograms. */
const MAX_QUANTITY_MILLI = 999_999_000;

/**
 * A typed quantity in thousandths: whole pieces for items by the piece, kilograms with up to 3
 * decimals by weight (digit grouping and full-width digits read as on the tender keypad).
 */
export function readQuantity(text: string, unit: 'each' | 'kg'): QuantityReading {
  const parsed = parseMoneyInput(text, unit === 'kg' ? 3 : 0);
  if (parsed === null) return { ok: false, problem: unit === 'kg' ? 'bad-weight' : 'not-whole' };
  const milli = unit === 'kg' ? parsed : parsed * 1000;
  if (milli === 0) return { ok: false, problem: 'zero' };
  if (milli > MAX_QUANTITY_MILLI) return { ok: false, problem: 'too-large' };
  return { ok: true, qtyMilli: milli };
}

/** More than LARGE_QUANTITY pieces or kilograms: 99,999 typed for 9 is asked about before it rings up. */
export function isLargeQuantity(qtyMilli: number): boolean {
  return qtyMilli > LARGE_QUANTITY * 1000;
}
