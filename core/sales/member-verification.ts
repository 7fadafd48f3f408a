// What stands between a cashier and a member's price when the member is not there (issue #12):
// every failed verification is a ledger entry, repeated failures make member codes need a
// manager, and an app code attaches once.
import type { Approval } from '../contract/methods.ts';
import { HostError, type ErrorCode } from '../contract/errors.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import type { EntryDraft } from '../ledger/entry.ts';
import { authorize } from '../auth/authorize.ts';
import { entriesSince } from '../loss/sign-in-lockout.ts';
import { lastUsedCodeStep, memberCodesLocked, memberFailures, type MemberCodeRules } from '../loss/member-code-failures.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { TerminalSession } from '../terminal/terminal-session.ts';

export type MemberSource = EntryBody<'member-verification-failed'>['source'];
type Failure = Omit<EntryBody<'member-verification-failed'>, 'tillFailures' | 'memberFailures' | 'lockedOut' | 'saleId'>;

function rules(ctx: TerminalContext): MemberCodeRules {
  const { maxFailures, windowMinutes } = ctx.config().members.codeLockout;
  return { maxFailures, windowMs: windowMinutes * 60_000 };
}

function failuresNow(ctx: TerminalContext, memberId: string | undefined) {
  const r = rules(ctx);
  const nowMs = ctx.now().getTime();
  return { count: memberFailures(entriesSince(ctx.store, nowMs - r.windowMs), memberId, r, nowMs), rules: r };
}

/** Records a failed verification (counted toward the lockout) and throws the cashier's error. */
export function failVerification(ctx: TerminalContext, failure: Failure, code: ErrorCode, message: string): never {
  const { count, rules: r } = failuresNow(ctx, failure.memberId);
  const till = count.till + 1;
  const member = failure.memberId !== undefined ? count.member + 1 : undefined;
  const saleId = ctx.session.sale?.saleId;
  const body: EntryBody<'member-verification-failed'> = {
    ...failure,
    ...(saleId ? { saleId } : {}),
    tillFailures: till,
    ...(member !== undefined ? { memberFailures: member } : {}),
    lockedOut: memberCodesLocked({ till, member: member ?? 0 }, r),
  };
  ctx.store.write((tx) => tx.append(ctx.draft('member-verification-failed', body)));
  throw new HostError(code, message, { reason: failure.reason });
}

/**
 * Member codes need a manager while the till (or this member) has reached the failure limit. A scan
 * cannot carry an approval, so there it is refused with member.codes-locked; the member dialog
 * sends the code with the approval the host asks for.
 */
export function unlockMemberCodes(
  ctx: TerminalContext,
  memberId: string,
  request: { approval: Approval | undefined; canApprove: boolean },
): EntryDraft | null {
  const { count, rules: r } = failuresNow(ctx, memberId);
  if (!memberCodesLocked(count, r)) return null;
  const minutes = Math.round(r.windowMs / 60_000);
  if (!request.canApprove) {
    throw new HostError(
      'member.codes-locked',
      `member codes at this till are locked after ${r.maxFailures} failed tries within ${minutes} minutes: add the member through Member, with a manager`,
      { tillFailures: count.till, memberFailures: count.member },
    );
  }
  const subject = { memberId, tillFailures: count.till, memberFailures: count.member };
  const what = 'use a member code while member codes are locked';
  const approval = authorize(ctx, 'member.manual', what, { approval: request.approval, subject });
  if (approval) return approval;
  const operatorId = ctx.requireOperator().staffId;
  const byThemself = {
    action: 'member.manual',
    approverId: operatorId,
    requesterId: operatorId,
    method: 'pin' as const,
    reason: what,
    subject,
  };
  return ctx.draft('approval', byThemself);
}

// Codes used in this run, for the sales that never reached the ledger (cancelled ones); completed
// sales carry their code's step in the ledger, which outlives a restart.
const usedInThisRun = new WeakMap<TerminalSession, Map<string, number>>();

/** The newest time step of this member's app code already used at this till, if any still matters. */
export function lastUsedStep(ctx: TerminalContext, memberId: string): number | undefined {
  const { tokenStepSeconds, tokenSkewSteps } = ctx.config().members;
  // A code stays valid (skew + 1) steps after its own; twice that is ample to find its use.
  const since = ctx.now().getTime() - 2 * (tokenSkewSteps + 1) * tokenStepSeconds * 1000;
  const inLedger = lastUsedCodeStep(entriesSince(ctx.store, since), memberId);
  const inRun = usedInThisRun.get(ctx.session)?.get(memberId);
  if (inLedger === undefined) return inRun;
  return inRun === undefined ? inLedger : Math.max(inLedger, inRun);
}

export function noteUsedStep(ctx: TerminalContext, memberId: string, step: number): void {
  let used = usedInThisRun.get(ctx.session);
  if (!used) usedInThisRun.set(ctx.session, (used = new Map()));
  used.set(memberId, Math.max(step, used.get(memberId) ?? step));
}
