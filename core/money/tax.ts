import { z } from 'zod';
import { MoneyError } from './errors.ts';
import { apportion } from './allocate.ts';
import { BP_PER_WHOLE } from './discount.ts';
import { assertCurrencyCode, assertMinor, checkedSum, toSafeNumber } from './money.ts';
import { divideRounded, roundingModeSchema, type RoundingMode } from './rounding.ts';

// Tax per store: prices either include tax (most of Asia and Europe: the shelf price is what
// the customer pays) or exclude it (North America: tax is added at the till). A tax class
// (e.g. "standard", "zero-rated", "GST+PST") carries one or more rates in basis points.
// Rounding is per line (each line's tax rounded) or per receipt (each rate's exact tax summed
// over the receipt, then rounded once). Either way the receipt's net + tax == gross exactly.

/** Highest rate accepted, as in the ledger's sale line schema (1000 %). */
export const MAX_TAX_BP = 100_000;

export const TAX_MODES = ['inclusive', 'exclusive'] as const;
export const TAX_ROUNDING_LEVELS = ['per-line', 'per-receipt'] as const;
export type TaxMode = (typeof TAX_MODES)[number];
export type TaxRoundingLevel = (typeof TAX_ROUNDING_LEVELS)[number];

const taxId = z.string().min(1).max(32);

export const taxRateSchema = z.strictObject({
  /** Stable id shown on receipts and Z reports ("TX", "VAT-A"). The same id means the same rate everywhere. */
  id: taxId,
  bp: z.int().min(0).max(MAX_TAX_BP),
  label: z.string().max(64).optional(),
});

export const taxClassSchema = z.strictObject({
  id: taxId,
  /** Empty for exempt or zero-rated goods. */
  rates: z.array(taxRateSchema).max(8),
});

export const taxConfigSchema = z
  .strictObject({
    mode: z.enum(TAX_MODES),
    rounding: z.enum(TAX_ROUNDING_LEVELS),
    roundingMode: roundingModeSchema.default('half-up'),
    classes: z.array(taxClassSchema).min(1).max(200),
  })
  .superRefine((config, ctx) => {
    const problem = configProblem(config.classes);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['classes'] });
  });

export type TaxRate = z.infer<typeof taxRateSchema>;
export type TaxClass = z.infer<typeof taxClassSchema>;
export type TaxConfig = z.output<typeof taxConfigSchema>;

function configProblem(classes: readonly TaxClass[]): string | null {
  const classIds = new Set<string>();
  const rateBp = new Map<string, number>();
  for (const c of classes) {
    if (classIds.has(c.id)) return `tax class ${c.id} is defined twice`;
    classIds.add(c.id);
    const inClass = new Set<string>();
    for (const r of c.rates) {
      if (inClass.has(r.id)) return `tax class ${c.id} lists rate ${r.id} twice`;
      inClass.add(r.id);
      const seen = rateBp.get(r.id);
      if (seen !== undefined && seen !== r.bp) return `tax rate ${r.id} is ${seen} bp in one class and ${r.bp} bp in another`;
      rateBp.set(r.id, r.bp);
    }
  }
  return null;
}

/** A line as tax sees it: its amount after all discounts, in the store's tax mode, and its class. */
export interface TaxLineInput {
  readonly amount: number;
  readonly taxClass: string;
}

export interface LineTax {
  readonly taxClass: string;
  /** The input amount: gross when tax-inclusive, net when tax-exclusive. */
  readonly amount: number;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
  readonly rates: readonly { readonly rateId: string; readonly tax: number }[];
}

/**
 * One tax rate on a receipt or Z report. `net` is the taxable base of the lines carrying this
 * rate; when a class carries several rates its base counts under each, so add up `byClass`
 * (not `byRate`) for totals.
 */
export interface RateBreakdown {
  readonly rateId: string;
  readonly bp: number;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
}

export interface ClassBreakdown {
  readonly taxClass: string;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
}

export interface TaxTotals {
  readonly currency: string;
  readonly byRate: readonly RateBreakdown[];
  readonly byClass: readonly ClassBreakdown[];
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
}

