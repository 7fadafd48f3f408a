-- Members who joined at this till (issue #15). Read model (db/projections.ts) of the
-- member-created entries: what the till's customer search finds by phone or name before HQ's
-- next master data brings the member to every till. Additive: no earlier table changes. Never
-- edit this file after release: add a new one.
CREATE TABLE members_created_here (
  member_id   TEXT PRIMARY KEY,
  seq         INTEGER NOT NULL,
  name        TEXT NOT NULL,
  tier        TEXT NOT NULL,
  phone       TEXT,
  email       TEXT,
  carrier     TEXT,
  operator_id TEXT,
  created_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX members_created_here_by_phone ON members_created_here (phone) WHERE phone IS NOT NULL;

-- A member's purchases at this till, newest first, for the member card.
CREATE INDEX receipts_by_member ON receipts (member_id, receipt_no) WHERE member_id IS NOT NULL;
