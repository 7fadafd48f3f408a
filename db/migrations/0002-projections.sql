-- Read models projected from ledger entries in the same transaction. They can be rebuilt
-- from the ledger at any time (`tillproof ledger rebuild`) and are checked by `ledger verify`.
CREATE TABLE receipts (
  receipt_no   INTEGER PRIMARY KEY CHECK (receipt_no > 0),
  seq          INTEGER NOT NULL,
  kind         TEXT    NOT NULL,
  document_id  TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  total        INTEGER NOT NULL,
  copies       INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE sales (
  seq                 INTEGER PRIMARY KEY,
  sale_id             TEXT    NOT NULL UNIQUE,
  receipt_no          INTEGER NOT NULL,
  business_day        TEXT    NOT NULL,
  operator_id         TEXT,
  ended_at            TEXT    NOT NULL,
  currency            TEXT    NOT NULL,
  total               INTEGER NOT NULL,
  tax                 INTEGER NOT NULL,
  member_id           TEXT,
  member_tier         TEXT,
  member_verification TEXT,
  training            INTEGER NOT NULL,
  status              TEXT    NOT NULL,
  returned_total      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX sales_day ON sales (business_day);

CREATE TABLE receipt_obligations (
  receipt_no     INTEGER PRIMARY KEY,
  document_id    TEXT    NOT NULL,
  kind           TEXT    NOT NULL,
  opened_seq     INTEGER NOT NULL,
  discharged_seq INTEGER,
  channel        TEXT,
  failures       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX receipt_obligations_open ON receipt_obligations (discharged_seq) WHERE discharged_seq IS NULL;

CREATE TABLE day_totals (
  business_day   TEXT PRIMARY KEY,
  first_seq      INTEGER NOT NULL,
  last_seq       INTEGER NOT NULL,
  sales_count    INTEGER NOT NULL DEFAULT 0,
  sales_total    INTEGER NOT NULL DEFAULT 0,
  sales_tax      INTEGER NOT NULL DEFAULT 0,
  returns_count  INTEGER NOT NULL DEFAULT 0,
  returns_total  INTEGER NOT NULL DEFAULT 0,
  voids_count    INTEGER NOT NULL DEFAULT 0,
  no_sales       INTEGER NOT NULL DEFAULT 0,
  training_count INTEGER NOT NULL DEFAULT 0,
  training_total INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE tender_totals (
  business_day TEXT    NOT NULL,
  tender       TEXT    NOT NULL,
  amount       INTEGER NOT NULL,
  count        INTEGER NOT NULL,
  PRIMARY KEY (business_day, tender)
) STRICT;

CREATE TABLE sealed_days (
  business_day TEXT PRIMARY KEY,
  z_seq        INTEGER NOT NULL,
  z_no         INTEGER NOT NULL UNIQUE
) STRICT;
