-- HQ schema v2: e-receipt mail to members, and repeated incidents counted instead of repeated.
-- Additive only (see 0001).

-- Repeated identical incidents (same kind, terminal and source within a window) are one row
-- with a count: a client looping bad requests cannot fill the database.
ALTER TABLE hq_incidents ADD COLUMN fingerprint text;
ALTER TABLE hq_incidents ADD COLUMN repeat_count bigint NOT NULL DEFAULT 1 CHECK (repeat_count >= 1);
ALTER TABLE hq_incidents ADD COLUMN last_at timestamptz;
CREATE INDEX hq_incidents_by_fingerprint ON hq_incidents (fingerprint, at) WHERE fingerprint IS NOT NULL;
CREATE INDEX hq_incidents_by_source ON hq_incidents (remote_address, at) WHERE remote_address IS NOT NULL;

-- Electronic receipts a terminal sent to a member's e-mail on file (receipt-issued entries with
-- destination "member-email:<memberId>"): one row per receipt, so a re-sent batch or a rescan
-- never mails twice. status: pending (to send; next_attempt_at), sent, no-address (the member
-- has no e-mail at HQ), failed (gave up after the last retry).
CREATE TABLE hq_receipt_mail (
  terminal_id     text        NOT NULL,
  receipt_no      bigint      NOT NULL,
  issued_seq      bigint      NOT NULL,
  sale_seq        bigint,
  member_id       text        NOT NULL,
  address         text,
  total           bigint,
  currency        text,
  status          text        NOT NULL CHECK (status IN ('pending', 'sent', 'no-address', 'failed')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  message_id      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  PRIMARY KEY (terminal_id, receipt_no)
);
CREATE INDEX hq_receipt_mail_due ON hq_receipt_mail (next_attempt_at) WHERE status = 'pending';

-- How far the mail scanner has read each terminal's stored ledger (entries are stored in seq
-- order under the terminal's lock, so everything at or below scanned_seq has been looked at).
CREATE TABLE hq_receipt_mail_scan (
  terminal_id text   PRIMARY KEY,
  scanned_seq bigint NOT NULL DEFAULT 0
);
