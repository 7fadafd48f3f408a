// Notes and coins a cashier counts, in minor units, largest first. A store may configure its own.
const DEFAULTS: Record<string, number[]> = {
  TWD: [2000, 1000, 500, 200, 100, 50, 10, 5, 1],
  HKD: [100000, 50000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10],
  CNY: [10000, 5000, 2000, 1000, 500, 100, 50, 10],
  USD: [10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1],
  EUR: [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  JPY: [10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1],
  CHF: [100000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5],
  GBP: [5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
};

export function defaultDenominations(currency: string): number[] {
  return DEFAULTS[currency] ?? [];
}

export interface DenominationCount {
  value: number;
  count: number;
}

/** Total of a count; refuses a denomination the store does not use (a typo, not a note). */
export function countTotal(counts: DenominationCount[], allowed: number[]): { total: number; unknown: number[] } {
  const unknown = counts.filter((c) => allowed.length > 0 && !allowed.includes(c.value)).map((c) => c.value);
  return { total: counts.reduce((s, c) => s + c.value * c.count, 0), unknown };
}
