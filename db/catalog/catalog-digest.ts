import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { CatalogItem } from '../../core/catalog/product.ts';
import { sortedEntries } from './product-rows.ts';

// What makes two catalogs equal: a hash per product over its content, and a digest over all of
// them, the same on every terminal that holds the same catalog however it was imported.

/**
 * Hex SHA-256 of a product's content in a fixed JSON array form (v1): [productId, sku, name,
 * names sorted by language, department, taxClass, unit, prices sorted by tier, barcodes in
 * order, active, itemCode], then 'serialized' for a serialized product (absent otherwise, so the
 * hashes of catalogs from before serials are unchanged). Equal content gives an equal hash however it was imported.
 */
export function productContentHash(p: CatalogItem): string {
  const form = [
    'v1',
    p.productId,
    p.sku,
    p.name,
    sortedEntries(p.names),
    p.department,
    p.taxClass,
    p.unit,
    sortedEntries(p.prices),
    p.barcodes,
    p.active,
    p.itemCode,
    ...(p.serialized ? ['serialized'] : []),
  ];
  return createHash('sha256').update(JSON.stringify(form)).digest('hex');
}

/**
 * Hex SHA-256 over "product_id TAB content_hash LF" for every product (active or not) in
 * product_id order; `digestRows` yields [product_id, content_hash] rows in that order.
 */
export function catalogDigest(digestRows: Database.Statement): string {
  const h = createHash('sha256');
  let buffer = '';
  for (const [id, hash] of digestRows.iterate() as IterableIterator<[string, string]>) {
    buffer += `${id}\t${hash}\n`;
    if (buffer.length > 65_536) {
      h.update(buffer);
      buffer = '';
    }
  }
  h.update(buffer);
  return h.digest('hex');
}
