-- A terminal revoked from the console (Enrollment page): HQ refuses its requests from then on
-- (sync included), keeps every entry it sent, and never enrols the terminal id again with another
-- key. Additive only.
ALTER TABLE hq_terminals ADD COLUMN revoked_at timestamptz, ADD COLUMN revoked_by text;
