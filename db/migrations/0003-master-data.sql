-- Master data: catalog, staff, members. Not a ledger projection: it arrives from HQ or a local
-- import, and every change is recorded in the ledger as a config-change entry (section, version,
-- digest) written in the same transaction. Never edit this file after release: add a new one.

-- One row per product. product_id is the natural key HQ and files use; product_no is the
-- internal integer key the other catalog tables and the search index point to (small child
-- indexes, and a rowid that VACUUM never renumbers).
CREATE TABLE products (
  product_no   INTEGER PRIMARY KEY,
  product_id   TEXT    NOT NULL UNIQUE,
  sku          TEXT    NOT NULL UNIQUE,
  name         TEXT    NOT NULL,
  department   TEXT    NOT NULL,
  tax_class    TEXT    NOT NULL,
  unit         TEXT    NOT NULL CHECK (unit IN ('each', 'kg')),
  -- Item code printed in variable-measure (GS1 20-29) labels, for goods sold from a scale.
  item_code    TEXT,
  active       INTEGER NOT NULL CHECK (active IN (0, 1)),
  -- SHA-256 of the product's canonical JSON: change detection and the catalog digest.
  content_hash TEXT    NOT NULL,
  -- Catalog version that last changed the row.
  version      INTEGER NOT NULL
) STRICT;
-- Unique among the few products that have one (a partial index holds no NULLs).
CREATE UNIQUE INDEX products_by_item_code ON products (item_code) WHERE item_code IS NOT NULL;

-- Names per language ('en', 'zh-TW', 'zh-CN', ...); products.name is the primary name.
CREATE TABLE product_names (
  product_no INTEGER NOT NULL REFERENCES products (product_no),
  lang       TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  PRIMARY KEY (product_no, lang)
) STRICT, WITHOUT ROWID;

-- Every barcode as a normalised GTIN-14 (EAN-8, UPC-A/E and EAN-13 padded or expanded).
CREATE TABLE product_barcodes (
  gtin14     TEXT    PRIMARY KEY CHECK (length(gtin14) = 14 AND gtin14 NOT GLOB '*[^0-9]*'),
  product_no INTEGER NOT NULL REFERENCES products (product_no),
  position   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX product_barcodes_by_product ON product_barcodes (product_no, position);

-- Unit price per tier in minor units ('retail' always present); per kg for unit 'kg'.
CREATE TABLE product_prices (
  product_no INTEGER NOT NULL REFERENCES products (product_no),
  tier       TEXT    NOT NULL,
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  PRIMARY KEY (product_no, tier)
) STRICT, WITHOUT ROWID;

-- Name search, over active products only. One index row per distinct folded name of a
-- product (core/catalog/normalize.ts searchKey), rowid = product_no * 8 + slot (slot 0: the
-- primary name). Contentless: the names live in products/product_names. Each row starts with
-- an anchor marking the name's start (db/master-data-catalog.ts), so "starts with" is cheap.
--   product_search: trigram, substring match for queries of 3+ characters (any script).
--   product_search_short: Han/kana characters one token each, other words whole, with a
--   2-character prefix index: 1-2 character queries (CJK substring, Latin word prefix).
CREATE VIRTUAL TABLE product_search USING fts5 (
  name, tokenize = 'trigram case_sensitive 1', content = '', contentless_delete = 1
);
CREATE VIRTUAL TABLE product_search_short USING fts5 (
  name, tokenize = 'unicode61 remove_diacritics 0', prefix = '2', content = '', contentless_delete = 1
);
-- A whole-catalog import is one transaction: a 32 MiB in-memory buffer (default 1 MiB) writes
-- fewer, larger index segments, so a big import spends less time merging them.
INSERT INTO product_search (product_search, rank) VALUES ('hashsize', 33554432);
INSERT INTO product_search_short (product_search_short, rank) VALUES ('hashsize', 33554432);

CREATE TABLE staff (
  staff_id   TEXT    PRIMARY KEY,
  name       TEXT    NOT NULL,
  role       TEXT    NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager', 'admin')),
  active     INTEGER NOT NULL CHECK (active IN (0, 1)),
  -- PIN: scrypt(pin, salt, N, r, p) with its parameters, so they can be raised per row later.
  pin_scheme TEXT    CHECK (pin_scheme IN ('scrypt')),
  pin_n      INTEGER,
  pin_r      INTEGER,
  pin_p      INTEGER,
  pin_salt   BLOB,
  pin_hash   BLOB,
  -- Badge: SHA-256 of a domain-separated badge number (looked up by an index, so not salted).
  badge_hash TEXT    UNIQUE,
  CHECK ((pin_scheme IS NULL) = (pin_hash IS NULL)),
  CHECK (pin_hash IS NULL OR (pin_n > 1 AND pin_r > 0 AND pin_p > 0 AND length(pin_salt) >= 16))
) STRICT, WITHOUT ROWID;

CREATE TABLE members (
  member_id    TEXT    PRIMARY KEY,
  name         TEXT    NOT NULL,
  tier         TEXT    NOT NULL,
  -- RFC 6238 shared secret, base32 (RFC 4648 alphabet, no padding).
  token_secret TEXT    NOT NULL CHECK (length(token_secret) >= 16 AND token_secret NOT GLOB '*[^A-Z2-7]*'),
  email        TEXT,
  active       INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT, WITHOUT ROWID;

CREATE TABLE member_cards (
  card_number TEXT    PRIMARY KEY,
  member_id   TEXT    NOT NULL REFERENCES members (member_id),
  position    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX member_cards_by_member ON member_cards (member_id, position);

-- One row per change of a section: version counts up from 1, digest is SHA-256 over the
-- section's content (see db/master-data.ts). The latest row is the section's current version.
CREATE TABLE master_data_versions (
  section     TEXT    NOT NULL CHECK (section IN ('catalog', 'staff', 'members')),
  version     INTEGER NOT NULL CHECK (version > 0),
  digest      TEXT    NOT NULL,
  row_count   INTEGER NOT NULL,
  inserted    INTEGER NOT NULL,
  updated     INTEGER NOT NULL,
  deactivated INTEGER NOT NULL,
  applied_at  TEXT    NOT NULL,
  PRIMARY KEY (section, version)
) STRICT, WITHOUT ROWID;
