-- Loss-prevention cases at HQ (issue #14). Additive only (see 0001).

-- One case a rule found over the stored entries (tillproof hq loss scan), or a member's dispute.
-- case_key: the rule and the evidence the case was first found with ("rule|T-01#12,T-01#14"; a
-- dispute: "member-dispute|dispute#7"): a re-scan finding the same entries, or entries
-- overlapping them, updates this row rather than adding one. evidence: the entries as
-- {terminalId, seq, hash}; evidence_refs the same as "terminal#seq" for the overlap search.
-- status: open (to look at), reviewed (confirmed), dismissed (false alarm or dismissed); a
-- re-scan re-opens a reviewed or dismissed case only when new evidence joins it.
CREATE TABLE hq_loss_cases (
  case_id        bigserial   PRIMARY KEY,
  case_key       text        NOT NULL UNIQUE,
  rule           text        NOT NULL,
  score          integer     NOT NULL,
  staff_ids      text[]      NOT NULL,
  member_id      text,
  store_ids      text[]      NOT NULL,
  terminal_id    text        NOT NULL,
  business_day   date        NOT NULL,
  amount_at_risk bigint      NOT NULL,
  explanation    text        NOT NULL,
  -- The facts behind the explanation (core/loss/loss-text.ts LossReason), to word the case in zh-TW / zh-CN; null for a dispute.
  reason         jsonb,
  evidence       jsonb       NOT NULL,
  evidence_refs  text[]      NOT NULL,
  dispute_id     bigint      UNIQUE REFERENCES hq_disputes (dispute_id),
  status         text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reviewed', 'dismissed')),
  found_at       timestamptz NOT NULL DEFAULT now(),
  last_found_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hq_loss_cases_by_refs ON hq_loss_cases USING gin (evidence_refs);
CREATE INDEX hq_loss_cases_by_status ON hq_loss_cases (status, business_day);
CREATE INDEX hq_loss_cases_by_store ON hq_loss_cases USING gin (store_ids);

-- Every review of a case, and every re-opening by a re-scan (outcome 'reopened', by 'scan'),
-- append-only: the history of who decided what, and why.
CREATE TABLE hq_loss_case_reviews (
  review_id   bigserial   PRIMARY KEY,
  case_id     bigint      NOT NULL REFERENCES hq_loss_cases (case_id),
  outcome     text        NOT NULL CHECK (outcome IN ('confirmed', 'false-alarm', 'dismissed', 'reopened')),
  note        text        NOT NULL,
  reviewed_by text        NOT NULL,
  reviewed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hq_loss_case_reviews_by_case ON hq_loss_case_reviews (case_id, review_id);

CREATE FUNCTION hq_refuse_review_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case reviews are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER hq_loss_case_reviews_append_only BEFORE UPDATE OR DELETE ON hq_loss_case_reviews
  FOR EACH ROW EXECUTE FUNCTION hq_refuse_review_change();
