// Search over a real ledger file: every language and width, codes, name prefixes and substrings,
// sounds (pinyin, zhuyin), ranking within the limit, re-indexing on change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { CatalogItem } from '../../../../core/catalog/product.ts';
import { SqliteCatalog, applyCatalog, type ApplyCatalogOptions, type CatalogChange } from '../../../../db/master-data.ts';
import { CATALOG, OOLONG, OOLONG_CAKE, openTestLedger, product, type TestLedger } from '../../../helpers/master-data.ts';

let ledger: TestLedger;
let db: Database.Database;

beforeEach(() => {
  ledger = openTestLedger();
  ({ db } = ledger);
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
    apply([product('P-10', { name: 'Tea 10', sku: 'tea' }), product('P-11', { name: 'Green tea' }), product('P-12', { name: 'Tea 12' })], {
      merge: true,
    });
    expect(names(catalog.search('tea', 10))).toEqual([
      'code:P-10',
      'prefix:P-12',
      'substring:P-1',
      'substring:P-2',
      'substring:P-4',
      'substring:P-11',
    ]);
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
    expect(names(catalog.search('cha', 10))).toEqual([
      'prefix:P-30',
      'substring:P-31',
      'phonetic:P-32',
      'phonetic:P-1',
      'phonetic:P-2',
      'phonetic:P-4',
    ]);
    expect(names(catalog.search('cha', 4))).toEqual(['prefix:P-30', 'substring:P-31', 'phonetic:P-32', 'phonetic:P-1']);
  });

  it('re-indexes the sound forms of a renamed or deactivated product', () => {
    apply([{ ...OOLONG, name: '紅茶 500ml', names: { en: 'Black Tea 500ml' } }], { merge: true });
    expect(names(catalog.search('wlc', 10))).toEqual(['phonetic:P-4']);
    expect(names(catalog.search('hongcha', 10))).toEqual(['phonetic:P-1']);
    apply(CATALOG.filter((p) => p !== OOLONG_CAKE && p !== OOLONG));
    expect(names(catalog.search('wlc', 10))).toEqual([]);
  });

  it('checks prefix hits that the short index can only approximate', () => {
    apply([product('P-20', { name: '烏龍冬片 配 烏龍茶 a' }), product('P-21', { name: '烏龍茶 a' })], { merge: true });
    expect(names(catalog.search('烏龍茶 a', 10))).toEqual(['prefix:P-21', 'substring:P-20']);
  });
});
