import { z } from 'zod';
import { MoneyError } from './errors.ts';
import { assertMinor, toSafeNumber } from './money.ts';

/**
 * How a result that falls between two minor units is settled. Every mode is symmetric about
 * zero, so a refund rounds to exactly the negative of the sale it reverses:
 * - half-up: nearest, halves away from zero (the usual shop rule)
 * - half-even: nearest, halves to the even neighbour (banker's rounding)
 * - down: toward zero (truncate)
 * - up: away from zero
 */
export const ROUNDING_MODES = ['half-up', 'half-even', 'down', 'up'] as const;
export const roundingModeSchema = z.enum(ROUNDING_MODES);
export type RoundingMode = z.infer<typeof roundingModeSchema>;

/** numerator / denominator rounded to an integer by `mode`, exactly (no floats). */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const quotient = numerator / denominator; // truncates toward zero
  const remainder = numerator % denominator; // same sign as numerator
  if (remainder === 0n) return quotient;
  const away = numerator < 0n ? quotient - 1n : quotient + 1n;
  const twice = (remainder < 0n ? -remainder : remainder) * 2n;
  switch (mode) {
    case 'down':
      return quotient;
    case 'up':
      return away;
    case 'half-up':
      return twice >= denominator ? away : quotient;
    case 'half-even':
      if (twice > denominator) return away;
      if (twice < denominator) return quotient;
      return quotient % 2n === 0n ? quotient : away;
  }
}

/** Floor division for a positive denominator: the quotient and a remainder in [0, denominator). */
export function floorDivide(numerator: bigint, denominator: bigint): { quotient: bigint; remainder: bigint } {
  if (denominator <= 0n) throw new RangeError('floorDivide needs a positive denominator');
  let quotient = numerator / denominator;
  let remainder = numerator % denominator;
  if (remainder < 0n) {
    quotient -= 1n;
    remainder += denominator;
  }
  return { quotient, remainder };
}

/**
 * A fixed-point value moved to another number of decimals: 1.2345 kg (12345, 4 decimals) is
 * 1235 g at 3 decimals with half-up. Used for GS1 weights and prices, which carry their own
 * decimal count, and for currencies whose store digits differ from the source's.
 */
export function rescale(value: number, fromDecimals: number, toDecimals: number, mode: RoundingMode): number {
  assertMinor(value, 'value');
  if (
    !Number.isInteger(fromDecimals) ||
    !Number.isInteger(toDecimals) ||
    fromDecimals < 0 ||
    toDecimals < 0 ||
    fromDecimals > 18 ||
    toDecimals > 18
  ) {
    throw new MoneyError('money.invalid-rate', `decimal counts must be integers from 0 to 18, got ${fromDecimals} and ${toDecimals}`);
  }
  const v = BigInt(value);
  if (toDecimals >= fromDecimals) return toSafeNumber(v * 10n ** BigInt(toDecimals - fromDecimals), 'value');
  return toSafeNumber(divideRounded(v, 10n ** BigInt(fromDecimals - toDecimals), mode), 'value');
}
