import { MoneyError } from './errors.ts';
import { assertMinor, toSafeNumber } from './money.ts';
import { floorDivide } from './rounding.ts';

/**
 * Integers for exact shares `numerators[i] / denominator` that sum to exactly `target`. Each
 * share is its exact value rounded down, and the units left over go one each to the shares
 * with the largest fractional parts (ties: the earlier share), so every result is within one
 * unit of its exact value. `target` must lie between the sum of the floors and the sum of the
 * ceilings, which holds whenever it is the exact total rounded by any mode.
 */
export function apportion(numerators: readonly bigint[], denominator: bigint, target: bigint): bigint[] {
  const parts = numerators.map((n) => floorDivide(n, denominator));
  let floorSum = 0n;
  for (const p of parts) floorSum += p.quotient;
  let leftover = target - floorSum;
  const fractional = parts.filter((p) => p.remainder !== 0n).length;
  if (leftover < 0n || leftover > BigInt(fractional)) {
    throw new RangeError(`target ${target} is not a rounding of the exact total`);
  }
  const order = parts
    .map((_, i) => i)
    .sort((a, b) => {
      const ra = parts[a]!.remainder;
      const rb = parts[b]!.remainder;
      return ra === rb ? a - b : ra > rb ? -1 : 1;
    });
  const shares = parts.map((p) => p.quotient);
  for (const i of order) {
    if (leftover === 0n) break;
    shares[i]! += 1n;
    leftover -= 1n;
  }
  return shares;
}

/**
 * Splits `total` minor units across `weights` in proportion, by largest remainder, so the parts
 * sum to exactly `total`. Used to spread an order discount over its lines. A zero weight gets
 * nothing; a negative total (a refund) splits exactly as the positive one, mirrored.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertMinor(total, 'total');
  if (weights.length === 0) throw new MoneyError('money.invalid-weights', 'nothing to allocate across');
  let weightSum = 0n;
  for (const w of weights) {
    assertMinor(w, 'weight');
    if (w < 0) throw new MoneyError('money.invalid-weights', `weights may not be negative, got ${w}`);
    weightSum += BigInt(w);
  }
  if (total === 0) return weights.map(() => 0);
  if (weightSum === 0n) throw new MoneyError('money.invalid-weights', `cannot allocate ${total} across lines that are all zero`, { total });
  const magnitude = BigInt(Math.abs(total));
  const shares = apportion(
    weights.map((w) => magnitude * BigInt(w)),
    weightSum,
    magnitude,
  );
  return shares.map((s) => {
    const n = toSafeNumber(total < 0 ? -s : s, 'share');
    return n === 0 ? 0 : n;
  });
}
