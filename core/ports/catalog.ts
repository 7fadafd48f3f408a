// Product lookups for selling; db/ implements it over the master data tables.
import type { CatalogSearchHit, Product } from '../catalog/product.ts';

export interface Catalog {
  /** Lookup by a normalised GTIN-14 (see core/catalog/barcode.ts). */
  byGtin(gtin14: string): Product | undefined;
  bySku(sku: string): Product | undefined;
  byId(productId: string): Product | undefined;
  /** Item-code lookup for variable-measure (GS1 prefix 20-29) barcodes. */
  byItemCode(itemCode: string): Product | undefined;
  /** Name (any language), SKU or barcode; case- and width-insensitive; CJK substrings work. */
  search(query: string, limit: number): CatalogSearchHit[];
  /** Opaque version of the catalog content, changes whenever it changes. */
  version(): string;
}
