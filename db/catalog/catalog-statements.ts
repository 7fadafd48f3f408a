import type Database from 'better-sqlite3';
import { CATALOG_LOOKUPS } from './product-rows.ts';
import type { SearchIndexStatements } from './search-index-writer.ts';

// The statements a catalog import runs, prepared once per database and kept with it: a daily
// import of a big catalog should not pay for preparing them again.

export interface CatalogWriteStatements extends SearchIndexStatements {
  byProductId: Database.Statement;
  anyProduct: Database.Statement;
  skuOwner: Database.Statement;
  itemCodeOwner: Database.Statement;
  barcodeOwner: Database.Statement;
  insert: Database.Statement;
  update: Database.Statement;
  parkSku: Database.Statement;
  clearItemCode: Database.Statement;
  markDirty: Database.Statement;
  deactivate: Database.Statement;
  setHash: Database.Statement;
  deleteNames: Database.Statement;
  deletePrices: Database.Statement;
  deleteBarcodes: Database.Statement;
  insertName: Database.Statement;
  insertPrice: Database.Statement;
  insertBarcode: Database.Statement;
  moveBarcode: Database.Statement;
  activeNos: Database.Statement;
  loadByNo: Database.Statement;
  digestRows: Database.Statement;
  counts: Database.Statement;
}

const prepared = new WeakMap<Database.Database, CatalogWriteStatements>();

function prepare(db: Database.Database): CatalogWriteStatements {
  return {
    byProductId: db.prepare(
      'SELECT product_no AS no, content_hash AS hash, active, sku, item_code AS itemCode FROM products WHERE product_id = ?',
    ),
    anyProduct: db.prepare('SELECT 1 FROM products LIMIT 1').pluck(),
    skuOwner: db.prepare('SELECT product_no AS no, product_id AS productId FROM products WHERE sku = ?'),
    itemCodeOwner: db.prepare('SELECT product_no AS no, product_id AS productId FROM products WHERE item_code = ?'),
    barcodeOwner: db.prepare('SELECT product_no FROM product_barcodes WHERE gtin14 = ?').pluck(),
    insert:
      db.prepare(`INSERT INTO products (product_id, sku, name, department, tax_class, unit, item_code, active, serialized, content_hash, version)
      VALUES (@productId, @sku, @name, @department, @taxClass, @unit, @itemCode, @active, @serialized, @hash, @version)`),
    update:
      db.prepare(`UPDATE products SET sku = @sku, name = @name, department = @department, tax_class = @taxClass, unit = @unit, item_code = @itemCode,
      active = @active, serialized = @serialized, content_hash = @hash, version = @version WHERE product_no = @no`),
    // A SKU taken over by another row of the same import: parked on a value no file can hold
    // until its own row comes (or the import fails).
    parkSku: db.prepare(`UPDATE products SET sku = char(1) || 'parked:' || product_no, content_hash = '' WHERE product_no = ?`),
    clearItemCode: db.prepare(`UPDATE products SET item_code = NULL, content_hash = '' WHERE product_no = ?`),
    markDirty: db.prepare(`UPDATE products SET content_hash = '' WHERE product_no = ?`),
    deactivate: db.prepare("UPDATE products SET active = 0, content_hash = '', version = ? WHERE product_no = ?"),
    setHash: db.prepare('UPDATE products SET content_hash = ?, version = ? WHERE product_no = ?'),
    deleteNames: db.prepare('DELETE FROM product_names WHERE product_no = ?'),
    deletePrices: db.prepare('DELETE FROM product_prices WHERE product_no = ?'),
    deleteBarcodes: db.prepare('DELETE FROM product_barcodes WHERE product_no = ?'),
    // One row per statement: a multi-row INSERT needs a statement journal, which inside a big
    // transaction costs far more than the per-call overhead it saves (measured).
    insertName: db.prepare('INSERT INTO product_names (product_no, lang, name) VALUES (?, ?, ?)'),
    insertPrice: db.prepare('INSERT INTO product_prices (product_no, tier, unit_price) VALUES (?, ?, ?)'),
    insertBarcode: db.prepare(
      'INSERT INTO product_barcodes (gtin14, product_no, position) VALUES (?, ?, ?) ON CONFLICT (gtin14) DO NOTHING',
    ),
    moveBarcode: db.prepare('UPDATE product_barcodes SET product_no = ?, position = ? WHERE gtin14 = ?'),
    insertSearch: db.prepare('INSERT INTO product_search (rowid, name) VALUES (?, ?)'),
    insertSearchShort: db.prepare('INSERT INTO product_search_short (rowid, name) VALUES (?, ?)'),
    // By exact rowid: FTS5 serves a rowid range by scanning the whole table (measured); deleting
    // a rowid that holds nothing is a no-op.
    deleteSearch: db.prepare('DELETE FROM product_search WHERE rowid = ?'),
    deleteSearchShort: db.prepare('DELETE FROM product_search_short WHERE rowid = ?'),
    insertPhonetic: db.prepare('INSERT INTO product_search_phonetic (rowid, forms) VALUES (?, ?)'),
    deletePhonetic: db.prepare('DELETE FROM product_search_phonetic WHERE rowid = ?'),
    activeNos: db.prepare('SELECT product_no FROM products WHERE active = 1').pluck(),
    loadByNo: db.prepare(CATALOG_LOOKUPS.byNo),
    digestRows: db.prepare('SELECT product_id, content_hash FROM products ORDER BY product_id').raw(),
    counts: db.prepare('SELECT COUNT(*) AS products, COALESCE(SUM(active), 0) AS active FROM products'),
  };
}

export function catalogWriteStatements(db: Database.Database): CatalogWriteStatements {
  let s = prepared.get(db);
  if (!s) {
    s = prepare(db);
    prepared.set(db, s);
  }
  return s;
}
