import type { CatalogItem } from '../../core/catalog/product.ts';
import { MasterDataError } from '../master-data-shared.ts';
import { productContentHash } from './catalog-digest.ts';
import type { CatalogWriteStatements } from './catalog-statements.ts';
import { checkProduct } from './product-rules.ts';
import { rowToItem, type ProductRow } from './product-rows.ts';
import { SearchIndexWriter } from './search-index-writer.ts';

// The changes one catalog import makes, product by product, inside the caller's transaction.
// Codes follow the file: a barcode or item code listed for another product moves to it, and a
// SKU listed for another product is parked on its old holder until that product's own row comes.

/** One catalog import under way: what it has written so far and what is left to settle. */
export interface ImportRun {
  readonly s: CatalogWriteStatements;
  /** The catalog version this import writes. */
  readonly version: number;
  /**
   * Into an empty catalog every row is an insert: no lookups, and a duplicate in the rows is
   * caught by the UNIQUE constraints instead (the first import of a big catalog goes faster).
   */
  readonly fresh: boolean;
  readonly search: SearchIndexWriter;
  /** Products the rows have listed so far. */
  readonly applied: Set<number>;
  /** Products whose stored content changed under them (a code moved away, deactivated): rehashed at the end. */
  readonly dirty: Set<number>;
  /** Products whose SKU a listed product took, with that SKU: refused at the end unless listed themselves. */
  readonly parked: Map<number, { productId: string; sku: string }>;
  readonly deactivatedNow: Set<number>;
  readonly counts: { inserted: number; updated: number; deactivated: number; unchanged: number };
}

export function startImport(s: CatalogWriteStatements, version: number): ImportRun {
  return {
    s,
    version,
    fresh: s.anyProduct.get() === undefined,
    search: new SearchIndexWriter(s),
    applied: new Set(),
    dirty: new Set(),
    parked: new Map(),
    deactivatedNow: new Set(),
    counts: { inserted: 0, updated: 0, deactivated: 0, unchanged: 0 },
  };
}

interface StoredProduct {
  no: number;
  hash: string;
  active: number;
  sku: string;
  itemCode: string | null;
}

interface ProductFields {
  productId: string;
  sku: string;
  name: string;
  department: string;
  taxClass: string;
  unit: string;
  itemCode: string | null;
  active: number;
  serialized: number;
  hash: string;
  version: number;
}

function listedTwice(item: CatalogItem): MasterDataError {
  return new MasterDataError('master-data.duplicate-product-id', `product id ${item.productId} is listed twice`, {
    productId: item.productId,
  });
}

/** Writes one product of the file: checked, then left alone when its content is unchanged, else inserted or rewritten with its codes. */
export function applyProduct(run: ImportRun, item: CatalogItem): void {
  checkProduct(item);
  const hash = productContentHash(item);
  const existing = run.fresh ? undefined : (run.s.byProductId.get(item.productId) as StoredProduct | undefined);
  if (existing && run.applied.has(existing.no)) throw listedTwice(item);
  if (existing && existing.hash === hash) {
    run.applied.add(existing.no);
    run.counts.unchanged++;
    return;
  }
  claimSku(run, item, existing);
  claimItemCode(run, item, existing);
  const fields: ProductFields = {
    productId: item.productId,
    sku: item.sku,
    name: item.name,
    department: item.department,
    taxClass: item.taxClass,
    unit: item.unit,
    itemCode: item.itemCode,
    active: item.active ? 1 : 0,
    serialized: item.serialized ? 1 : 0,
    hash,
    version: run.version,
  };
  const no = existing ? rewriteProduct(run, existing, item, fields) : insertProduct(run, item, fields);
  for (const lang in item.names) run.s.insertName.run(no, lang, item.names[lang]);
  for (const tier in item.prices) run.s.insertPrice.run(no, tier, item.prices[tier]);
  claimBarcodes(run, item, no);
  if (!existing && item.active) run.search.addNew(no, item);
  run.applied.add(no);
}

/** The item's SKU, taken from a product holding it that the file has not listed yet (parked there until its row comes). */
function claimSku(run: ImportRun, item: CatalogItem, existing: StoredProduct | undefined): void {
  if (run.fresh || existing?.sku === item.sku) return;
  const owner = run.s.skuOwner.get(item.sku) as { no: number; productId: string } | undefined;
  if (!owner || owner.no === existing?.no) return;
  if (run.applied.has(owner.no)) {
    throw new MasterDataError('master-data.duplicate-sku', `SKU ${item.sku} is listed for both ${owner.productId} and ${item.productId}`, {
      sku: item.sku,
      productId: item.productId,
    });
  }
  run.s.parkSku.run(owner.no);
  run.parked.set(owner.no, { productId: owner.productId, sku: item.sku });
  run.dirty.add(owner.no);
}