export interface TaxBreakdown extends TaxTotals {
  readonly mode: TaxMode;
  readonly rounding: TaxRoundingLevel;
  /** Per line, in input order. Line taxes always add up to the receipt's tax per rate. */
  readonly lines: readonly LineTax[];
}

interface ResolvedClass {
  readonly id: string;
  readonly rates: readonly TaxRate[];
  readonly totalBp: bigint;
}

function resolveClasses(config: TaxConfig): Map<string, ResolvedClass> {
  const problem = configProblem(config.classes);
  if (problem) throw new MoneyError('money.invalid-rate', problem);
  const classes = new Map<string, ResolvedClass>();
  for (const c of config.classes) {
    let total = 0n;
    for (const r of c.rates) {
      if (!Number.isSafeInteger(r.bp) || r.bp < 0 || r.bp > MAX_TAX_BP) {
        throw new MoneyError('money.invalid-rate', `tax rate ${r.id} must be 0 to ${MAX_TAX_BP} basis points, got ${String(r.bp)}`, {
          rateId: r.id,
        });
      }
      total += BigInt(r.bp);
    }
    classes.set(c.id, { id: c.id, rates: c.rates, totalBp: total });
  }
  return classes;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

const noNegZero = (n: number): number => (n === 0 ? 0 : n);

/**
 * Tax for a receipt's lines. Tax-exclusive: each rate's tax is amount * bp / 10000 and gross =
 * net + tax. Tax-inclusive: each rate's tax is gross * bp / (10000 + sum of the class's bp),
 * and net = gross - tax. Per-receipt rounding rounds each rate's exact sum once and shares it
 * back to the lines by largest remainder, so line taxes still add up to the receipt.
 */
export function computeTax(currency: string, lines: readonly TaxLineInput[], config: TaxConfig): TaxBreakdown {
  assertCurrencyCode(currency);
  const classes = resolveClasses(config);
  const mode: RoundingMode = config.roundingMode;
  const resolved = lines.map((line, index) => {
    assertMinor(line.amount, `amount of line ${index + 1}`);
    const taxClass = classes.get(line.taxClass);
    if (!taxClass) {
      throw new MoneyError(
        'money.unknown-tax-class',
        `line ${index + 1} has tax class "${line.taxClass}", which the store does not define`,
        { taxClass: line.taxClass, line: index + 1 },
      );
    }
    const denominator = config.mode === 'exclusive' ? BigInt(BP_PER_WHOLE) : BigInt(BP_PER_WHOLE) + taxClass.totalBp;
    return { amount: line.amount, taxClass, denominator };
  });

  // Rates in the order the store lists them, so receipts and Z reports read the same every day.
  const rateOrder: TaxRate[] = [];
  for (const c of config.classes) for (const r of c.rates) if (!rateOrder.some((o) => o.id === r.id)) rateOrder.push(r);

  // lineRateTax[i] maps rate id -> rounded tax of line i for that rate.
  const lineRateTax = resolved.map(() => new Map<string, bigint>());
  for (const rate of rateOrder) {
    const carriers = resolved.map((l, i) => ({ l, i })).filter(({ l }) => l.taxClass.rates.some((r) => r.id === rate.id));
    if (carriers.length === 0) continue;
    const bp = BigInt(rate.bp);
    if (config.rounding === 'per-line') {
      for (const { l, i } of carriers) lineRateTax[i]!.set(rate.id, divideRounded(BigInt(l.amount) * bp, l.denominator, mode));
      continue;
    }
    let common = 1n;
    for (const { l } of carriers) common = (common / gcd(common, l.denominator)) * l.denominator;
    const scaled = carriers.map(({ l }) => BigInt(l.amount) * bp * (common / l.denominator));
    let exactSum = 0n;
    for (const s of scaled) exactSum += s;
    const receiptTax = divideRounded(exactSum, common, mode);
    const shares = apportion(scaled, common, receiptTax);
    carriers.forEach(({ i }, k) => lineRateTax[i]!.set(rate.id, shares[k]!));
  }

  const lineTaxes: LineTax[] = resolved.map((l, i) => {
    const rates = l.taxClass.rates.map((r) => ({ rateId: r.id, tax: noNegZero(toSafeNumber(lineRateTax[i]!.get(r.id) ?? 0n, 'tax')) }));
    const tax = checkedSum(
      rates.map((r) => r.tax),
      'tax',
    );
    const net = config.mode === 'exclusive' ? l.amount : toSafeNumber(BigInt(l.amount) - BigInt(tax), 'net');
    const gross = config.mode === 'exclusive' ? toSafeNumber(BigInt(l.amount) + BigInt(tax), 'gross') : l.amount;
    return { taxClass: l.taxClass.id, amount: l.amount, net: noNegZero(net), tax: noNegZero(tax), gross: noNegZero(gross), rates };
  });

  const totals = summarise(currency, lineTaxes, rateOrder, config.classes);
  return { ...totals, mode: config.mode, rounding: config.rounding, lines: lineTaxes };
}

function summarise(currency: string, lines: readonly LineTax[], rateOrder: readonly TaxRate[], classOrder: readonly TaxClass[]): TaxTotals {
  const byRate: RateBreakdown[] = [];
  for (const rate of rateOrder) {
    const carriers = lines.filter((l) => l.rates.some((r) => r.rateId === rate.id));
    if (carriers.length === 0) continue;
    const net = checkedSum(
      carriers.map((l) => l.net),
      'net',
    );
    const tax = checkedSum(
      carriers.map((l) => l.rates.find((r) => r.rateId === rate.id)!.tax),
      'tax',
    );
    byRate.push({ rateId: rate.id, bp: rate.bp, net, tax, gross: toSafeNumber(BigInt(net) + BigInt(tax), 'gross') });
  }
  const byClass: ClassBreakdown[] = [];
  for (const c of classOrder) {
    const members = lines.filter((l) => l.taxClass === c.id);
    if (members.length === 0) continue;
    byClass.push({
      taxClass: c.id,
      net: checkedSum(
        members.map((l) => l.net),
        'net',
      ),
      tax: checkedSum(
        members.map((l) => l.tax),
        'tax',
      ),
      gross: checkedSum(
        members.map((l) => l.gross),
        'gross',
      ),
    });
  }
  return {
    currency,
    byRate,
    byClass,
    net: checkedSum(
      lines.map((l) => l.net),
      'net',
    ),
    tax: checkedSum(
      lines.map((l) => l.tax),
      'tax',
    ),
    gross: checkedSum(
      lines.map((l) => l.gross),
      'gross',
    ),
  };
}

/**
 * Adds receipts' tax totals together for an X or Z report. A rate whose percentage changed
 * during the day shows as two rows (same id, different bp), as the tax office expects.
 */
export function mergeTaxTotals(currency: string, items: readonly TaxTotals[]): TaxTotals {
  assertCurrencyCode(currency);
  const rates = new Map<string, RateBreakdown>();
  const classes = new Map<string, ClassBreakdown>();
  let net = 0;
  let tax = 0;
  let gross = 0;
  const add = (a: number, b: number): number => toSafeNumber(BigInt(a) + BigInt(b), 'report total');
  for (const item of items) {
    if (item.currency !== currency) {
      throw new MoneyError('money.currency-mismatch', `cannot add ${item.currency} tax into a ${currency} report`, {
        expected: currency,
        actual: item.currency,
      });
    }
    for (const r of item.byRate) {
      const key = `${r.rateId}\u0000${r.bp}`;
      const prev = rates.get(key);
      rates.set(key, prev ? { ...prev, net: add(prev.net, r.net), tax: add(prev.tax, r.tax), gross: add(prev.gross, r.gross) } : { ...r });
    }
    for (const c of item.byClass) {
      const prev = classes.get(c.taxClass);
      classes.set(
        c.taxClass,
        prev ? { ...prev, net: add(prev.net, c.net), tax: add(prev.tax, c.tax), gross: add(prev.gross, c.gross) } : { ...c },
      );
    }
    net = add(net, item.net);
    tax = add(tax, item.tax);
    gross = add(gross, item.gross);
  }
  return { currency, byRate: [...rates.values()], byClass: [...classes.values()], net, tax, gross };
}
