// Builders for selling tests: store rules and products as the catalog would return them.
import type { Product } from '../../core/catalog/product.ts';
import type { PricingRules } from '../../core/sales/sale-pricing.ts';
import { Sale } from '../../core/sales/sale.ts';
import type { HostError } from '../../core/contract/errors.ts';
import { taxConfigSchema } from '../../core/money/tax.ts';

export const inclusiveRules: PricingRules = {
  currency: 'TWD',
  tax: taxConfigSchema.parse({
    mode: 'inclusive',
    rounding: 'per-receipt',
    classes: [
      { id: 'standard', rates: [{ id: 'VAT', bp: 500 }] },
      { id: 'zero', rates: [] },
    ],
  }),
  cashRounding: { increment: 1, mode: 'half-up' },
  defaultTier: 'retail',
  roundingMode: 'half-up',
};

export const exclusiveRules: PricingRules = {
  currency: 'USD',
  tax: taxConfigSchema.parse({
    mode: 'exclusive',
    rounding: 'per-line',
    classes: [
      {
        id: 'standard',
        rates: [
          { id: 'STATE', bp: 625 },
          { id: 'CITY', bp: 200 },
        ],
      },
      { id: 'zero', rates: [] },
    ],
  }),
  cashRounding: { increment: 5, mode: 'half-up' },
  defaultTier: 'retail',
  roundingMode: 'half-up',
};

export function product(id: string, prices: Record<string, number>, extra: Partial<Product> = {}): Product {
  return {
    productId: id,
    sku: id,
    name: `Item ${id}`,
    names: {},
    department: 'grocery',
    taxClass: 'standard',
    unit: 'each',
    prices,
    barcodes: [],
    active: true,
    ...extra,
  };
}

/** A sale under `rules`, as the terminal starts one. */
export function newSale(rules: PricingRules = inclusiveRules): Sale {
  return new Sale('sale-1', '2026-11-20T02:00:00.000Z', rules, false);
}

/** The HostError code `fn` throws, or 'no error'. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as HostError).code;
  }
  return 'no error';
}
