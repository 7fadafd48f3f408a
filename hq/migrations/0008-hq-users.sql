-- HQ console users (issue #18): the people who run the chain sign in to HQ's console. They are
-- not till staff: their own table, their own roles (auditor: reads everything; regional-manager:
-- reads their stores only; admin: everything). Additive only.
CREATE TABLE hq_users (
  username       text        PRIMARY KEY CHECK (username ~ '^[a-z0-9][a-z0-9._@-]{0,63}$'),
  display_name   text        NOT NULL,
  role           text        NOT NULL CHECK (role IN ('auditor', 'regional-manager', 'admin')),
  -- The stores a regional manager sees; empty for the other roles (they see every store).
  stores         text[]      NOT NULL DEFAULT '{}',
  -- scrypt$N$r$p$salt$hash (base64url), hq/password-hash.ts.
  password_hash  text        NOT NULL,
  -- Base32 TOTP secret (RFC 6238) when the second factor is enrolled; the last time step accepted,
  -- so that a code is never accepted twice.
  totp_secret    text,
  totp_last_step bigint      NOT NULL DEFAULT 0,
  disabled       boolean     NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);

-- Failed sign-ins per username (known or not), counted over the lockout window by every HQ
-- process alike; cleared by a successful sign-in or a password reset.
CREATE TABLE hq_sign_in_failures (
  username text        NOT NULL,
  at       timestamptz NOT NULL
);
CREATE INDEX hq_sign_in_failures_by_user ON hq_sign_in_failures (username, at);
CREATE INDEX hq_sign_in_failures_by_time ON hq_sign_in_failures (at);

-- Console sessions, by the SHA-256 of the random session id (the cookie's value never rests in
-- the database). Idle and absolute expiry are checked on each request.
CREATE TABLE hq_sessions (
  session_hash text        PRIMARY KEY,
  username     text        NOT NULL REFERENCES hq_users (username),
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);
CREATE INDEX hq_sessions_by_user ON hq_sessions (username);

-- Every HQ user action (sign-in ok or refused, lockouts, sign-outs, user changes), append-only.
CREATE TABLE hq_user_audit (
  audit_id       bigserial   PRIMARY KEY,
  at             timestamptz NOT NULL,
  actor          text        NOT NULL,
  action         text        NOT NULL,
  username       text,
  remote_address text,
  details        jsonb       NOT NULL DEFAULT '{}'
);
CREATE INDEX hq_user_audit_by_user ON hq_user_audit (username, at);

CREATE FUNCTION hq_refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the HQ user audit log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER hq_user_audit_append_only BEFORE UPDATE OR DELETE ON hq_user_audit
  FOR EACH ROW EXECUTE FUNCTION hq_refuse_audit_change();
CREATE TRIGGER hq_user_audit_no_truncate BEFORE TRUNCATE ON hq_user_audit
  FOR EACH STATEMENT EXECUTE FUNCTION hq_refuse_audit_change();
