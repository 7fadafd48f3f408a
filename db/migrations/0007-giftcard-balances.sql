-- Gift cards (issue #15): what each card has left as this till's ledger tells it. Additive: no
-- table of 0001-0006 changes. Never edit this file after release: add a new one.

-- Read model (db/projections.ts, core/giftcards/balance.ts): one row per card this till has
-- issued, redeemed or refunded to, by its reference (a hash of the number: the number itself is
-- stored nowhere). Rebuilt from the entries by `tillproof ledger rebuild`, checked by `ledger verify`.
CREATE TABLE giftcard_balances (
  card_ref TEXT PRIMARY KEY CHECK (length(card_ref) = 64),
  last4    TEXT    NOT NULL,
  balance  INTEGER NOT NULL,
  seq      INTEGER NOT NULL                  -- the last entry that changed it
) STRICT, WITHOUT ROWID;
