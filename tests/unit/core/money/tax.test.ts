import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeTax, mergeTaxTotals, taxConfigSchema, type TaxConfig } from '../../../../core/money/tax.ts';
import { ROUNDING_MODES } from '../../../../core/money/rounding.ts';
import { MoneyError } from '../../../../core/money/errors.ts';
import { lineAmount } from '../../../../core/money/quantity.ts';
import { applyOrderDiscount } from '../../../../core/money/discount.ts';

const taiwan = (rounding: TaxConfig['rounding']): TaxConfig =>
  taxConfigSchema.parse({
    mode: 'inclusive',
    rounding,
    classes: [
      { id: 'TX', rates: [{ id: 'VAT5', bp: 500 }] },
      { id: 'TZ', rates: [] },
    ],
  });

const newYork = (rounding: TaxConfig['rounding']): TaxConfig =>
  taxConfigSchema.parse({
    mode: 'exclusive',
    rounding,
    roundingMode: 'half-up',
    classes: [
      {
        id: 'taxable',
        rates: [
          { id: 'STATE', bp: 400 },
          { id: 'CITY', bp: 450 },
        ],
      },
      { id: 'clothing', rates: [{ id: 'CITY', bp: 450 }] },
      { id: 'food', rates: [] },
    ],
  });

describe('tax-inclusive receipts (Taiwan, 5 %)', () => {
  it('extracts the tax from shelf prices and keeps the total the customer pays', () => {
    const t = computeTax(
      'TWD',
      [
        { amount: 1800, taxClass: 'TX' },
        { amount: 4500, taxClass: 'TX' },
        { amount: 12_000, taxClass: 'TX' },
        { amount: 2500, taxClass: 'TZ' },
      ],
      taiwan('per-receipt'),
    );
    // 18300 * 5 / 105 = 871.43
    expect(t.gross).toBe(20_800);
    expect(t.tax).toBe(871);
    expect(t.net).toBe(19_929);
    expect(t.byRate).toEqual([{ rateId: 'VAT5', bp: 500, net: 17_429, tax: 871, gross: 18_300 }]);
    expect(t.byClass).toEqual([
      { taxClass: 'TX', net: 17_429, tax: 871, gross: 18_300 },
      { taxClass: 'TZ', net: 2500, tax: 0, gross: 2500 },
    ]);
    expect(t.lines.map((l) => l.tax)).toEqual([86, 214, 571, 0]);
  });

  it('per-receipt rounding finds tax that per-line rounding loses on cheap items', () => {
    const cheap = [10, 10, 10].map((amount) => ({ amount, taxClass: 'TX' }));
    // each line: 10 * 5 / 105 = 0.48 -> 0; the receipt: 30 * 5 / 105 = 1.43 -> 1
    expect(computeTax('TWD', cheap, taiwan('per-line')).tax).toBe(0);
    const perReceipt = computeTax('TWD', cheap, taiwan('per-receipt'));
    expect(perReceipt.tax).toBe(1);
    expect(perReceipt.lines.map((l) => l.tax)).toEqual([1, 0, 0]);
    expect(perReceipt.lines.map((l) => l.net + l.tax)).toEqual([10, 10, 10]);
  });
});

