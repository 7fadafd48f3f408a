-- The append-only, hash-chained ledger. Never edit this file after release: add a new one.
CREATE TABLE ledger_entries (
  seq          INTEGER PRIMARY KEY CHECK (seq > 0),
  v            INTEGER NOT NULL,
  terminal_id  TEXT    NOT NULL,
  kind         TEXT    NOT NULL,
  business_day TEXT    NOT NULL,
  started_at   TEXT    NOT NULL,
  ended_at     TEXT    NOT NULL,
  operator_id  TEXT,
  body         TEXT    NOT NULL,
  prev_hash    TEXT    NOT NULL,
  hash         TEXT    NOT NULL,
  signature    TEXT    NOT NULL,
  key_id       TEXT    NOT NULL
) STRICT;

CREATE INDEX ledger_entries_day_kind ON ledger_entries (business_day, kind);

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: UPDATE refused'); END;

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: DELETE refused'); END;

CREATE TRIGGER ledger_entries_gap_free BEFORE INSERT ON ledger_entries
WHEN NEW.seq <> COALESCE((SELECT MAX(seq) FROM ledger_entries), 0) + 1
BEGIN SELECT RAISE(ABORT, 'ledger_entries.seq must be the next number without gaps'); END;

-- The head as the writer last saw it, in the same transaction as each entry: a tail cut off
-- with a copy of the file outside the writer no longer matches it.
CREATE TABLE ledger_head (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  terminal_id   TEXT    NOT NULL,
  last_seq      INTEGER NOT NULL,
  last_hash     TEXT    NOT NULL,
  active_key_id TEXT    NOT NULL
) STRICT;

CREATE TABLE ledger_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
