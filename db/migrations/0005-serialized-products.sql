-- Serialized products (issue #14): a product may be sold only with its serial, one per line, and
-- the till keeps where each serial stands so the same piece is never sold twice. Additive: no
-- table of 0001-0004 changes. Never edit this file after release: add a new one.

-- 1 when each piece of the product carries a serial that the sale records.
ALTER TABLE products ADD COLUMN serialized INTEGER NOT NULL DEFAULT 0 CHECK (serialized IN (0, 1));

-- Read model (db/projections.ts): the last sale, return or post-void of each serial at this till.
-- 'sold' while the last such entry is a (real) sale; 'returned' after a return or a post-void.
CREATE TABLE serial_states (
  serial TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('sold', 'returned')),
  seq INTEGER NOT NULL,
  receipt_no INTEGER NOT NULL,
  line_no INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
