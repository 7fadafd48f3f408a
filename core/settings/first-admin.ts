// First start of a till without HQ: an empty staff list and no way to sign in. The sign-in screen
// offers to create the first administrator; the host decides whether that is still allowed (the
// screens are untrusted), so once anyone exists, or where HQ keeps the staff list, it is refused.
import type { EntryBody } from '../ledger/bodies.ts';
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { staffEditSummary } from './staff-rules.ts';

/** Who the first-start entry names as having made the change: nobody is signed in yet. */
export const FIRST_START_BY = 'first-start';

/** True while this till keeps its own staff and has none: the sign-in screen offers the first administrator. */
export function isFirstStart(ctx: TerminalContext): boolean {
  const roster = ctx.roster;
  return roster !== undefined && roster.managedBy === 'local' && roster.list().length === 0;
}

/** Creates the first administrator with its config-change entry, in one ledger transaction. */
export function createFirstAdmin(ctx: TerminalContext, p: Params<'staff.createFirstAdmin'>): void {
  const roster = ctx.roster;
  if (!roster || roster.managedBy !== 'local') {
    throw new HostError('staff.first-start-over', 'staff on this till come from HQ: sign in with a staff number HQ gave you');
  }
  // Checked and written with no await between: two screens racing to create the first administrator cannot both win.
  if (roster.list().length > 0) {
    throw new HostError('staff.first-start-over', 'this till already has staff: sign in, and add staff in Settings');
  }
  ctx.store.write((tx) => {
    const saved = roster.save({ staffId: p.staffId, name: p.name, role: 'admin', active: true, pin: p.pin });
    const summary = staffEditSummary({ kind: 'add', staffId: p.staffId, role: 'admin' }, FIRST_START_BY);
    const body: EntryBody<'config-change'> = { section: 'staff', version: `local-${saved.version}`, summary, digest: saved.digest };
    tx.append(ctx.draft('config-change', body));
  });
}
