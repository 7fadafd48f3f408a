-- The master data each till recorded applying (issue #13): its config-change entries, found per
-- terminal without walking its whole ledger, so that checking each batch for actions taken under
-- master data HQ did not publish (hq/master-data-check.ts) stays cheap at millions of entries.
-- Additive only.
CREATE INDEX ledger_entries_config_changes ON ledger_entries (terminal_id, seq) WHERE kind = 'config-change';
