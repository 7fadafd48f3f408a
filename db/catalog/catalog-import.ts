import type Database from 'better-sqlite3';
import type { CatalogItem } from '../../core/catalog/product.ts';
import { currentVersion, recordVersion, requireTransaction, type SectionChange } from '../master-data-shared.ts';
import { catalogDigest } from './catalog-digest.ts';
import { unsettleChangedProducts } from '../master-data-digests.ts';
import { catalogWriteStatements } from './catalog-statements.ts';
import { applyProduct, deactivateProduct, rehashChangedProducts, startImport, type ImportRun } from './product-changes.ts';

export interface CatalogProgress {
  phase: 'apply' | 'deactivate' | 'digest';
  done: number;
  /** Known when the rows were given as an array. */
  total: number | null;
}

export interface ApplyCatalogOptions {
  /** Update and add only: products missing from `rows` stay as they are. Default: they are deactivated. */
  merge?: boolean;
  /** Product ids left untouched however `rows` treats them (rows the import rejected). */
  keepProductIds?: Iterable<string>;
  /** Rows between progress calls (default 10,000). */
  progressEvery?: number;
}

export interface CatalogChange extends SectionChange {
  section: 'catalog';
  unchanged: number;
  /** Products in the catalog afterwards, active and inactive. */
  products: number;
  active: number;
}

type OnProgress = ((p: CatalogProgress) => void) | undefined;

/**
 * Applies a whole catalog: products in `rows` are inserted or updated (unchanged ones are not
 * touched), and active products missing from `rows` are deactivated (not with `merge`). Runs
 * synchronously INSIDE the caller's transaction, so the host logs its ledger config-change entry
 * in the same commit; any error undoes all of it (a savepoint) and is thrown.
 *
 * Codes follow the file: a barcode or item code listed for another product moves to it; a SKU
 * held by a product the file does not mention is refused (`master-data.sku-taken`).
 *
 * Version: a counter per change (1, 2, ...). Digest: hex SHA-256 over "product_id TAB
 * content_hash LF" for every product (active or not) in product_id order, where content_hash
 * is `productContentHash`. The same catalog content gives the same digest on every terminal.
 */
export function applyCatalog(
  db: Database.Database,
  rows: Iterable<CatalogItem>,
  onProgress?: (p: CatalogProgress) => void,
  options: ApplyCatalogOptions = {},
): CatalogChange {
  requireTransaction(db, 'applyCatalog');
  return db.transaction(() => importInSavepoint(db, rows, onProgress, options))();
}

/** The import as a pipeline: every row applied, missing products deactivated, indexes written, changed products rehashed, the version recorded. */
function importInSavepoint(
  db: Database.Database,
  rows: Iterable<CatalogItem>,
  onProgress: OnProgress,
  options: ApplyCatalogOptions,
): CatalogChange {
  const previous = currentVersion(db, 'catalog');
  // Products edited outside the till are rewritten from the rows, not skipped as unchanged.
  unsettleChangedProducts(db);
  const run = startImport(catalogWriteStatements(db), previous.version + 1);
  const every = options.progressEvery ?? 10_000;
  applyRows(run, rows, onProgress, every);
  if (!options.merge) deactivateMissing(run, options.keepProductIds ?? [], onProgress, every);
  run.search.flush();
  rehashChangedProducts(run);
  return recordChange(db, run, previous, onProgress);
}

function applyRows(run: ImportRun, rows: Iterable<CatalogItem>, onProgress: OnProgress, every: number): void {
  const total = Array.isArray(rows) ? rows.length : null;
  let done = 0;
  for (const item of rows) {
    applyProduct(run, item);
    done++;
    if (onProgress && done % every === 0) onProgress({ phase: 'apply', done, total });
  }
  onProgress?.({ phase: 'apply', done, total });
}

/** Deactivates the active products the rows did not list, except those to keep. */
function deactivateMissing(run: ImportRun, keepProductIds: Iterable<string>, onProgress: OnProgress, every: number): void {
  const keep = new Set<number>();
  for (const id of keepProductIds) {
    const row = run.s.byProductId.get(id) as { no: number } | undefined;
    if (row) keep.add(row.no);
  }
  const gone = (run.s.activeNos.all() as number[]).filter((no) => !run.applied.has(no) && !keep.has(no));
  gone.forEach((no, i) => {
    deactivateProduct(run, no);
    if (onProgress && (i + 1) % every === 0) onProgress({ phase: 'deactivate', done: i + 1, total: gone.length });
  });
  if (gone.length > 0) onProgress?.({ phase: 'deactivate', done: gone.length, total: gone.length });
}

/** The import's result; a new catalog version with its digest when anything changed, else the previous one. */
function recordChange(
  db: Database.Database,
  run: ImportRun,
  previous: { version: number; digest: string },
  onProgress: OnProgress,
): CatalogChange {
  const { inserted, updated, deactivated, unchanged } = run.counts;
  const counts = run.s.counts.get() as { products: number; active: number };
  const base = { section: 'catalog' as const, inserted, updated, deactivated, unchanged, products: counts.products, active: counts.active };
  if (inserted + updated + deactivated === 0) return { ...base, version: previous.version, digest: previous.digest };
  onProgress?.({ phase: 'digest', done: 0, total: counts.products });
  const digest = catalogDigest(run.s.digestRows);
  onProgress?.({ phase: 'digest', done: counts.products, total: counts.products });
  const change: CatalogChange = { ...base, version: run.version, digest };
  recordVersion(db, change, counts.products);
  return change;
}
