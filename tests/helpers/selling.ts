// Builders for selling tests: store rules and products as the catalog would return them.
import type { Product } from '../../core/catalog/product.ts';
import type { PricingRules } from '../../core/sales/sale.ts';
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
