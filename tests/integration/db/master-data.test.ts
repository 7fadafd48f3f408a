// Master data over a real ledger file: catalog import, update and deactivation, search in every
// language and width, staff PINs and badges, members by card, query plans of the hot lookups.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { randomBytes, scryptSync } from 'node:crypto';
import type { CatalogItem } from '../../../core/catalog/csv.ts';
import type { Member } from '../../../core/sales/member.ts';
import { SqliteLedgerStore } from '../../../db/sqlite-ledger.ts';
import { loadMigrations, migrate } from '../../../db/migrate.ts';
import { verifyLedgerFile } from '../../../db/ledger-verify.ts';
import {
  CATALOG_LOOKUPS,
  MasterDataError,
  PEOPLE_LOOKUPS,
  SqliteCatalog,
  SqliteMemberDirectory,
  SqliteStaffDirectory,
  addStaff,
  badgeHash,
  applyCatalog,
  planSearch,
  planPhoneticSearch,
  rebuildPendingSearchIndexes,
  searchSql,
  upsertMembers,
  type ApplyCatalogOptions,
  type CatalogChange,
} from '../../../db/master-data.ts';
import { DEMO_MEMBERS, loadDemoData } from '../../../host/demo-data.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import { ean13, syntheticProducts } from '../../helpers/catalog.ts';
import { newSigner, tempDir } from '../../helpers/ledger.ts';

const FAST_SCRYPT = { scrypt: { N: 1024, r: 8, p: 1 } };

function product(id: string, fields: Partial<CatalogItem> = {}): CatalogItem {
  const n = Number(id.replace(/\D/g, '')) || 1;
  return {
    productId: id,
    sku: `SKU-${id}`,
    name: `Product ${id}`,
    names: {},
    department: 'drinks',
    taxClass: 'standard',
    unit: 'each',
    prices: { retail: 100 },
    barcodes: [`0${ean13(`4719${String(n).padStart(8, '0')}`)}`],
    active: true,
    itemCode: null,
    ...fields,
  };
}

const OOLONG = product('P-1', {
  name: '凍頂烏龍茶 500ml',
  names: { en: 'Dongding Oolong Tea 500ml', 'zh-TW': '凍頂烏龍茶 500ml', 'zh-CN': '冻顶乌龙茶 500ml' },
  prices: { retail: 30, member: 28, vip: 27 },
});
const MILK_TEA = product('P-2', { name: '麥香奶茶 300ml', names: { en: 'Milk Tea 300ml', 'zh-CN': '麦香奶茶 300ml' }, prices: { retail: 10 } });
const LATTE = product('P-3', { name: 'Café Latte', names: { 'zh-TW': '拿鐵咖啡', 'zh-CN': '拿铁咖啡' }, prices: { retail: 65 } });
const OOLONG_CAKE = product('P-4', { name: 'Oolong Tea Cake', names: { 'zh-TW': '烏龍茶蛋糕' }, prices: { retail: 45 } });
const BANANA = product('P-5', { name: '香蕉', names: { en: 'Bananas' }, unit: 'kg', prices: { retail: 80 }, barcodes: [], itemCode: '10001', taxClass: 'zero' });
const WATER = product('P-6', { name: 'Water 600ml', names: {}, barcodes: ['00000047100299', '00088800000178'] });
const CATALOG = [OOLONG, MILK_TEA, LATTE, OOLONG_CAKE, BANANA, WATER];

let dir: { path: string; cleanup: () => void };
let store: SqliteLedgerStore;
let db: Database.Database;

beforeEach(() => {
  dir = tempDir();
  store = SqliteLedgerStore.create(join(dir.path, 'ledger.sqlite'), nodeLedgerCrypto, newSigner(), { terminalId: 'T-1', storeId: 'S-1', software: 'test', businessDay: '2026-11-20', at: '2026-11-20T02:00:00.000Z' });
  db = store.database;
});

