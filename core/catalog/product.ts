// A product as the catalog holds it (master data from HQ or a local import).

export type Unit = 'each' | 'kg';

export interface Product {
  productId: string;
  sku: string;
  /** Name in the catalog's primary language; `names` may add 'en', 'zh-TW', 'zh-CN'. */
  name: string;
  names: Record<string, string>;
  department: string;
  taxClass: string;
  unit: Unit;
  /** Unit price per tier in minor units ('retail' always present); per kg for unit 'kg'. */
  prices: Record<string, number>;
  barcodes: string[];
  active: boolean;
  /** Each piece carries a serial the sale records (issue #14): sold one per line, never twice. Absent: not serialized. */
  serialized?: boolean;
}

/** A product as imported: the port's `Product` plus the scale-label item code for weighed goods. */
export interface CatalogItem extends Product {
  /** Item code of variable-measure (GS1 20-29) labels, when the product is sold from a scale. */
  itemCode: string | null;
}

export interface CatalogSearchHit {
  product: Product;
  /** How it matched, best first: exact barcode/SKU, name prefix, name substring, name sound (pinyin/zhuyin). */
  match: 'code' | 'prefix' | 'substring' | 'phonetic';
}
