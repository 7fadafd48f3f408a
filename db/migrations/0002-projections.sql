-- Read models projected from ledger entries in the same transaction. They can be rebuilt
-- from the ledger at any time (`tillproof ledger rebuild`) and are checked by `ledger verify`.
-- Few tables on purpose: every b-tree a sale touches is one more page to write and fsync.

-- One row per receipt number (sales and returns share one gap-free sequence).
CREATE TABLE receipts (
  receipt_no          INTEGER PRIMARY KEY CHECK (receipt_no > 0),
  seq                 INTEGER NOT NULL,
  kind                TEXT    NOT NULL,           -- 'sale' | 'return'
  document_id         TEXT    NOT NULL,           -- sale id or return id
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
  status              TEXT    NOT NULL,           -- 'completed' | 'post-voided'
  returned_total      INTEGER NOT NULL DEFAULT 0,
  copies              INTEGER NOT NULL DEFAULT 0,
  print_failures      INTEGER NOT NULL DEFAULT 0,
  discharged_seq      INTEGER,                    -- the receipt-issued entry that discharged the obligation
  channel             TEXT                        -- 'printed' | 'electronic'
) STRICT;

-- Receipts whose obligation is not yet discharged (normally zero or one row).
CREATE TABLE open_obligations (
  receipt_no INTEGER PRIMARY KEY,
  opened_seq INTEGER NOT NULL
) STRICT;

-- One row per business day: its seq range and, once closed, the Z that sealed it.
CREATE TABLE business_days (
  business_day TEXT PRIMARY KEY,
  first_seq    INTEGER NOT NULL,
  last_seq     INTEGER NOT NULL,
  z_seq        INTEGER,
  z_no         INTEGER UNIQUE
) STRICT, WITHOUT ROWID;

-- Running totals per business day, by key ('sales', 'tender:cash', ...): X and Z reports
-- read these instead of scanning the day's entries.
CREATE TABLE day_totals (
  business_day TEXT    NOT NULL,
  key          TEXT    NOT NULL,
  amount       INTEGER NOT NULL,
  count        INTEGER NOT NULL,
  PRIMARY KEY (business_day, key)
) STRICT, WITHOUT ROWID;

-- Quantities already returned per line of an original sale (written only by returns).
CREATE TABLE returned_lines (
  original_receipt_no INTEGER NOT NULL,
  line_no             INTEGER NOT NULL,
  qty_milli           INTEGER NOT NULL,
  PRIMARY KEY (original_receipt_no, line_no)
) STRICT, WITHOUT ROWID;

-- Drawer sessions: from the opening float to the closing count, with running cash totals.
CREATE TABLE drawer_sessions (
  session_id   TEXT PRIMARY KEY,
  business_day TEXT    NOT NULL,
  opened_seq   INTEGER NOT NULL,
  operator_id  TEXT,
  float        INTEGER NOT NULL,
  cash_sales   INTEGER NOT NULL DEFAULT 0,
  cash_refunds INTEGER NOT NULL DEFAULT 0,
  cash_in      INTEGER NOT NULL DEFAULT 0,
  paid_outs    INTEGER NOT NULL DEFAULT 0,
  pickups      INTEGER NOT NULL DEFAULT 0,
  other_out    INTEGER NOT NULL DEFAULT 0,
  closed_seq   INTEGER,
  counted      INTEGER,
  expected     INTEGER,
  over_short   INTEGER,
  cosign_seq   INTEGER
) STRICT, WITHOUT ROWID;
