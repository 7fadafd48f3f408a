-- What each till reports about itself with its batches (docs/hq.md "What a till reports"): its
-- software version, its devices with their state, and its backlog (entries it holds that HQ has
-- not received yet), and when it said so. Null for a till that never reported (an older version).
-- Additive only.
ALTER TABLE hq_terminals ADD COLUMN report jsonb, ADD COLUMN reported_at timestamptz;
