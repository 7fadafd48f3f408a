// A catalog import over a real ledger file: products stored and read back, unchanged ones left
// alone, updates, deactivation, codes moving between products, duplicates refused, progress.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { CatalogItem } from '../../../../core/catalog/product.ts';
import type { SqliteLedgerStore } from '../../../../db/sqlite-ledger.ts';
import { migrate } from '../../../../db/migrate.ts';
import { verifyLedgerFile } from '../../../../db/ledger-verify.ts';
import { MasterDataError, SqliteCatalog, applyCatalog, type ApplyCatalogOptions, type CatalogChange } from '../../../../db/master-data.ts';
import { nodeLedgerCrypto } from '../../../../platform/node-crypto.ts';
import { syntheticProducts } from '../../../helpers/catalog.ts';
import {
  BANANA,
  CATALOG,
  LATTE,
  MILK_TEA,
  OOLONG,
  OOLONG_CAKE,
  WATER,
  openTestLedger,
  product,
  type TestLedger,
} from '../../../helpers/master-data.ts';

let ledger: TestLedger;
let store: SqliteLedgerStore;
let db: Database.Database;

beforeEach(() => {
  ledger = openTestLedger();
  ({ store, db } = ledger);
});

afterEach(() => {
  ledger.close();
});

function apply(rows: Iterable<CatalogItem>, options: ApplyCatalogOptions = {}): CatalogChange {
  return db.transaction(() => applyCatalog(db, rows, undefined, options))();
}

function names(hits: ReturnType<SqliteCatalog['search']>): string[] {
  return hits.map((h) => `${h.match}:${h.product.productId}`);
}