/** The item's item code, taken from a product holding it that the file has not listed yet. */
function claimItemCode(run: ImportRun, item: CatalogItem, existing: StoredProduct | undefined): void {
  if (item.itemCode === null || run.fresh || existing?.itemCode === item.itemCode) return;
  const owner = run.s.itemCodeOwner.get(item.itemCode) as { no: number; productId: string } | undefined;
  if (!owner || owner.no === existing?.no) return;
  if (run.applied.has(owner.no)) {
    throw new MasterDataError(
      'master-data.duplicate-item-code',
      `item code ${item.itemCode} is listed for both ${owner.productId} and ${item.productId}`,
      {
        itemCode: item.itemCode,
        productId: item.productId,
      },
    );
  }
  run.s.clearItemCode.run(owner.no);
  run.dirty.add(owner.no);
}

/** Rewrites a stored product: its row, and its names, prices and barcodes cleared for the new ones. */
function rewriteProduct(run: ImportRun, existing: StoredProduct, item: CatalogItem, fields: ProductFields): number {
  const no = existing.no;
  run.s.update.run({ ...fields, no });
  run.s.deleteNames.run(no);
  run.s.deletePrices.run(no);
  run.s.deleteBarcodes.run(no);
  run.search.replace(no, existing.active === 1, item.active ? item : null);
  run.parked.delete(no);
  if (existing.active && !item.active) run.counts.deactivated++;
  else run.counts.updated++;
  return no;
}

/** The products column a UNIQUE constraint failure names, if that is what `e` is. */
function uniqueViolation(e: unknown): string | null {
  if (!(e instanceof Error) || !('code' in e) || e.code !== 'SQLITE_CONSTRAINT_UNIQUE') return null;
  return /UNIQUE constraint failed: products\.(\w+)/.exec(e.message)?.[1] ?? null;
}

function insertProduct(run: ImportRun, item: CatalogItem, fields: ProductFields): number {
  let no: number;
  try {
    no = Number(run.s.insert.run(fields).lastInsertRowid);
  } catch (e) {
    const column = uniqueViolation(e);
    if (column === 'product_id') throw listedTwice(item);
    if (column === 'sku') {
      throw new MasterDataError('master-data.duplicate-sku', `SKU ${item.sku} is listed twice (again for ${item.productId})`, {
        sku: item.sku,
        productId: item.productId,
      });
    }
    if (column === 'item_code') {
      throw new MasterDataError(
        'master-data.duplicate-item-code',
        `item code ${item.itemCode} is listed twice (again for ${item.productId})`,
        {
          itemCode: item.itemCode ?? '',
          productId: item.productId,
        },
      );
    }
    throw e;
  }
  run.counts.inserted++;
  return no;
}

/** The item's barcodes, each moved from a product not listed yet that held it. */
function claimBarcodes(run: ImportRun, item: CatalogItem, no: number): void {
  item.barcodes.forEach((gtin, position) => {
    if (run.s.insertBarcode.run(gtin, no, position).changes === 1) return;
    const owner = run.s.barcodeOwner.get(gtin) as number;
    if (run.applied.has(owner)) {
      const message = `barcode ${gtin} is listed for ${item.productId} and for an earlier product of the same import`;
      throw new MasterDataError('master-data.duplicate-barcode', message, { gtin14: gtin, productId: item.productId });
    }
    run.s.moveBarcode.run(no, position, gtin);
    run.s.markDirty.run(owner);
    run.dirty.add(owner);
  });
}

/** Deactivates a product the file no longer lists. */
export function deactivateProduct(run: ImportRun, no: number): void {
  run.s.deactivate.run(run.version, no);
  run.search.replace(no, true, null);
  run.dirty.add(no);
  run.deactivatedNow.add(no);
  run.counts.deactivated++;
}

/**
 * Settles the products changed under the import without being listed (a code moved away,
 * deactivated): each gets its new content hash; a parked SKU whose holder the file never listed
 * fails the import.
 */
export function rehashChangedProducts(run: ImportRun): void {
  for (const no of run.dirty) {
    if (run.applied.has(no)) continue;
    const lost = run.parked.get(no);
    if (lost) {
      const message =
        `SKU ${lost.sku} belongs to product ${lost.productId}, which this import does not list; ` +
        `give the new product another SKU or list ${lost.productId} with a new SKU`;
      throw new MasterDataError('master-data.sku-taken', message, { sku: lost.sku, productId: lost.productId });
    }
    const row = run.s.loadByNo.get(no) as ProductRow;
    run.s.setHash.run(productContentHash(rowToItem(row)), run.version, no);
    if (!run.deactivatedNow.has(no)) run.counts.updated++;
  }
}