describe('tax-exclusive receipts (two rates on one class)', () => {
  it('adds state and city tax per line and breaks them down per rate', () => {
    const t = computeTax(
      'USD',
      [
        { amount: 1999, taxClass: 'taxable' },
        { amount: 4999, taxClass: 'clothing' },
        { amount: 350, taxClass: 'food' },
      ],
      newYork('per-line'),
    );
    // state 1999 * 4 % = 79.96 -> 80; city 1999 * 4.5 % = 89.955 -> 90; 4999 * 4.5 % = 224.955 -> 225
    expect(t.lines[0]!.rates).toEqual([
      { rateId: 'STATE', tax: 80 },
      { rateId: 'CITY', tax: 90 },
    ]);
    expect(t.lines.map((l) => l.gross)).toEqual([2169, 5224, 350]);
    expect(t.byRate).toEqual([
      { rateId: 'STATE', bp: 400, net: 1999, tax: 80, gross: 2079 },
      { rateId: 'CITY', bp: 450, net: 6998, tax: 315, gross: 7313 },
    ]);
    expect(t.net).toBe(7348);
    expect(t.tax).toBe(395);
    expect(t.gross).toBe(7743);
  });

  it('per-receipt rounding rounds each rate once over the receipt', () => {
    const lines = [1999, 1999, 1999].map((amount) => ({ amount, taxClass: 'clothing' }));
    // 3 x 19.99 at 4.5 %: 269.865 cents rounded once
    expect(computeTax('USD', lines, newYork('per-receipt')).tax).toBe(270);
    const pennies = [11, 11, 11].map((amount) => ({ amount, taxClass: 'clothing' }));
    // 11 * 4.5 % = 0.495 -> 0 per line; 33 * 4.5 % = 1.485 -> 1 per receipt
    expect(computeTax('USD', pennies, newYork('per-line')).tax).toBe(0);
    expect(computeTax('USD', pennies, newYork('per-receipt')).tax).toBe(1);
  });

  it('a returned line yields the same tax with the opposite sign', () => {
    const sale = computeTax('USD', [{ amount: 1999, taxClass: 'taxable' }], newYork('per-line'));
    const refund = computeTax('USD', [{ amount: -1999, taxClass: 'taxable' }], newYork('per-line'));
    expect(refund.tax).toBe(-sale.tax);
    expect(refund.gross).toBe(-sale.gross);
  });
});

describe('tax configuration', () => {
  it('rejects a line whose class the store does not define', () => {
    let caught: unknown;
    try {
      computeTax(
        'TWD',
        [
          { amount: 100, taxClass: 'TX' },
          { amount: 100, taxClass: 'LUXURY' },
        ],
        taiwan('per-line'),
      );
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MoneyError);
    expect((caught as MoneyError).code).toBe('money.unknown-tax-class');
    expect((caught as MoneyError).details).toEqual({ taxClass: 'LUXURY', line: 2 });
  });

  it('refuses contradictory configs: a duplicate class, one rate id with two percentages, rates out of range', () => {
    const base = { mode: 'inclusive', rounding: 'per-line' };
    expect(
      taxConfigSchema.safeParse({
        ...base,
        classes: [
          { id: 'A', rates: [] },
          { id: 'A', rates: [] },
        ],
      }).success,
    ).toBe(false);
    expect(
      taxConfigSchema.safeParse({
        ...base,
        classes: [
          { id: 'A', rates: [{ id: 'V', bp: 500 }] },
          { id: 'B', rates: [{ id: 'V', bp: 600 }] },
        ],
      }).success,
    ).toBe(false);
    expect(taxConfigSchema.safeParse({ ...base, classes: [{ id: 'A', rates: [{ id: 'V', bp: 5.5 }] }] }).success).toBe(false);
    expect(taxConfigSchema.safeParse({ ...base, classes: [{ id: 'A', rates: [{ id: 'V', bp: -1 }] }] }).success).toBe(false);
    const unparsed: TaxConfig = {
      mode: 'exclusive',
      rounding: 'per-line',
      roundingMode: 'half-up',
      classes: [{ id: 'A', rates: [{ id: 'V', bp: 0.5 }] }],
    };
    expect(() => computeTax('USD', [{ amount: 100, taxClass: 'A' }], unparsed)).toThrow(
      expect.objectContaining({ code: 'money.invalid-rate' }),
    );
  });

  it('defaults to half-up rounding', () => {
    expect(taiwan('per-line').roundingMode).toBe('half-up');
  });
});

