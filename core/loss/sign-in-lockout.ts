// Sign-in lockouts, derived from the ledger rather than kept in memory (issue #3): every failed
// PIN or badge is a `login-failed` entry, so a lockout survives a restart of the host and an
// auditor can see exactly why a staff number or the badge reader was locked.
import type { LedgerEntry } from '../ledger/entry.ts';
import { entryOf, knownEntry, type EntryBody } from '../ledger/bodies.ts';
import type { LedgerStore } from '../ports/ledger-store.ts';
import { staffEditTarget } from '../settings/staff-rules.ts';

export interface LockoutRules {
  /** Failures within the window that lock (the one that reaches it is logged with lockedOut). */
  maxAttempts: number;
  /** How far back failures count, and how long a lockout lasts. */
  windowMs: number;
}

export interface SignInFailures {
  /** Failures since the last lockout or reset, within the window. */
  failures: number;
  /** Epoch ms until which sign-ins are refused; 0 when not locked. */
  lockedUntil: number;
}

const CHUNK = 256;

/** The ledger's entries that ended at or after `sinceMs`, oldest first, read backwards from the head. */
export function entriesSince(store: Pick<LedgerStore, 'head' | 'entries'>, sinceMs: number): LedgerEntry[] {
  const out: LedgerEntry[][] = [];
  for (let to = store.head().seq; to >= 1; to -= CHUNK) {
    const chunk = [...store.entries({ from: Math.max(1, to - CHUNK + 1), to })];
    const firstRecent = chunk.findLastIndex((e) => Date.parse(e.endedAt) < sinceMs) + 1;
    out.unshift(chunk.slice(firstRecent));
    if (firstRecent > 0) break;
  }
  return out.flat();
}

function failure(e: LedgerEntry): EntryBody<'login-failed'> | null {
  return entryOf(e, 'login-failed')?.body ?? null;
}

function cleared(e: LedgerEntry): EntryBody<'lockout-cleared'> | null {
  return entryOf(e, 'lockout-cleared')?.body ?? null;
}

/**
 * Wrong PINs for one staff number. A successful sign-in or approval by them starts the count
 * again; a manager's edit of that staff member on the till (a PIN reset) or a `lockout-cleared`
 * entry for them lifts a lockout.
 */
export function pinFailures(entries: Iterable<LedgerEntry>, staffId: string, rules: LockoutRules, nowMs: number): SignInFailures {
  let failures = 0;
  let lockedUntil = 0;
  for (const entry of entries) {
    const at = Date.parse(entry.endedAt);
    if (at < nowMs - rules.windowMs) continue;
    const e = knownEntry(entry);
    switch (e?.kind) {
      case 'login-failed':
        if (e.body.method !== 'pin' || e.body.staffId !== staffId) break;
        if (e.body.lockedOut) {
          lockedUntil = at + rules.windowMs;
          failures = 0;
        } else failures++;
        break;
      case 'lockout-cleared':
        if (e.body.scope === 'staff' && e.body.staffId === staffId) {
          failures = 0;
          lockedUntil = 0;
        }
        break;
      case 'login':
        if (e.operatorId === staffId) failures = 0;
        break;
      case 'approval':
        if (e.body.approverId === staffId) failures = 0;
        break;
      case 'config-change':
        if (e.body.section === 'staff' && staffEditTarget(e.body.summary) === staffId) {
          failures = 0;
          lockedUntil = 0;
        }
        break;
      default:
        break;
    }
  }
  return { failures, lockedUntil: lockedUntil > nowMs ? lockedUntil : 0 };
}

/**
 * Badges that were not accepted, for the whole till: someone trying badge numbers locks badge
 * sign-in (PINs still work). A good badge does not reset the count, or trying badges between
 * scans of one's own would never lock. A manager's `lockout-cleared` (scope badge) starts afresh.
 */
export function badgeFailures(entries: Iterable<LedgerEntry>, rules: LockoutRules, nowMs: number): SignInFailures {
  let failures = 0;
  let lockedUntil = 0;
  for (const e of entries) {
    const at = Date.parse(e.endedAt);
    if (at < nowMs - rules.windowMs) continue;
    if (cleared(e)?.scope === 'badge') {
      failures = 0;
      lockedUntil = 0;
      continue;
    }
    const f = failure(e);
    if (!f || f.method !== 'badge') continue;
    if (f.lockedOut) {
      lockedUntil = at + rules.windowMs;
      failures = 0;
    } else failures++;
  }
  return { failures, lockedUntil: lockedUntil > nowMs ? lockedUntil : 0 };
}

/** Every staff number locked out now, with when its lockout ends (epoch ms). */
export function lockedStaff(entries: readonly LedgerEntry[], rules: LockoutRules, nowMs: number): Map<string, number> {
  const tried = new Set<string>();
  for (const e of entries) {
    const f = failure(e);
    if (f?.method === 'pin' && f.lockedOut && f.staffId) tried.add(f.staffId);
  }
  const out = new Map<string, number>();
  for (const staffId of tried) {
    const { lockedUntil } = pinFailures(entries, staffId, rules, nowMs);
    if (lockedUntil) out.set(staffId, lockedUntil);
  }
  return out;
}
