-- Member purchase notices and "this wasn't me" disputes (issue #14). Additive only (see 0001).

-- How a member wants to be told about purchases on their account. HQ only: phone numbers and
-- LINE ids are never published to terminals. No row: e-mail to the member record's address.
-- channel: email, sms or line; opted_out: no notices at all (the outbox row says so).
CREATE TABLE hq_member_notice_prefs (
  member_id    text        PRIMARY KEY,
  channel      text        NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms', 'line')),
  opted_out    boolean     NOT NULL DEFAULT false,
  phone        text,
  line_user_id text,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- One notice per ledger entry (a member's sale, a return or post-void of it): the primary key is
-- the entry's terminal and seq, so a re-sent batch or a rescan never notifies twice.
-- status: pending (to send; next_attempt_at), sent, opted-out, no-address (nothing to reach the
-- member by on the chosen channel), failed (gave up after the last retry), too-old (the entry
-- reached HQ long before it was scanned: history from before notices were turned on is not told).
CREATE TABLE hq_member_notices (
  terminal_id     text        NOT NULL,
  seq             bigint      NOT NULL,
  kind            text        NOT NULL CHECK (kind IN ('sale', 'return', 'post-void')),
  sale_id         text        NOT NULL,
  member_id       text        NOT NULL,
  business_day    date        NOT NULL,
  amount          bigint      NOT NULL,
  currency        text        NOT NULL,
  channel         text        NOT NULL CHECK (channel IN ('email', 'sms', 'line')),
  address         text,
  status          text        NOT NULL CHECK (status IN ('pending', 'sent', 'opted-out', 'no-address', 'failed', 'too-old')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  message_id      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  PRIMARY KEY (terminal_id, seq)
);
CREATE INDEX hq_member_notices_due ON hq_member_notices (next_attempt_at) WHERE status = 'pending';
CREATE INDEX hq_member_notices_by_sale ON hq_member_notices (sale_id) WHERE kind = 'sale';
CREATE INDEX hq_member_notices_by_member ON hq_member_notices (member_id, created_at);

-- How far the notice scanner has read each terminal's stored ledger (as hq_receipt_mail_scan).
CREATE TABLE hq_member_notice_scan (
  terminal_id text   PRIMARY KEY,
  scanned_seq bigint NOT NULL DEFAULT 0
);

-- A member said "this wasn't me" about a notice: one dispute per noticed entry (a repeat click
-- finds the same row). entries: the ledger entries it is about, as {terminalId, seq, hash, kind}
-- (the noticed entry first, then the original sale of a return or post-void).
CREATE TABLE hq_disputes (
  dispute_id      bigserial   PRIMARY KEY,
  terminal_id     text        NOT NULL,
  seq             bigint      NOT NULL,
  entry_hash      text        NOT NULL,
  kind            text        NOT NULL,
  store_id        text        NOT NULL,
  member_id       text        NOT NULL,
  salesperson_ids text[]      NOT NULL,
  cashier_id      text,
  amount          bigint      NOT NULL,
  currency        text        NOT NULL,
  business_day    date        NOT NULL,
  entries         jsonb       NOT NULL,
  comment         text,
  remote_address  text,
  status          text        NOT NULL DEFAULT 'open',
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (terminal_id, seq)
);
CREATE INDEX hq_disputes_by_member ON hq_disputes (member_id);
CREATE INDEX hq_disputes_by_created ON hq_disputes (created_at);
