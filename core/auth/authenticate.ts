// Sign-in by PIN or badge, for a login and for an approval alike. Lockouts are read from the
// ledger's login-failed entries (issue #3, core/loss/sign-in-lockout.ts), so a restart keeps them.
import type { StaffMember } from './staff-member.ts';
import type { Approval, Params } from '../contract/methods.ts';
import { HostError } from '../contract/errors.ts';
import { parseScan, scanGtin14 } from '../catalog/barcode.ts';
import { badgeFailures, entriesSince, lockedStaff, pinFailures, type LockoutRules, type SignInFailures } from '../loss/sign-in-lockout.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';

export type Credentials = Approval | Params<'session.login'>;

function lockoutRules(ctx: TerminalContext): LockoutRules {
  const { security } = ctx.config();
  return { maxAttempts: security.pinMaxAttempts, windowMs: security.lockoutMinutes * 60_000 };
}

function recentEntries(ctx: TerminalContext) {
  return entriesSince(ctx.store, ctx.now().getTime() - lockoutRules(ctx).windowMs);
}

function checkLockout(state: SignInFailures, scope: 'staff' | 'badge', who: string): void {
  if (!state.lockedUntil) return;
  const until = new Date(state.lockedUntil).toISOString();
  throw new HostError('auth.locked-out', `too many failed sign-ins ${who}; try again after ${until}`, { until, scope });
}

/** Logs a failed sign-in; true when it is the one that locks. */
function recordFailure(ctx: TerminalContext, method: 'pin' | 'badge', state: SignInFailures, staffId?: string): boolean {
  const attempts = state.failures + 1;
  const lockedOut = attempts >= ctx.config().security.pinMaxAttempts;
  ctx.store.write((tx) => tx.append(ctx.draft('login-failed', { method, ...(staffId ? { staffId } : {}), attempts, lockedOut })));
  return lockedOut;
}

function byPin(ctx: TerminalContext, staffId: string, pin: string): StaffMember {
  const state = pinFailures(recentEntries(ctx), staffId, lockoutRules(ctx), ctx.now().getTime());
  checkLockout(state, 'staff', `for ${staffId}`);
  const member = ctx.staff.verifyPin(staffId, pin);
  if (member?.active) return member;
  if (recordFailure(ctx, 'pin', state, staffId)) {
    throw new HostError(
      'auth.locked-out',
      `too many wrong PINs: ${staffId} is locked for ${ctx.config().security.lockoutMinutes} minutes`,
      { scope: 'staff' },
    );
  }
  throw new HostError('auth.bad-credentials', 'wrong staff number or PIN');
}

/**
 * What an unknown "badge" is when it is plainly something else: a staff number typed fast enough
 * to look like a scanner, or a product's barcode scanned at the sign-in or lock screen. Neither
 * is someone trying badges, so neither is logged or counted toward the badge lockout.
 */
function notABadge(ctx: TerminalContext, badge: string): 'staff-number' | 'product' | null {
  const code = badge.trim();
  if (ctx.staff.byId(code)) return 'staff-number';
  const parsed = parseScan(code, ctx.config().scan);
  if (!parsed.ok || parsed.value.kind === 'text') return null;
  const gtin = scanGtin14(parsed.value);
  const known =
    parsed.value.kind === 'variable-measure' ? ctx.catalog.byItemCode(parsed.value.item.itemCode) : gtin && ctx.catalog.byGtin(gtin);
  return known ? 'product' : null;
}

function byBadge(ctx: TerminalContext, badge: string): StaffMember {
  const member = ctx.staff.byBadge(badge);
  const kind = member ? null : notABadge(ctx, badge);
  if (kind) {
    const what = kind === 'staff-number' ? 'a staff number (sign in with it and the PIN)' : 'a product barcode';
    throw new HostError('auth.not-a-badge', `that is ${what}, not a staff badge`, { kind });
  }
  const state = badgeFailures(recentEntries(ctx), lockoutRules(ctx), ctx.now().getTime());
  checkLockout(state, 'badge', 'by badge on this till');
  if (member?.active) return member;
  if (recordFailure(ctx, 'badge', state)) {
    const minutes = ctx.config().security.lockoutMinutes;
    const message = `too many unknown badges: badge sign-in on this till is locked for ${minutes} minutes (PINs still work)`;
    throw new HostError('auth.locked-out', message, { scope: 'badge' });
  }
  throw new HostError('auth.bad-credentials', 'this badge is not known or not active');
}

/** The staff member a PIN or badge names; a wrong one is logged and counts toward a lockout. */
export function authenticate(ctx: TerminalContext, credentials: Credentials): StaffMember {
  return credentials.method === 'pin' ? byPin(ctx, credentials.staffId, credentials.pin) : byBadge(ctx, credentials.badge);
}

/** Sign-in lockouts in force now: staff number -> end (epoch ms), and badge sign-in's end (0 when open). */
export function signInLockouts(ctx: TerminalContext): { staff: ReadonlyMap<string, number>; badgeUntil: number } {
  const entries = recentEntries(ctx);
  const rules = lockoutRules(ctx);
  const at = ctx.now().getTime();
  return { staff: lockedStaff(entries, rules, at), badgeUntil: badgeFailures(entries, rules, at).lockedUntil };
}
