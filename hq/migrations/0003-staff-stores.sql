-- Staff are published only to the stores they work at (docs/hq.md, "Security"): a terminal
-- receives the staff records (PIN and badge hashes) of its own store, not the whole chain's.
-- stores: the stores a staff record is for ('*': every store, area managers). NULL: every
-- store (staff published before this migration, and the sections that are chain-wide).
ALTER TABLE hq_master_records ADD COLUMN stores text[];
-- Every store a staff record was ever published to: a store it was removed from still gets the
-- record, inactive and without credentials, so that its terminals deactivate the person.
ALTER TABLE hq_master_records ADD COLUMN former_stores text[];