describe('Z report tax totals', () => {
  it('adds receipts per rate and per class, and keeps a mid-day rate change as its own row', () => {
    const morning = computeTax(
      'TWD',
      [
        { amount: 1050, taxClass: 'TX' },
        { amount: 200, taxClass: 'TZ' },
      ],
      taiwan('per-receipt'),
    );
    const afternoon = computeTax('TWD', [{ amount: 2100, taxClass: 'TX' }], taiwan('per-receipt'));
    const changed = computeTax(
      'TWD',
      [{ amount: 1100, taxClass: 'TX' }],
      taxConfigSchema.parse({ mode: 'inclusive', rounding: 'per-receipt', classes: [{ id: 'TX', rates: [{ id: 'VAT5', bp: 1000 }] }] }),
    );
    const z = mergeTaxTotals('TWD', [morning, afternoon, changed]);
    expect(z.byRate).toEqual([
      { rateId: 'VAT5', bp: 500, net: 3000, tax: 150, gross: 3150 },
      { rateId: 'VAT5', bp: 1000, net: 1000, tax: 100, gross: 1100 },
    ]);
    expect(z.byClass).toEqual([
      { taxClass: 'TX', net: 4000, tax: 250, gross: 4250 },
      { taxClass: 'TZ', net: 200, tax: 0, gross: 200 },
    ]);
    expect([z.net, z.tax, z.gross]).toEqual([4200, 250, 4450]);
  });

  it('refuses to merge receipts in another currency', () => {
    const hk = computeTax('HKD', [{ amount: 1000, taxClass: 'TX' }], taiwan('per-line'));
    expect(() => mergeTaxTotals('TWD', [hk])).toThrow(expect.objectContaining({ code: 'money.currency-mismatch' }));
  });
});

describe('tax invariants over random receipts', () => {
  const rate = fc.integer({ min: 0, max: 3000 });
  const config = fc.record({
    mode: fc.constantFrom('inclusive' as const, 'exclusive' as const),
    rounding: fc.constantFrom('per-line' as const, 'per-receipt' as const),
    roundingMode: fc.constantFrom(...ROUNDING_MODES),
    rates: fc.tuple(rate, rate, rate),
  });
  const lines = fc.array(
    fc.record({ amount: fc.integer({ min: -500_000, max: 5_000_000 }), taxClass: fc.constantFrom('one', 'two', 'none', 'other') }),
    { minLength: 1, maxLength: 25 },
  );
  const build = (c: {
    mode: 'inclusive' | 'exclusive';
    rounding: 'per-line' | 'per-receipt';
    roundingMode: (typeof ROUNDING_MODES)[number];
    rates: [number, number, number];
  }): TaxConfig => ({
    mode: c.mode,
    rounding: c.rounding,
    roundingMode: c.roundingMode,
    classes: [
      { id: 'one', rates: [{ id: 'A', bp: c.rates[0] }] },
      {
        id: 'two',
        rates: [
          { id: 'A', bp: c.rates[0] },
          { id: 'B', bp: c.rates[1] },
        ],
      },
      { id: 'none', rates: [] },
      { id: 'other', rates: [{ id: 'C', bp: c.rates[2] }] },
    ],
  });

  it('net + tax == gross on every line and on the receipt; inclusive gross equals what the shelf says', () => {
    fc.assert(
      fc.property(config, lines, (c, ls) => {
        const t = computeTax('EUR', ls, build(c));
        for (const [i, l] of t.lines.entries()) {
          expect(l.net + l.tax).toBe(l.gross);
          expect(c.mode === 'inclusive' ? l.gross : l.net).toBe(ls[i]!.amount);
          expect(l.rates.reduce((a, r) => a + r.tax, 0)).toBe(l.tax);
        }
        expect(t.net + t.tax).toBe(t.gross);
        const sum = (k: 'net' | 'tax' | 'gross'): number => t.byClass.reduce((a, x) => a + x[k], 0);
        expect([sum('net'), sum('tax'), sum('gross')]).toEqual([t.net, t.tax, t.gross]);
        if (c.mode === 'inclusive') expect(t.gross).toBe(ls.reduce((a, l) => a + l.amount, 0));
        for (const r of t.byRate) {
          const fromLines = t.lines.flatMap((l) => l.rates.filter((x) => x.rateId === r.rateId)).reduce((a, x) => a + x.tax, 0);
          expect(fromLines).toBe(r.tax);
        }
      }),
    );
  });

  it('rounded tax stays within half a unit of the exact tax (per line or per rate, as configured)', () => {
    fc.assert(
      fc.property(
        config.filter((c) => c.roundingMode === 'half-up' || c.roundingMode === 'half-even'),
        lines,
        (c, ls) => {
          const cfg = build(c);
          const t = computeTax('EUR', ls, cfg);
          const classOf = (id: string) => cfg.classes.find((k) => k.id === id)!;
          const den = (id: string): bigint =>
            c.mode === 'exclusive' ? 10_000n : 10_000n + BigInt(classOf(id).rates.reduce((a, r) => a + r.bp, 0));
          for (const rateId of ['A', 'B', 'C']) {
            const carriers = ls.map((l, i) => ({ l, i })).filter(({ l }) => classOf(l.taxClass).rates.some((r) => r.id === rateId));
            if (carriers.length === 0) continue;
            const bp = BigInt(classOf(carriers[0]!.l.taxClass).rates.find((r) => r.id === rateId)!.bp);
            const lineTax = (i: number): bigint => BigInt(t.lines[i]!.rates.find((r) => r.rateId === rateId)!.tax);
            // exact tax of line i is amount * bp / den; compare with a common denominator
            let common = 1n;
            for (const { l } of carriers) common *= den(l.taxClass) / gcd(common, den(l.taxClass));
            let exact = 0n;
            let rounded = 0n;
            for (const { l, i } of carriers) {
              const d = den(l.taxClass);
              const e = BigInt(l.amount) * bp;
              const lineErr = abs(lineTax(i) * d - e);
              // per line: within half a unit; per receipt: each line share within one unit
              expect(c.rounding === 'per-line' ? lineErr * 2n <= d : lineErr < d).toBe(true);
              exact += e * (common / d);
              rounded += lineTax(i);
            }
            if (c.rounding === 'per-receipt') expect(abs(rounded * common - exact) * 2n <= common).toBe(true);
          }
        },
      ),
    );
  });
});

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

