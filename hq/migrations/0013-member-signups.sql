-- Members who joined at a till (issue #15): one row per member-created ledger entry, stored with
-- the entries in the ingest transaction (a batch sent twice is stored once). The contact details
-- and the consent stay here at HQ; the member (id, name, tier, e-mail, a new app secret) is then
-- published in the members master data, so every till knows them after its next pull.
-- published_version: the master-data version that carried the member (NULL: not yet);
-- claimed_at: an HQ process is publishing it (another retries a claim older than a few minutes).
-- Additive only (see 0001).
CREATE TABLE hq_member_signups (
  member_id         text        PRIMARY KEY,
  terminal_id       text        NOT NULL,
  seq               bigint      NOT NULL,
  store_id          text        NOT NULL,
  staff_id          text,
  name              text        NOT NULL,
  tier              text        NOT NULL,
  phone             text,
  email             text,
  carrier           text,
  consent           jsonb       NOT NULL,
  consent_at        text        NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  claimed_at        timestamptz,
  published_version bigint
);
CREATE INDEX hq_member_signups_unpublished ON hq_member_signups (received_at) WHERE published_version IS NULL;
CREATE INDEX hq_member_signups_by_phone ON hq_member_signups (phone) WHERE phone IS NOT NULL;
