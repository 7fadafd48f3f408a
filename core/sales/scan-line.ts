// What a parsed scan puts on the sale: which product, how much of it, and at what price when the
// label says so. Scale labels (GS1 prefix 20-29) and GS1 variable-measure trade items (AI 01 with
// indicator digit 9, carrying 310n/320n net weight or 392n/393n amount payable) are read here,
// and a label that makes no sense (a weight on an item sold by the piece, a price or weight of
// 0) is refused before any sale is started: the cashier gets a clear message, not a wrong line.
import type { Product } from '../catalog/product.ts';
import type { Gs1Summary, ScaledDecimal } from '../catalog/gs1.ts';
import { scanGtin14, type Scan } from '../catalog/barcode.ts';
import { HostError } from '../contract/errors.ts';
import type { Catalog } from '../ports/catalog.ts';
import { divideRounded, rescale, type RoundingMode } from '../money/rounding.ts';

/** A line to add: the product, its quantity (thousandths: grams for kg items) and a label price that fixes its amount. */
export interface ScannedLine {
  product: Product;
  qtyMilli: number;
  fixedPrice?: number;
}

/** What the scan line needs of the store: its catalog, currency and rounding. */
export interface ScanRules {
  catalog: Catalog;
  currency: string;
  minorDigits: number;
  roundingMode: RoundingMode;
}

/** 1 lb = 0.45359237 kg exactly (the international pound), in units of 10^-8 kg. */
const LB_IN_1E8_KG = 45_359_237n;

/** A GS1 weight as grams (thousandths of a kg), rounded the way the store rounds line amounts. */
function gramsOf(summary: Gs1Summary, mode: RoundingMode): number | undefined {
  if (summary.netWeightKg) return rescale(summary.netWeightKg.value, summary.netWeightKg.decimals, 3, mode);
  const lb = summary.netWeightLb;
  if (!lb) return undefined;
  // lb x 10^-d x 0.45359237 kg = value x 45359237 / 10^(d+8) kg = value x 45359237 / 10^(d+5) g
  return Number(divideRounded(BigInt(lb.value) * LB_IN_1E8_KG, 10n ** BigInt(lb.decimals + 5), mode));
}

function amountOf(amount: ScaledDecimal, rules: ScanRules): number {
  return rescale(amount.value, amount.decimals, rules.minorDigits, rules.roundingMode);
}

const unknown = (code: string) => new HostError('scan.unknown-product', `no product for ${code}`, { code });

/** A weight on an item sold by the piece: 1.250 kg would ring up as 1.25 pieces. */
function checkWeighed(product: Product, grams: number, code: string): void {
  if (product.unit !== 'kg')
    throw new HostError('scan.weight-on-piece-item', `${product.sku} is sold by the piece but the label ${code} carries a weight`, {
      sku: product.sku,
    });
  if (grams <= 0) throw new HostError('scan.label-zero-weight', `the label ${code} carries a weight of 0`, { sku: product.sku });
}

function checkPrice(product: Product, price: number, code: string): void {
  if (price <= 0) throw new HostError('scan.label-zero-price', `the label ${code} carries a price of 0`, { sku: product.sku });
}

/** A scale label: weight or price embedded in a restricted-circulation code. */
function scaleLabelLine(scan: Extract<Scan, { kind: 'variable-measure' }>, rules: ScanRules, code: string): ScannedLine {
  const product = rules.catalog.byItemCode(scan.item.itemCode);
  if (!product || !product.active) throw unknown(code);
  if (scan.item.measure === 'weight') {
    checkWeighed(product, scan.item.weightGrams, code);
    return { product, qtyMilli: scan.item.weightGrams };
  }
  checkPrice(product, scan.item.priceMinor, code);
  return { product, qtyMilli: 1000, fixedPrice: scan.item.priceMinor };
}

/**
 * A GS1 element string for a variable-measure trade item (GTIN-14 with indicator 9): the amount
 * payable, when given, is what the line costs (its weight, when given too, is the quantity shown);
 * otherwise the net weight is the quantity, priced per kg like a scale label.
 */
function variableMeasureLine(product: Product, summary: Gs1Summary, rules: ScanRules, code: string): ScannedLine {
  const grams = gramsOf(summary, rules.roundingMode);
  const price = summary.price;
  if (price) {
    if (price.currency !== undefined ? price.currency !== rules.currency : price.currencyNumeric !== undefined) {
      throw new HostError('scan.invalid-barcode', `the amount on ${code} is not in ${rules.currency}`, { reason: 'barcode.gs1-currency' });
    }
    const amount = amountOf(price.amount, rules);
    checkPrice(product, amount, code);
    if (grams !== undefined && product.unit === 'kg') {
      checkWeighed(product, grams, code);
      return { product, qtyMilli: grams, fixedPrice: amount };
    }
    return { product, qtyMilli: 1000, fixedPrice: amount };
  }
  if (grams !== undefined) {
    checkWeighed(product, grams, code);
    return { product, qtyMilli: grams };
  }
  // A weighed item without its weight cannot be charged.
  if (product.unit === 'kg') throw new HostError('scan.label-zero-weight', `the label ${code} carries no weight`, { sku: product.sku });
  return { product, qtyMilli: 1000 };
}

/**
 * The line a parsed scan adds, or a typed refusal (unknown product, a label that makes no sense,
 * an 8-digit code that names two products). Looks nothing up twice and changes nothing.
 */
export function lineOfScan(scan: Scan, rules: ScanRules, code: string): ScannedLine {
  const { catalog } = rules;
  if (scan.kind === 'variable-measure') return scaleLabelLine(scan, rules, code);
  const gtin = scanGtin14(scan);
  let product = gtin ? catalog.byGtin(gtin) : undefined;
  if (scan.kind === 'product' && scan.product.alternate) {
    // Without a symbology identifier an 8-digit code can be EAN-8 and UPC-E at once (every UPC-E
    // whose last data digit is 5-9 is): look both up.
    const other = catalog.byGtin(scan.product.alternate.gtin14);
    if (product && other && other.productId !== product.productId) {
      throw new HostError(
        'scan.ambiguous',
        'this 8-digit code matches two products (EAN-8 and UPC-E): scan it again with the symbology identifier on, or key the item',
        { code },
      );
    }
    product ??= other;
  }
  if (!product && scan.kind === 'text') product = catalog.bySku(scan.text);
  if (!product || !product.active) throw unknown(code);
  if (scan.kind === 'gs1' && gtin?.startsWith('9')) return variableMeasureLine(product, scan.summary, rules, code);
  return { product, qtyMilli: 1000 };
}

/**
 * A code a cashier typed that is no barcode the catalog knows: an exact SKU (as typed, then in
 * upper case, as search matches it) adds that item. Only for keyed codes: a scanner's read that
 * is no barcode stays refused.
 */
export function lineOfTypedSku(catalog: Catalog, code: string): ScannedLine | undefined {
  const sku = code.trim();
  const product = catalog.bySku(sku) ?? (sku.toUpperCase() !== sku ? catalog.bySku(sku.toUpperCase()) : undefined);
  return product?.active ? { product, qtyMilli: 1000 } : undefined;
}
