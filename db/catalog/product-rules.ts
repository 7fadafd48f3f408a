import type { CatalogItem } from '../../core/catalog/product.ts';
import { hasValidCheckDigit } from '../../core/catalog/barcode.ts';
import { unsafeCharacter } from '../../core/catalog/normalize.ts';
import { MasterDataError } from '../master-data-shared.ts';

const TIER = /^[a-z][a-z0-9-]{0,31}$/;
const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Rules every product obeys whatever its source (CSV import, HQ): checked before anything is written. */
export function checkProduct(p: CatalogItem): void {
  const bad = (message: string): never => {
    throw new MasterDataError('master-data.invalid', `product ${p.productId}: ${message}`, { productId: p.productId });
  };
  const texts: Array<[string, string]> = [
    ['product id', p.productId],
    ['SKU', p.sku],
    ['name', p.name],
    ['department', p.department],
    ['tax class', p.taxClass],
    ...Object.entries(p.names).map(([l, v]): [string, string] => [`name (${l})`, v]),
  ];
  for (const [what, v] of texts) {
    if (typeof v !== 'string' || v.trim() === '') bad(`${what} is empty`);
    if (unsafeCharacter(v)) bad(`${what} contains a control character`);
  }
  if (p.unit !== 'each' && p.unit !== 'kg') bad(`unit "${String(p.unit)}" is not each or kg`);
  if (!Object.hasOwn(p.prices, 'retail')) bad('has no retail price');
  for (const [tier, price] of Object.entries(p.prices)) {
    if (!TIER.test(tier)) bad(`price tier "${tier}" is not a tier name`);
    if (!Number.isSafeInteger(price) || price < 0) bad(`${tier} price ${price} is not a non-negative integer in minor units`);
  }
  for (const lang of Object.keys(p.names)) if (!LANG.test(lang)) bad(`name language "${lang}" is not a language tag`);
  if (new Set(p.barcodes).size !== p.barcodes.length) bad('lists a barcode twice');
  for (const g of p.barcodes) if (!/^\d{14}$/.test(g) || !hasValidCheckDigit(g)) bad(`barcode ${g} is not a valid GTIN-14`);
  if (p.itemCode !== null && !/^\d{1,10}$/.test(p.itemCode)) bad(`item code ${p.itemCode} is not 1 to 10 digits`);
}
