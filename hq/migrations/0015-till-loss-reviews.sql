-- The till's loss-case reviews at HQ, and reviews 'fine' at HQ (issue #14). Additive only (see 0001).

-- Every `loss-review` entry a till sent (docs/ledger-format.md), recorded on ingest in the batch's
-- transaction: the case as the till's rules found it (rule, evidence as "terminal#seq", staff,
-- member, business day), the outcome (fraud, error, fine), the note and the reviewing manager (the
-- entry's operator). case_id: the HQ case of the same rule whose evidence shares an entry with the
-- review's, once HQ has it; null until a scan finds that case (the review waits, never dropped).
-- review_day: the entry's business day (an accepted pattern's 28 days count from it).
CREATE TABLE hq_till_loss_reviews (
  terminal_id   text        NOT NULL,
  seq           bigint      NOT NULL,
  rule          text        NOT NULL,
  evidence_refs text[]      NOT NULL,
  staff_ids     text[]      NOT NULL,
  member_id     text,
  business_day  date        NOT NULL,
  outcome       text        NOT NULL CHECK (outcome IN ('fraud', 'error', 'fine')),
  note          text        NOT NULL,
  reviewed_by   text,
  reviewed_at   timestamptz NOT NULL,
  review_day    date        NOT NULL,
  case_id       bigint      REFERENCES hq_loss_cases (case_id),
  PRIMARY KEY (terminal_id, seq)
);
CREATE INDEX hq_till_loss_reviews_unlinked ON hq_till_loss_reviews (rule) WHERE case_id IS NULL;
CREATE INDEX hq_till_loss_reviews_fine ON hq_till_loss_reviews (review_day) WHERE outcome = 'fine';

-- A case's history names the till review it came from (terminal, seq of the `loss-review` entry);
-- null for a review at HQ or a re-opening. The outcomes grow by the till's three and HQ's 'fine'
-- (an accepted pattern, docs/loss-prevention.md).
ALTER TABLE hq_loss_case_reviews ADD COLUMN source_terminal_id text, ADD COLUMN source_seq bigint;
CREATE UNIQUE INDEX hq_loss_case_reviews_by_source ON hq_loss_case_reviews (source_terminal_id, source_seq)
  WHERE source_terminal_id IS NOT NULL;
ALTER TABLE hq_loss_case_reviews DROP CONSTRAINT hq_loss_case_reviews_outcome_check;
ALTER TABLE hq_loss_case_reviews ADD CONSTRAINT hq_loss_case_reviews_outcome_check
  CHECK (outcome IN ('confirmed', 'false-alarm', 'dismissed', 'fine', 'reopened', 'fraud', 'error'));
CREATE INDEX hq_loss_case_reviews_fine ON hq_loss_case_reviews (case_id) WHERE outcome = 'fine';
