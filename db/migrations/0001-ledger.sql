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


CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: UPDATE refused'); END;

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only: DELETE refused'); END;

CREATE TRIGGER ledger_entries_gap_free BEFORE INSERT ON ledger_entries
WHEN NEW.seq <> COALESCE((SELECT MAX(seq) FROM ledger_entries), 0) + 1
BEGIN SELECT RAISE(ABORT, 'ledger_entries.seq must be the next number without gaps'); END;

-- terminal_id, store_id, created_at, active_key_id (changes only on key rotation).
CREATE TABLE ledger_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
