// The cash drawer as every domain meets it: the drawer session cash goes into or comes out of,
// and opening the physical drawer (a drawer that does not open is logged, never a failed sale).
import type { DrawerOutcome } from '../ports/cash-drawer.ts';
import type { DrawerSessionRecord } from './till-records.ts';
import { HostError } from '../contract/errors.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';

/** The drawer session open now, if any. */
export function openDrawerSession(ctx: TerminalContext): DrawerSessionRecord | undefined {
  return ctx.store.drawerSessions({ open: true })[0];
}

/** The open drawer session for cash taken or paid out; none is fine only where the store does not require one. */
export function requireCashSession(ctx: TerminalContext, what: string): DrawerSessionRecord | undefined {
  const session = openDrawerSession(ctx);
  if (!session && ctx.config().till.requireSession)
    throw new HostError('till.no-session', `open the drawer with a counted float before ${what}`);
  return session;
}

/** Training mode never touches real cash: no drawer kick, no drawer session, no cash movement. */
export function refuseInTraining(ctx: TerminalContext, what: string): void {
  if (ctx.session.training)
    throw new HostError('training.not-real', `training mode cannot ${what}: sign in without training for real cash`);
}

/** Opens the cash drawer; a drawer that does not open is logged as a device fault. */
export async function openCashDrawer(ctx: TerminalContext): Promise<void> {
  const { drawer } = ctx;
  let outcome: DrawerOutcome;
  try {
    outcome = await drawer.open();
  } catch (e) {
    outcome = { ok: false, reason: 'error', detail: e instanceof Error ? e.message : String(e) };
  }
  if (!outcome.ok) {
    const fault = { device: `drawer:${drawer.id}`, code: outcome.reason, message: outcome.detail ?? 'the drawer did not open' };
    ctx.store.write((tx) => tx.append(ctx.draft('device-fault', fault)));
  }
}
