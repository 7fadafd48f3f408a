-- HQ schema v1. Never edit this file after release: add 0002-..., and only add (no DROP, no
-- RENAME, no reuse of a retired name; tests/unit/hq/migrations.test.ts checks).

-- Terminals enrolled with a one-time code. public_key signs the terminal's requests;
-- genesis_public_key is trusted for entry 1 of its ledger. The chain columns are the verifier's
-- resume state: HQ holds entries 1..head_seq, verified, and nothing after.
CREATE TABLE hq_terminals (
  terminal_id        text        PRIMARY KEY,
  store_id           text        NOT NULL,
  public_key         text        NOT NULL,
  key_id             text        NOT NULL,
  genesis_public_key text        NOT NULL,
  enrolled_at        timestamptz NOT NULL,
  head_seq           bigint      NOT NULL DEFAULT 0 CHECK (head_seq >= 0),
  head_hash          text,
  verifier_state     jsonb,
  last_seen_at       timestamptz
);
CREATE INDEX hq_terminals_by_store ON hq_terminals (store_id);

-- One-time enrollment codes, kept as SHA-256 only. A used code stays (used_at) so that its
-- reuse is recognised and reported as an incident rather than as an unknown code.
CREATE TABLE hq_enrollment_codes (
  code_hash      text        PRIMARY KEY,
  store_id       text        NOT NULL,
  terminal_id    text        NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  used_by_key_id text
);

-- Nonces of signed requests inside the timestamp window: a second use is a replay.
CREATE TABLE hq_request_nonces (
  terminal_id text        NOT NULL,
  nonce       text        NOT NULL,
  seen_at     timestamptz NOT NULL,
  PRIMARY KEY (terminal_id, nonce)
);
CREATE INDEX hq_request_nonces_by_time ON hq_request_nonces (seen_at);

-- Refused requests and broken chains, for a person to look at.
CREATE TABLE hq_incidents (
  incident_id    bigserial   PRIMARY KEY,
  at             timestamptz NOT NULL DEFAULT now(),
  kind           text        NOT NULL,
  terminal_id    text,
  seq            bigint,
  remote_address text,
  message        text        NOT NULL,
  details        jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX hq_incidents_by_terminal ON hq_incidents (terminal_id, at);

-- Every terminal's ledger entries, exactly as signed (see docs/ledger-format.md), append-only.
-- body is the entry body's JSON text: any JSON text of the same value re-verifies, because the
-- hash is over its RFC 8785 canonical form. Range partitions by month of business_day are
-- created on demand by hq_ensure_ledger_partition.
CREATE TABLE ledger_entries (
  terminal_id  text        NOT NULL,
  seq          bigint      NOT NULL,
  v            smallint    NOT NULL,
  kind         text        NOT NULL,
  business_day date        NOT NULL,
  started_at   text        NOT NULL,
  ended_at     text        NOT NULL,
  operator_id  text,
  body         text        NOT NULL,
  prev_hash    text        NOT NULL,
  hash         text        NOT NULL,
  signature    text        NOT NULL,
  key_id       text        NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  -- Unique per partition; across partitions (terminal_id, seq) is unique because the verifier
  -- only ever accepts head_seq + 1 under the terminal's row lock.
  PRIMARY KEY (terminal_id, seq, business_day)
) PARTITION BY RANGE (business_day);

CREATE FUNCTION hq_refuse_ledger_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Row triggers on the partitioned table are cloned onto every partition.
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION hq_refuse_ledger_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION hq_refuse_ledger_change();

-- Creates the month partition holding `day` when missing (with its own TRUNCATE guard, which
-- statement triggers do not inherit). Serialised by an advisory lock, so concurrent ingests
-- never race on the same CREATE.
CREATE FUNCTION hq_ensure_ledger_partition(day date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  first date := date_trunc('month', day)::date;
  name  text := format('ledger_entries_y%sm%s', to_char(first, 'YYYY'), to_char(first, 'MM'));
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('hq_ensure_ledger_partition'));
  IF to_regclass(name) IS NULL THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF ledger_entries FOR VALUES FROM (%L) TO (%L)', name, first, (first + interval '1 month')::date);
    EXECUTE format('CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION hq_refuse_ledger_change()', name);
  END IF;
  RETURN name;
END;
$$;

-- Master data published to terminals. Each publish (an import, a staff change...) is one
-- version; hq_master_records holds the latest state of each record and the version that last
-- changed it, so "changes since v" is every record with version > v.
CREATE TABLE hq_master_versions (
  version    bigint      PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  summary    text        NOT NULL
);

CREATE TABLE hq_master_records (
  section text   NOT NULL,
  key     text   NOT NULL,
  version bigint NOT NULL REFERENCES hq_master_versions (version),
  record  jsonb  NOT NULL,
  PRIMARY KEY (section, key)
);
CREATE INDEX hq_master_records_by_version ON hq_master_records (version);

-- Read models for the cross-store reports, updated in the ingest transaction from verified
-- entries only (money in minor units; training sales excluded).
CREATE TABLE hq_sales_daily (
  store_id         text   NOT NULL,
  terminal_id      text   NOT NULL,
  business_day     date   NOT NULL,
  currency         text   NOT NULL,
  sales_count      bigint NOT NULL DEFAULT 0,
  sales_total      bigint NOT NULL DEFAULT 0,
  sales_tax        bigint NOT NULL DEFAULT 0,
  returns_count    bigint NOT NULL DEFAULT 0,
  returns_total    bigint NOT NULL DEFAULT 0,
  post_voids_count bigint NOT NULL DEFAULT 0,
  post_voids_total bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, business_day, terminal_id, currency)
);

CREATE TABLE hq_cashier_exceptions_daily (
  store_id           text   NOT NULL,
  terminal_id        text   NOT NULL,
  business_day       date   NOT NULL,
  staff_id           text   NOT NULL,
  line_voids         bigint NOT NULL DEFAULT 0,
  sale_voids         bigint NOT NULL DEFAULT 0,
  post_voids         bigint NOT NULL DEFAULT 0,
  no_sales           bigint NOT NULL DEFAULT 0,
  manual_members     bigint NOT NULL DEFAULT 0,
  reprints           bigint NOT NULL DEFAULT 0,
  discount_approvals bigint NOT NULL DEFAULT 0,
  price_overrides    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, business_day, staff_id, terminal_id)
);
