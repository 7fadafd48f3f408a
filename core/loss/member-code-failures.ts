// Guessing and replaying member app codes (issue #12), read from the ledger rather than kept in
// memory: every failed member verification is a `member-verification-failed` entry and every
// app code used on a sale is in the sale's member body (codeStep), so a restart of the host
// forgets neither a lockout nor a used code.
import type { LedgerEntry } from '../ledger/entry.ts';
import { knownEntry } from '../ledger/bodies.ts';

export interface MemberCodeRules {
  /** Failures within the window that make member codes need a manager. */
  maxFailures: number;
  windowMs: number;
}

export interface MemberFailureCount {
  /** Failed member verifications at this till within the window. */
  till: number;
  /** Of those, the ones naming this member (0 when no member was named). */
  member: number;
}

/**
 * Failures within the window, for the till and for one member. A good code does not reset the
 * count: trying codes between real customers would otherwise never lock.
 */
export function memberFailures(
  entries: Iterable<LedgerEntry>,
  memberId: string | undefined,
  rules: MemberCodeRules,
  nowMs: number,
): MemberFailureCount {
  const count = { till: 0, member: 0 };
  for (const entry of entries) {
    if (Date.parse(entry.endedAt) < nowMs - rules.windowMs) continue;
    const e = knownEntry(entry);
    if (e?.kind !== 'member-verification-failed') continue;
    count.till++;
    if (memberId !== undefined && e.body.memberId === memberId) count.member++;
  }
  return count;
}

/** Whether member codes need a manager: the till, or the member, reached the limit. */
export function memberCodesLocked(count: MemberFailureCount, rules: MemberCodeRules): boolean {
  return count.till >= rules.maxFailures || count.member >= rules.maxFailures;
}

/** The latest app-code time step of `memberId` used on a sale among `entries`, if any. */
export function lastUsedCodeStep(entries: Iterable<LedgerEntry>, memberId: string): number | undefined {
  let last: number | undefined;
  for (const entry of entries) {
    const e = knownEntry(entry);
    if (e?.kind !== 'sale') continue;
    const m = e.body.member;
    if (m?.memberId !== memberId || m.codeStep === undefined) continue;
    if (last === undefined || m.codeStep > last) last = m.codeStep;
  }
  return last;
}
