-- A terminal revoked from the console (Enrollment page): HQ refuses its requests from then on
-- (sync included), keeps every entry it sent, and never enrols the terminal id again with another
-- key. Additive only.
ALTER TABLE hq_terminals ADD COLUMN revoked_at timestamptz, ADD COLUMN revoked_by text;

-- A member's history in the console (sales and returns naming the member) through this index
-- instead of reading every sale. Bodies are canonical JSON (their hash proves it), so the cast
-- cannot fail.
CREATE INDEX ledger_entries_member_id ON ledger_entries (((body::jsonb -> 'member') ->> 'memberId')) WHERE kind IN ('sale', 'return');
