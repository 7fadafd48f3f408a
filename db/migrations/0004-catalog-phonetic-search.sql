-- Search by sound (pinyin and zhuyin) for products with Chinese names. Additive: the name
-- indexes of 0003 are untouched. Never edit this file after release: add a new one.

-- One row per active product with a Han character in a name, rowid = product_no. The row holds
-- the distinct sound forms of its names (core/catalog/phonetic.ts: full pinyin, pinyin initials,
-- full zhuyin, zhuyin initials), each after a start anchor, computed at catalog import from the
-- pinyin dictionary (db/name-readings.ts). Trigram: substring match for 3+ characters.
CREATE VIRTUAL TABLE product_search_phonetic USING fts5 (
  forms, tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1
);
INSERT INTO product_search_phonetic (product_search_phonetic, rank) VALUES ('hashsize', 33554432);

-- Search indexes that code must (re)build from the catalog tables on the next start, because
-- SQL alone cannot compute them (db/master-data-catalog.ts rebuildPendingSearchIndexes). A
-- later migration inserts a row again when the forms change (a new dictionary, say).
CREATE TABLE search_index_rebuilds (
  index_name TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;
-- A catalog imported before this migration has no sound forms yet (a new ledger has no catalog:
-- its imports write the forms).
INSERT INTO search_index_rebuilds (index_name) SELECT 'product_search_phonetic' WHERE EXISTS (SELECT 1 FROM products);
