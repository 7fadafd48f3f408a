import { MoneyError } from './errors.ts';
import { assertMinor, toSafeNumber } from './money.ts';
import { divideRounded, type RoundingMode } from './rounding.ts';

// Quantities are integer thousandths (`qtyMilli`): 1 item = 1000, 0.250 kg = 250. Prices per
// item and per kilogram then use the same arithmetic, and a weighed line never holds a float.

export function assertQtyMilli(qtyMilli: number): void {
  if (!Number.isSafeInteger(qtyMilli)) {
    throw new MoneyError('money.not-integer', `quantity must be an integer number of thousandths, got ${String(qtyMilli)}`, {
      what: 'qtyMilli',
    });
  }
}

/** qtyMilli for a whole number of items (3 -> 3000). */
export function qtyMilliOfUnits(units: number): number {
  assertMinor(units, 'units');
  return toSafeNumber(BigInt(units) * 1000n, 'qtyMilli');
}

/**
 * Line amount for `qtyMilli` thousandths at `unitPrice` minor units per unit (item or kg):
 * unitPrice * qtyMilli / 1000, rounded once by `mode`. Negative quantities (returns) round
 * to the mirror image of the sale.
 */
export function lineAmount(unitPrice: number, qtyMilli: number, mode: RoundingMode): number {
  assertMinor(unitPrice, 'unit price');
  assertQtyMilli(qtyMilli);
  const amount = toSafeNumber(divideRounded(BigInt(unitPrice) * BigInt(qtyMilli), 1000n, mode), 'line amount');
  return amount === 0 ? 0 : amount;
}
