// The search indexes a migration leaves to code, built on start from the catalog tables.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { CatalogItem } from '../../../../core/catalog/product.ts';
import { loadMigrations, migrate } from '../../../../db/migrate.ts';
import {
  SqliteCatalog,
  applyCatalog,
  rebuildPendingSearchIndexes,
  type ApplyCatalogOptions,
  type CatalogChange,
} from '../../../../db/master-data.ts';
import { CATALOG, openTestLedger, type TestLedger } from '../../../helpers/master-data.ts';

let ledger: TestLedger;
let db: Database.Database;
let dir: TestLedger['dir'];

beforeEach(() => {
  ledger = openTestLedger();
  ({ db, dir } = ledger);
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

describe('search indexes built on start (migration 0004: sound forms of an older catalog)', () => {
  it('builds the sound index from a catalog imported before it existed, once, keeping every product', () => {
    const path = join(dir.path, 'old.sqlite');
    const old = new Database(path);
    try {
      migrate(old, loadMigrations().slice(0, 3));
      // A catalog as schema 0003 holds it (the name indexes do not matter here).
      const insert = old.prepare(
        `INSERT INTO products (product_no, product_id, sku, name, department, tax_class, unit, active, content_hash, version) VALUES (?, ?, ?, ?, 'drinks', 'standard', 'each', ?, 'h', 1)`,
      );
      insert.run(1, 'P-1', 'S-1', '凍頂烏龍茶 500ml', 1);
      insert.run(2, 'P-2', 'S-2', 'Water', 1);
      insert.run(3, 'P-3', 'S-3', '停產烏龍', 0);
      old
        .prepare(`INSERT INTO product_names (product_no, lang, name) VALUES (1, 'zh-CN', '冻顶乌龙茶 500ml'), (2, 'zh-TW', '礦泉水')`)
        .run();

      expect(migrate(old)).toBe(loadMigrations().length - 3);
      const progress: Array<[string, number, number]> = [];
      expect(rebuildPendingSearchIndexes(old, (p) => progress.push([p.index, p.done, p.total]), 1)).toEqual(['product_search_phonetic']);
      expect(progress).toEqual([
        ['product_search_phonetic', 1, 2],
        ['product_search_phonetic', 2, 2],
      ]);
      const catalog = new SqliteCatalog(old);
      expect(names(catalog.search('wlc', 10))).toEqual(['phonetic:P-1']);
      expect(names(catalog.search('kuangquanshui', 10))).toEqual(['phonetic:P-2']);
      expect(old.prepare('SELECT COUNT(*) FROM products').pluck().get()).toBe(3);
      // Done once: nothing is pending on the next start.
      expect(rebuildPendingSearchIndexes(old)).toEqual([]);
      expect(names(catalog.search('ㄨㄌㄔ', 10))).toEqual(['phonetic:P-1']);
    } finally {
      old.close();
    }
  });

  it('has nothing to build in a new ledger; rebuilds inside a caller transaction too', () => {
    expect(rebuildPendingSearchIndexes(db)).toEqual([]);
    apply(CATALOG);
    db.prepare(`INSERT INTO search_index_rebuilds (index_name) VALUES ('product_search_phonetic')`).run();
    db.transaction(() => expect(rebuildPendingSearchIndexes(db)).toEqual(['product_search_phonetic']))();
    expect(rebuildPendingSearchIndexes(db)).toEqual([]);
    expect(names(new SqliteCatalog(db).search('wlc', 10))).toEqual(['phonetic:P-4', 'phonetic:P-1']);
  });
});