afterEach(() => {
  store.close();
  dir.cleanup();
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
    expect(change).toMatchObject({ section: 'catalog', inserted: 7, updated: 0, deactivated: 0, unchanged: 0, products: 7, active: 6, version: 1 });
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
    expect(apply(CATALOG.filter((p) => p !== LATTE && p !== WATER), { keepProductIds: ['P-6'] })).toMatchObject({ deactivated: 1, active: 5 });
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
      expect(() => applyCatalog(db, [{ ...OOLONG, name: 'changed' }, { ...MILK_TEA, sku: OOLONG.sku }], undefined, { merge: true })).toThrow(MasterDataError);
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
    db.transaction(() => applyCatalog(db, [...syntheticProducts(25)], (p) => seen.push(`${p.phase} ${p.done}/${p.total}`), { progressEvery: 10 }))();
    expect(seen).toEqual(['apply 10/25', 'apply 20/25', 'apply 25/25', 'digest 0/25', 'digest 25/25']);
  });

  it('keeps the ledger verifiable: master data is not a projection', () => {
    store.write((tx) => {
      const change = applyCatalog(db, CATALOG);
      tx.append({ kind: 'config-change', businessDay: '2026-11-20', startedAt: '2026-11-20T03:00:00.000Z', endedAt: '2026-11-20T03:00:00.000Z', operatorId: null, body: { section: 'catalog', summary: 'test', digest: change.digest } });
    });
    expect(verifyLedgerFile(store.path, nodeLedgerCrypto).result).toMatchObject({ ok: true, entries: 2 });
  });
});