describe('catalog import', () => {
  it('runs only inside the caller transaction', () => {
    expect(() => applyCatalog(db, CATALOG)).toThrow(expect.objectContaining({ code: 'master-data.no-transaction' }));
  });

  it('stores products and reads them back by id, SKU, GTIN and item code, inactive ones included', () => {
    const change = apply([...CATALOG, product('P-7', { active: false })]);
    expect(change).toMatchObject({
      section: 'catalog',
      inserted: 7,
      updated: 0,
      deactivated: 0,
      unchanged: 0,
      products: 7,
      active: 6,
      version: 1,
    });
    const catalog = new SqliteCatalog(db);
    const { itemCode: _code, ...oolong } = OOLONG;
    expect(catalog.byId('P-1')).toEqual(oolong);
    expect(catalog.bySku('SKU-P-1')).toEqual(oolong);
    expect(catalog.byGtin(OOLONG.barcodes[0]!)).toEqual(oolong);
    expect(catalog.byGtin('00088800000178')?.productId).toBe('P-6');
    expect(catalog.byGtin('088800000178')).toBeUndefined();
    expect(catalog.byItemCode('10001')).toMatchObject({ productId: 'P-5', unit: 'kg', prices: { retail: 80 } });
    expect(catalog.byId('P-7')).toMatchObject({ active: false });
    expect(catalog.byId('nope')).toBeUndefined();
    expect(catalog.version()).toBe(`1-${change.digest.slice(0, 16)}`);
  });

  it('leaves an unchanged catalog alone, and the digest depends on content, not import order', () => {
    const first = apply(CATALOG);
    const again = apply([...CATALOG].reverse());
    expect(again).toMatchObject({ inserted: 0, updated: 0, deactivated: 0, unchanged: 6, version: 1, digest: first.digest });
    expect(db.prepare('SELECT COUNT(*) FROM master_data_versions').pluck().get()).toBe(1);
    const other = new Database(':memory:');
    migrate(other);
    const elsewhere = other.transaction(() => applyCatalog(other, [...CATALOG].reverse()))();
    expect(elsewhere.digest).toBe(first.digest);
    other.close();
  });

  it('stores a serialized product and reads it back as one; marking it is a change, the others keep their hashes', () => {
    const first = apply(CATALOG);
    const catalog = new SqliteCatalog(db);
    expect(catalog.byId('P-2')).not.toHaveProperty('serialized');
    const change = apply([OOLONG, { ...MILK_TEA, serialized: true }, LATTE, OOLONG_CAKE, BANANA, WATER]);
    expect(change).toMatchObject({ inserted: 0, updated: 1, unchanged: 5 });
    expect(change.digest).not.toBe(first.digest);
    expect(catalog.byId('P-2')).toMatchObject({ productId: 'P-2', serialized: true });
    expect(catalog.byId('P-1')).not.toHaveProperty('serialized');
    // Unmarked again: the catalog is the one it was, digest and all.
    expect(apply(CATALOG).digest).toBe(first.digest);
  });

  it('updates changed products and re-indexes their names', () => {
    apply(CATALOG);
    const catalog = new SqliteCatalog(db);
    const renamed = { ...MILK_TEA, name: '阿薩姆奶茶 400ml', names: { en: 'Assam Milk Tea 400ml' }, prices: { retail: 25, member: 23 } };
    const change = apply([OOLONG, renamed, LATTE, OOLONG_CAKE, BANANA, WATER]);
    expect(change).toMatchObject({ inserted: 0, updated: 1, unchanged: 5, version: 2 });
    expect(catalog.byId('P-2')).toMatchObject({ name: '阿薩姆奶茶 400ml', prices: { retail: 25, member: 23 } });
    expect(names(catalog.search('麥香', 10))).toEqual([]);
    expect(names(catalog.search('assam', 10))).toEqual(['prefix:P-2']);
    expect(catalog.version()).toMatch(/^2-/);
  });

  it('deactivates products missing from the file (not with merge, not those to keep) and reactivates them', () => {
    apply(CATALOG);
    const catalog = new SqliteCatalog(db);
    expect(
      apply(
        CATALOG.filter((p) => p !== LATTE && p !== WATER),
        { keepProductIds: ['P-6'] },
      ),
    ).toMatchObject({ deactivated: 1, active: 5 });
    expect(catalog.byId('P-3')).toMatchObject({ active: false });
    expect(catalog.byGtin(LATTE.barcodes[0]!)).toMatchObject({ productId: 'P-3', active: false });
    expect(catalog.search('latte', 10)).toEqual([]);
    expect(catalog.search(LATTE.sku, 10)).toEqual([]);
    expect(apply([OOLONG], { merge: true })).toMatchObject({ deactivated: 0, unchanged: 1, active: 5 });
    expect(apply(CATALOG)).toMatchObject({ updated: 1, active: 6 });
    expect(names(catalog.search('latte', 10))).toEqual(['substring:P-3']);
    expect(apply(CATALOG.map((p) => (p === OOLONG ? { ...p, active: false } : p)))).toMatchObject({ deactivated: 1, updated: 0 });
  });

  it('moves a barcode or item code to the product the file gives it to, and swaps SKUs', () => {
    apply(CATALOG);
    const catalog = new SqliteCatalog(db);
    const change = apply([
      { ...OOLONG, sku: MILK_TEA.sku, barcodes: [...OOLONG.barcodes, WATER.barcodes[1]!] },
      { ...MILK_TEA, sku: OOLONG.sku },
      LATTE,
      OOLONG_CAKE,
      { ...BANANA, itemCode: null },
      { ...WATER, barcodes: [WATER.barcodes[0]!], itemCode: '10001' },
    ]);
    expect(change).toMatchObject({ updated: 4, unchanged: 2 });
    expect(catalog.bySku(MILK_TEA.sku)?.productId).toBe('P-1');
    expect(catalog.bySku(OOLONG.sku)?.productId).toBe('P-2');
    expect(catalog.byGtin('00088800000178')?.productId).toBe('P-1');
    expect(catalog.byItemCode('10001')?.productId).toBe('P-6');
    // A barcode taken from a product the file does not list: the other product loses it.
    apply([{ ...LATTE, barcodes: [...LATTE.barcodes, OOLONG_CAKE.barcodes[0]!] }], { merge: true });
    expect(catalog.byId('P-4')?.barcodes).toEqual([]);
    expect(catalog.byGtin(OOLONG_CAKE.barcodes[0]!)?.productId).toBe('P-3');
  });

  it('refuses duplicates and a SKU held by an unlisted product, and then changes nothing', () => {
    const first = apply(CATALOG);
    const catalog = new SqliteCatalog(db);
    const cases: Array<[CatalogItem[], string]> = [
      [[OOLONG, { ...MILK_TEA, barcodes: OOLONG.barcodes }], 'master-data.duplicate-barcode'],
      [[OOLONG, { ...MILK_TEA, sku: OOLONG.sku }], 'master-data.duplicate-sku'],
      [[OOLONG, { ...OOLONG, name: 'again' }], 'master-data.duplicate-product-id'],
      [[BANANA, { ...MILK_TEA, itemCode: '10001' }], 'master-data.duplicate-item-code'],
      [[product('P-9', { sku: LATTE.sku })], 'master-data.sku-taken'],
      [[{ ...OOLONG, prices: { member: 5 } }], 'master-data.invalid'],
      [[{ ...OOLONG, barcodes: ['04711037000013'] }], 'master-data.invalid'],
      [[{ ...OOLONG, name: 'bell\u0007' }], 'master-data.invalid'],
      [[{ ...OOLONG, prices: { retail: 1.5 } }], 'master-data.invalid'],
    ];
    for (const [rows, code] of cases) {
      let thrown: unknown;
      try {
        store.write(() => applyCatalog(db, rows, undefined, { merge: true }));
      } catch (e) {
        // The ledger store wraps what a write throws; the master-data error is its cause.
        thrown = e instanceof Error && e.cause instanceof MasterDataError ? e.cause : e;
      }
      expect(thrown, code).toBeInstanceOf(MasterDataError);
      expect((thrown as MasterDataError).code).toBe(code);
    }
    // Inside a transaction that goes on, a failed apply is undone by its savepoint.
    store.write(() => {
      expect(() =>
        applyCatalog(
          db,
          [
            { ...OOLONG, name: 'changed' },
            { ...MILK_TEA, sku: OOLONG.sku },
          ],
          undefined,
          { merge: true },
        ),
      ).toThrow(MasterDataError);
      expect(catalog.byId('P-1')?.name).toBe(OOLONG.name);
    });
    expect(catalog.version()).toBe(`1-${first.digest.slice(0, 16)}`);
    expect(catalog.bySku(LATTE.sku)?.productId).toBe('P-3');
  });

  it('catches duplicates in the first import into an empty catalog too (checked by the constraints)', () => {
    const cases: Array<[CatalogItem[], string]> = [
      [[OOLONG, { ...OOLONG, sku: 'other', barcodes: [] }], 'master-data.duplicate-product-id'],
      [[OOLONG, { ...MILK_TEA, sku: OOLONG.sku }], 'master-data.duplicate-sku'],
      [[BANANA, { ...MILK_TEA, itemCode: '10001' }], 'master-data.duplicate-item-code'],
      [[OOLONG, { ...MILK_TEA, barcodes: OOLONG.barcodes }], 'master-data.duplicate-barcode'],
    ];
    for (const [rows, code] of cases) {
      expect(() => apply(rows), code).toThrow(expect.objectContaining({ code }));
      expect(db.prepare('SELECT COUNT(*) FROM products').pluck().get()).toBe(0);
    }
  });

  it('reports progress', () => {
    const seen: string[] = [];
    db.transaction(() =>
      applyCatalog(db, [...syntheticProducts(25)], (p) => seen.push(`${p.phase} ${p.done}/${p.total}`), { progressEvery: 10 }),
    )();
    expect(seen).toEqual(['apply 10/25', 'apply 20/25', 'apply 25/25', 'digest 0/25', 'digest 25/25']);
  });

  it('keeps the ledger verifiable: master data is not a projection', () => {
    store.write((tx) => {
      const change = applyCatalog(db, CATALOG);
      tx.append({
        kind: 'config-change',
        businessDay: '2026-11-20',
        startedAt: '2026-11-20T03:00:00.000Z',
        endedAt: '2026-11-20T03:00:00.000Z',
        operatorId: null,
        body: { section: 'catalog', summary: 'test', digest: change.digest },
      });
    });
    expect(verifyLedgerFile(store.path, nodeLedgerCrypto).result).toMatchObject({ ok: true, entries: 2 });
  });
});
