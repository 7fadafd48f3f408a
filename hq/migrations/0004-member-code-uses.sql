-- Member app codes used on sales (issue #12): one row per sale entry whose member was verified by
-- an app code (body.member.codeStep). A code attaches once; the same member and time step on a
-- second sale, at any till, is raised as an incident (member-code-reused). Additive only.
CREATE TABLE hq_member_code_uses (
  terminal_id  text   NOT NULL,
  seq          bigint NOT NULL,
  member_id    text   NOT NULL,
  code_step    bigint NOT NULL,
  business_day date   NOT NULL,
  PRIMARY KEY (terminal_id, seq)
);
CREATE INDEX hq_member_code_uses_by_code ON hq_member_code_uses (member_id, code_step);