describe('catalog search', () => {
  let catalog: SqliteCatalog;
  beforeEach(() => {
    apply([...CATALOG, product('P-8', { name: 'Oolong Discontinued', names: { 'zh-TW': '停產烏龍' }, active: false })]);
    catalog = new SqliteCatalog(db);
  });

  it.each([
    ['English, any case', 'OOLONG', ['prefix:P-4', 'substring:P-1']],
    ['zh-TW 3+ characters', '烏龍茶', ['prefix:P-4', 'substring:P-1']],
    ['zh-TW 2 characters in the middle of a name', '龍茶', ['substring:P-1', 'substring:P-4']],
    ['zh-TW 1 character', '茶', ['substring:P-1', 'substring:P-2', 'substring:P-4']],
    ['zh-TW 1 character starting a name', '凍', ['prefix:P-1']],
    ['zh-TW 2 characters starting a name', '麥香', ['prefix:P-2']],
    ['zh-CN', '乌龙', ['substring:P-1']],
    ['zh-CN 3+', '冻顶乌龙', ['prefix:P-1']],
    ['full-width Latin', 'Ｏｏｌｏｎｇ', ['prefix:P-4', 'substring:P-1']],
    ['full-width prefix', 'ｄｏｎｇ', ['prefix:P-1']],
    ['Latin 2-character word prefix', 'te', ['substring:P-1', 'substring:P-2', 'substring:P-4']],
    ['Latin 1 character: names starting with it', 'w', ['prefix:P-6']],
    ['a lone letter after a word is a whole word', 'oolong t', []],
    ['digits', '500', ['substring:P-1']],
    ['accents folded', 'cafe', ['prefix:P-3']],
    ['several words, any order', 'tea oolong', ['substring:P-1', 'substring:P-4']],
    ['mixed short and long terms in one name', '500 烏龍', ['substring:P-1']],
    // Terms match within one name: English and Chinese words of different names do not combine.
    ['terms from two names of a product', 'milk 茶', []],
    ['inner substring of a word', 'olon', ['substring:P-1', 'substring:P-4']],
    ['SKU', 'SKU-P-2', ['code:P-2']],
    ['SKU in lower case', 'sku-p-2', ['code:P-2']],
    ['EAN-13', OOLONG.barcodes[0]!.slice(1), ['code:P-1']],
    ['GTIN-14', OOLONG.barcodes[0]!, ['code:P-1']],
    ['UPC-A', '088800000178', ['code:P-6']],
    ['EAN-8', '47100299', ['code:P-6']],
    ['full-width digits', '４７１００２９９', ['code:P-6']],
    // By sound: pinyin (full, initials, syllables apart, ü as v) and zhuyin (with or without
    // tones), after every name hit; a sound form starting with the query first.
    ['pinyin', 'wulongcha', ['phonetic:P-4', 'phonetic:P-1']],
    ['pinyin syllables apart', 'wu long', ['phonetic:P-4', 'phonetic:P-1']],
    ['pinyin with tone marks', 'Wūlóng', ['phonetic:P-4', 'phonetic:P-1']],
    ['pinyin initials', 'wlc', ['phonetic:P-4', 'phonetic:P-1']],
    ['pinyin initials starting a name', 'ddwlc', ['phonetic:P-1']],
    ['pinyin of a zh-CN name too', 'naicha', ['phonetic:P-2']],
    ['pinyin and size', 'wlc 500', ['phonetic:P-1']],
    ['zhuyin initials', 'ㄨㄌㄔ', ['phonetic:P-4', 'phonetic:P-1']],
    ['zhuyin with tones', 'ㄨˇ ㄌㄨㄥˊ', ['phonetic:P-4', 'phonetic:P-1']],
    ['zhuyin, part of a syllable', 'ㄋㄚㄊㄧ', ['phonetic:P-3']],
    ['zhuyin of a one-word name', 'ㄒㄧㄤㄐㄧㄠ', ['phonetic:P-5']],
    ['pinyin of an inactive product', 'tingchan', []],
    ['nothing', 'xyzzy', []],
    ['punctuation only', '--', []],
    ['empty', '   ', []],
  ])('%s: %s', (_what, query, expected) => {
    expect(names(catalog.search(query, 10))).toEqual(expected);
  });

  it('puts codes, then name prefixes, then substrings, within the limit', () => {
    apply([product('P-10', { name: 'Tea 10', sku: 'tea' }), product('P-11', { name: 'Green tea' }), product('P-12', { name: 'Tea 12' })], { merge: true });
    expect(names(catalog.search('tea', 10))).toEqual(['code:P-10', 'prefix:P-12', 'substring:P-1', 'substring:P-2', 'substring:P-4', 'substring:P-11']);
    expect(names(catalog.search('tea', 3))).toEqual(['code:P-10', 'prefix:P-12', 'substring:P-1']);
    expect(catalog.search('tea', 0)).toEqual([]);
  });

  it('keeps name hits ahead of sound hits, and an English query ranked as before', () => {
    apply([product('P-30', { name: 'Chai Latte' }), product('P-31', { name: 'Matcha' })], { merge: true });
    expect(names(catalog.search('cha', 10))).toEqual(['prefix:P-30', 'substring:P-31', 'phonetic:P-1', 'phonetic:P-2', 'phonetic:P-4']);
    expect(names(catalog.search('cha', 3))).toEqual(['prefix:P-30', 'substring:P-31', 'phonetic:P-1']);
    expect(names(catalog.search('oolong', 10))).toEqual(['prefix:P-4', 'substring:P-1']);
    // A sound form that starts with the query comes before one that contains it (among the
    // first LIMIT sound hits).
    apply([product('P-32', { name: '茶葉蛋' })], { merge: true });
    expect(names(catalog.search('chaye', 10))).toEqual(['phonetic:P-32']);
    expect(names(catalog.search('cha', 10))).toEqual(['prefix:P-30', 'substring:P-31', 'phonetic:P-32', 'phonetic:P-1', 'phonetic:P-2', 'phonetic:P-4']);
    expect(names(catalog.search('cha', 4))).toEqual(['prefix:P-30', 'substring:P-31', 'phonetic:P-32', 'phonetic:P-1']);
  });

  it('re-indexes the sound forms of a renamed or deactivated product', () => {
    apply([{ ...OOLONG, name: '紅茶 500ml', names: { en: 'Black Tea 500ml' } }], { merge: true });
    expect(names(catalog.search('wlc', 10))).toEqual(['phonetic:P-4']);
    expect(names(catalog.search('hongcha', 10))).toEqual(['phonetic:P-1']);
    apply(CATALOG.filter((p) => p !== OOLONG_CAKE && p !== OOLONG));
    expect(names(catalog.search('wlc', 10))).toEqual([]);
  });

  it('plans sound searches on the phonetic index: 3+ characters, zhuyin also as pinyin initials', () => {
    expect(planPhoneticSearch('wlc')).toEqual({ substring: '"wlc"', first: ['wlc'] });
    expect(planPhoneticSearch('wlc 500')).toEqual({ substring: '"wlc" AND "500"', first: ['wlc'] });
    expect(planPhoneticSearch('ㄨˇ ㄌㄨㄥˊ')).toEqual({ substring: '("ㄨㄌㄨㄥ" OR "wlwe")', first: ['ㄨㄌㄨㄥ', 'wlwe'] });
    expect(planPhoneticSearch('\u0001wu\ue000long')).toEqual({ substring: '"wulong"', first: ['wulong'] });
    expect(planPhoneticSearch('s0042')).toBeNull();
    expect(planPhoneticSearch('烏龍')).toBeNull();
  });

  it('checks prefix hits that the short index can only approximate', () => {
    apply([product('P-20', { name: '烏龍冬片 配 烏龍茶 a' }), product('P-21', { name: '烏龍茶 a' })], { merge: true });
    expect(names(catalog.search('烏龍茶 a', 10))).toEqual(['prefix:P-21', 'substring:P-20']);
  });

  it('plans 1-2 character terms on the short index and 3+ on the trigram index', () => {
    // Prefixes are phrases that begin with a start anchor only a name's first position carries.
    expect(planSearch('烏龍茶')).toEqual({ index: 'trigram', first: '烏龍茶', prefix: '"\u0001烏龍茶"', substring: '"烏龍茶"' });
    expect(planSearch('龍茶')).toEqual({ index: 'short', first: '龍茶', prefix: '"\ue000龍茶"', substring: '"龍 茶"' });
    expect(planSearch('茶')).toEqual({ index: 'short', first: '茶', prefix: '"\ue000茶" *', substring: '"茶"' });
    expect(planSearch('vitamin c')).toEqual({ index: 'short', first: 'vitamin', prefix: '"\ue000vi" AND "vitamin" * AND "c"', substring: '"vitamin" * AND "c"' });
    expect(planSearch('Ｏｏ')).toEqual({ index: 'short', first: 'oo', prefix: '"\ue000oo"', substring: '"oo" *' });
    expect(planSearch('7- 烏龍茶')).toEqual({ index: 'short', first: '7-', prefix: '"\ue0007" * AND "7-" AND "烏 龍 茶"', substring: '"7-" AND "烏 龍 茶"' });
    expect(planSearch('烏龍茶 a')?.prefix).toBe('"\ue000烏龍" AND "烏 龍 茶" AND "a"');
    expect(planSearch('(x')).toEqual({ index: 'short', first: '(x', prefix: null, substring: '"(x"' });
    expect(planSearch('\u0001\ue000abc')).toEqual({ index: 'trigram', first: 'abc', prefix: '"\u0001abc"', substring: '"abc"' });
    expect(planSearch('say "hi" there')?.substring).toBe('"say" AND """hi""" AND "there"');
    expect(planSearch('ab "cd')?.substring).toBe('"ab" * AND """cd" *');
    expect(planSearch('...')).toBeNull();
  });
});