describe('a whole cart, from scanned lines to the amount to pay', () => {
  it('weighed and counted lines, an order discount and tax add up to the cent with no float drift', () => {
    const cart = fc.array(
      fc.record({
        unitPrice: fc.integer({ min: 1, max: 500_000 }),
        qtyMilli: fc.integer({ min: 1, max: 20_000 }),
        taxClass: fc.constantFrom('TX', 'TZ'),
      }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(
        cart,
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom('per-line' as const, 'per-receipt' as const),
        (lines, discountBp, rounding) => {
          const amounts = lines.map((l) => lineAmount(l.unitPrice, l.qtyMilli, 'half-up'));
          // reference: exact integer arithmetic, half-up for non-negative values
          amounts.forEach((a, i) =>
            expect(BigInt(a)).toBe((BigInt(lines[i]!.unitPrice) * BigInt(lines[i]!.qtyMilli) * 2n + 1000n) / 2000n),
          );
          const order = applyOrderDiscount(amounts, { kind: 'percent', bp: discountBp }, 'half-up');
          const subtotal = amounts.reduce((a, b) => a + b, 0);
          expect(BigInt(order.discount)).toBe((BigInt(subtotal) * BigInt(discountBp) * 2n + 10_000n) / 20_000n);
          const t = computeTax(
            'TWD',
            order.lines.map((amount, i) => ({ amount, taxClass: lines[i]!.taxClass })),
            taiwan(rounding),
          );
          expect(t.gross).toBe(subtotal - order.discount);
          expect(t.net + t.tax).toBe(t.gross);
          for (const v of [t.gross, t.net, t.tax, ...t.lines.map((l) => l.tax)]) expect(Number.isSafeInteger(v)).toBe(true);
        },
      ),
    );
  });
});