describe('search indexes built on start (migration 0004: sound forms of an older catalog)', () => {
  it('builds the sound index from a catalog imported before it existed, once, keeping every product', () => {
    const path = join(dir.path, 'old.sqlite');
    const old = new Database(path);
    try {
      migrate(old, loadMigrations().slice(0, 3));
      // A catalog as schema 0003 holds it (the name indexes do not matter here).
      const insert = old.prepare(`INSERT INTO products (product_no, product_id, sku, name, department, tax_class, unit, active, content_hash, version) VALUES (?, ?, ?, ?, 'drinks', 'standard', 'each', ?, 'h', 1)`);
      insert.run(1, 'P-1', 'S-1', '凍頂烏龍茶 500ml', 1);
      insert.run(2, 'P-2', 'S-2', 'Water', 1);
      insert.run(3, 'P-3', 'S-3', '停產烏龍', 0);
      old.prepare(`INSERT INTO product_names (product_no, lang, name) VALUES (1, 'zh-CN', '冻顶乌龙茶 500ml'), (2, 'zh-TW', '礦泉水')`).run();

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

function plan(sql: string): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x')) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
}

describe('query plans of the hot lookups', () => {
  it.each([
    ['byGtin', CATALOG_LOOKUPS.byGtin, /SEARCH product_barcodes USING PRIMARY KEY \(gtin14=\?\)/],
    ['by product_no (after byGtin, for search hits)', CATALOG_LOOKUPS.byNo, /SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/],
    ['bySku', CATALOG_LOOKUPS.bySku, /SEARCH p USING INDEX sqlite_autoindex_products_2 \(sku=\?\)/],
    ['byId', CATALOG_LOOKUPS.byId, /SEARCH p USING INDEX sqlite_autoindex_products_1 \(product_id=\?\)/],
    ['byItemCode', CATALOG_LOOKUPS.byItemCode, /SEARCH p USING INDEX products_by_item_code \(item_code=\?\)/],
    ['staff by id', PEOPLE_LOOKUPS.staffPin, /SEARCH staff USING PRIMARY KEY \(staff_id=\?\)/],
    ['staff by badge', PEOPLE_LOOKUPS.staffByBadge, /SEARCH staff USING INDEX sqlite_autoindex_staff_2 \(badge_hash=\?\)/],
    ['member by card', PEOPLE_LOOKUPS.memberByCard, /SEARCH k USING PRIMARY KEY \(card_number=\?\)[\s\S]*SEARCH m USING PRIMARY KEY \(member_id=\?\)/],
  ])('%s uses its index and scans nothing', (_name, sql, expected) => {
    const p = plan(sql);
    expect(p).toMatch(expected);
    expect(p).not.toMatch(/^SCAN (p|k|m|staff|products|product_barcodes)\b/m);
    // Names, prices and barcodes of the product come from their primary keys too.
    if (sql.includes('product_names')) {
      expect(p).toMatch(/SEARCH n USING PRIMARY KEY \(product_no=\?\)/);
      expect(p).toMatch(/SEARCH r USING PRIMARY KEY \(product_no=\?\)/);
      expect(p).toMatch(/SEARCH product_barcodes USING COVERING INDEX product_barcodes_by_product \(product_no=\?\)/);
    }
  });

  it('search reads the FTS index and then products by rowid', () => {
    const p = plan(searchSql('product_search'));
    expect(p).toMatch(/SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).toMatch(/SCAN product_search VIRTUAL TABLE INDEX 0:M/);
  });

  it('search by sound reads the phonetic index and then products by rowid', () => {
    const p = plan(searchSql('product_search_phonetic'));
    expect(p).toMatch(/SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).toMatch(/SCAN product_search_phonetic VIRTUAL TABLE INDEX 0:M/);
  });
});

describe('staff', () => {
  it('verifies PINs with a slow salted hash, finds active staff by badge, and refuses the rest', () => {
    const staff = new SqliteStaffDirectory(db);
    store.write(() => {
      addStaff(db, { staffId: 'S001', name: '陳怡君', role: 'cashier', pin: '1111', badge: 'BADGE-1001' });
      addStaff(db, { staffId: 'S002', name: '林志明', role: 'supervisor', pin: '246810', badge: 'BADGE-2002' }, FAST_SCRYPT);
      addStaff(db, { staffId: 'S003', name: 'No PIN', role: 'manager' }, FAST_SCRYPT);
    });
    expect(staff.verifyPin('S001', '1111')).toEqual({ staffId: 'S001', name: '陳怡君', role: 'cashier', active: true });
    expect(staff.verifyPin('S001', '１１１１')).toMatchObject({ staffId: 'S001' });
    expect(staff.verifyPin('S001', '1112')).toBeUndefined();
    expect(staff.verifyPin('S001', '')).toBeUndefined();
    expect(staff.verifyPin('S002', '246810')).toMatchObject({ role: 'supervisor' });
    expect(staff.verifyPin('S003', '0000')).toBeUndefined();
    expect(staff.verifyPin('S404', '1111')).toBeUndefined();
    expect(staff.byBadge('BADGE-2002')).toMatchObject({ staffId: 'S002' });
    expect(staff.byBadge('BADGE-9999')).toBeUndefined();
    expect(staff.byId('S003')).toEqual({ staffId: 'S003', name: 'No PIN', role: 'manager', active: true });

    const row = db.prepare("SELECT pin_scheme, pin_n, pin_r, pin_p, pin_salt, pin_hash, badge_hash FROM staff WHERE staff_id = 'S001'").get() as Record<string, unknown>;
    expect(row).toMatchObject({ pin_scheme: 'scrypt', pin_n: 32768, pin_r: 8, pin_p: 1 });
    expect((row.pin_salt as Buffer).length).toBe(16);
    expect((row.pin_hash as Buffer).length).toBe(32);
    expect(JSON.stringify(db.prepare('SELECT * FROM staff').all())).not.toMatch(/BADGE-1001|"1111"/);

    // Deactivated: known by id, but no PIN or badge sign-in. A reissued badge moves.
    store.write(() => {
      addStaff(db, { staffId: 'S001', name: '陳怡君', role: 'cashier', active: false }, FAST_SCRYPT);
      addStaff(db, { staffId: 'S003', name: 'No PIN', role: 'manager', badge: 'BADGE-2002', pin: '7777' }, FAST_SCRYPT);
    });
    expect(staff.byId('S001')).toMatchObject({ active: false });
    expect(staff.verifyPin('S001', '1111')).toBeUndefined();
    expect(staff.byBadge('BADGE-1001')).toBeUndefined();
    expect(staff.byBadge('BADGE-2002')).toMatchObject({ staffId: 'S003' });
    expect(staff.verifyPin('S003', '7777')).toMatchObject({ staffId: 'S003' });
    expect(db.prepare("SELECT MAX(version) FROM master_data_versions WHERE section = 'staff'").pluck().get()).toBe(5);
  });

  it('takes a PIN and badge already hashed by HQ', () => {
    const salt = randomBytes(16);
    const pinHash = { scheme: 'scrypt' as const, N: 1024, r: 8, p: 1, salt: salt.toString('base64'), hash: scryptSync('2468', salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64') };
    store.write(() => addStaff(db, { staffId: 'S9', name: 'From HQ', role: 'supervisor', pinHash, badgeHash: badgeHash('BADGE-0009') }));
    const staff = new SqliteStaffDirectory(db);
    expect(staff.verifyPin('S9', '2468')).toMatchObject({ staffId: 'S9', role: 'supervisor' });
    expect(staff.verifyPin('S9', '2469')).toBeUndefined();
    expect(staff.byBadge('BADGE-0009')).toMatchObject({ staffId: 'S9' });
    for (const bad of [
      { pinHash: { ...pinHash, N: 1000 } },
      { pinHash: { ...pinHash, hash: 'c2hvcnQ=' } },
      { pinHash: { ...pinHash, salt: 'c2hvcnQ=' } },
      { pinHash, pin: '1234' },
      { badgeHash: 'not-hex' },
      { badgeHash: badgeHash('x1234'), badge: 'x1234' },
    ]) {
      expect(() => db.transaction(() => addStaff(db, { staffId: 'S9', name: 'From HQ', role: 'supervisor', ...bad }))(), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'master-data.invalid' }));
    }
  });

  it('refuses bad staff records and runs only in a transaction', () => {
    expect(() => addStaff(db, { staffId: 'S1', name: 'x', role: 'cashier' })).toThrow(expect.objectContaining({ code: 'master-data.no-transaction' }));
    for (const bad of [
      { staffId: 'S 1', name: 'x', role: 'cashier' as const },
      { staffId: 'S1', name: '', role: 'cashier' as const },
      { staffId: 'S1', name: 'x', role: 'owner' as 'admin' },
      { staffId: 'S1', name: 'x', role: 'cashier' as const, pin: '12' },
      { staffId: 'S1', name: 'x', role: 'cashier' as const, pin: 'abcd' },
      { staffId: 'S1', name: 'x', role: 'cashier' as const, badge: 'a b' },
    ]) {
      expect(() => db.transaction(() => addStaff(db, bad, FAST_SCRYPT))(), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'master-data.invalid' }));
    }
  });
});

describe('members', () => {
  const alice: Member = { memberId: 'M1', name: 'Alice', tier: 'member', tokenSecret: 'jbsw y3dp ehpk 3pxp', cardNumbers: ['9100000000012', 'APP-0001'], email: 'alice@example.com', active: true };
  const bob: Member = { memberId: 'M2', name: '黃大偉', tier: 'vip', tokenSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', cardNumbers: ['9100000000029'], email: null, active: true };

  it('stores members with their cards; finds active members by card; counts versions only on change', () => {
    const members = new SqliteMemberDirectory(db);
    expect(store.write(() => upsertMembers(db, [alice, bob]))).toMatchObject({ section: 'members', inserted: 2, version: 1 });
    expect(members.byCard('9100000000012')).toEqual({ ...alice, tokenSecret: 'JBSWY3DPEHPK3PXP' });
    expect(members.byCard('９１０００００００００２９')).toMatchObject({ memberId: 'M2', tier: 'vip', email: null });
    expect(members.byCard('0000')).toBeUndefined();
    expect(store.write(() => upsertMembers(db, [alice]))).toMatchObject({ inserted: 0, updated: 0, version: 1 });

    // The app card moves to Bob; Alice is deactivated.
    const change = store.write(() => upsertMembers(db, [{ ...alice, cardNumbers: ['9100000000012'], active: false }, { ...bob, cardNumbers: ['9100000000029', 'APP-0001'] }]));
    expect(change).toMatchObject({ updated: 1, deactivated: 1, version: 2 });
    expect(members.byCard('9100000000012')).toBeUndefined();
    expect(members.byId('M1')).toMatchObject({ active: false, cardNumbers: ['9100000000012'] });
    expect(members.byCard('APP-0001')).toMatchObject({ memberId: 'M2', cardNumbers: ['9100000000029', 'APP-0001'] });
  });

  it('refuses bad member records', () => {
    for (const bad of [
      { ...alice, tokenSecret: 'SHORT' },
      { ...alice, tokenSecret: 'JBSWY3DPEHPK3PX1' },
      { ...alice, tier: 'Gold Tier' },
      { ...alice, email: 'not an email' },
      { ...alice, cardNumbers: ['12'] },
      { ...alice, memberId: 'M 1' },
    ]) {
      expect(() => db.transaction(() => upsertMembers(db, [bad]))(), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'master-data.invalid' }));
    }
    expect(() => db.transaction(() => upsertMembers(db, [alice, { ...bob, cardNumbers: ['APP-0001'] }]))()).toThrow(/listed for both/);
  });
});

describe('demo data', () => {
  it('loads catalog, staff and members in one ledger write with a config-change entry each', () => {
    const before = store.head().seq;
    const result = loadDemoData(store, { clock: { now: () => new Date('2026-11-20T02:00:00.000Z') } });
    expect(result.firstSeq).toBe(before + 1);
    const entries = [...store.entries({ from: before + 1 })];
    expect(entries.map((e) => [e.kind, (e.body as { section: string }).section, e.businessDay])).toEqual([
      ['config-change', 'catalog', '2026-11-20'],
      ['config-change', 'staff', '2026-11-20'],
      ['config-change', 'members', '2026-11-20'],
    ]);
    expect(entries[0]!.body).toMatchObject({ version: `1-${result.catalog.digest.slice(0, 16)}`, digest: result.catalog.digest });
    expect(result.catalog.inserted).toBeGreaterThanOrEqual(60);

    const catalog = new SqliteCatalog(db);
    expect(catalog.search('烏龍', 5).length).toBeGreaterThan(0);
    expect(catalog.search('乌龙茶', 5).map((h) => h.product.names['zh-CN'])).toContain('原萃铁观音乌龙茶 580ml');
    // 原萃鐵觀音烏龍茶 580ml and 凍頂烏龍茶 無糖 500ml by pinyin, initials, zhuyin and zh-CN characters.
    for (const query of ['wulongcha', 'wu long', 'wlc', 'ㄨㄌㄔ', 'ㄨˇ ㄌㄨㄥˊ', '乌龙']) {
      expect(catalog.search(query, 10).map((h) => h.product.productId), query).toEqual(expect.arrayContaining(['TP-0002', 'TP-0007']));
    }
    expect(catalog.search('wlc', 10)[0]).toMatchObject({ match: 'phonetic', product: { productId: 'TP-0002', name: '原萃鐵觀音烏龍茶 580ml' } });
    expect(catalog.byItemCode('10001')).toMatchObject({ unit: 'kg', name: '香蕉', taxClass: 'zero' });
    expect(catalog.byGtin('04711037000012')).toMatchObject({ prices: { retail: 25, member: 24, vip: 22 } });
    const staff = new SqliteStaffDirectory(db);
    expect(staff.verifyPin('S001', '1111')).toMatchObject({ role: 'cashier' });
    expect(staff.verifyPin('S004', '9999')).toMatchObject({ role: 'admin' });
    expect(staff.byBadge('DEMO-BADGE-2002')).toMatchObject({ role: 'supervisor' });
    const members = new SqliteMemberDirectory(db);
    expect(members.byCard(DEMO_MEMBERS[1]!.cardNumbers[0]!)).toMatchObject({ tier: 'vip' });
    expect(verifyLedgerFile(store.path, nodeLedgerCrypto).result).toMatchObject({ ok: true });
  });
});
