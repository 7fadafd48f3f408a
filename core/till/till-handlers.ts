// Drawer methods: the till's state, opening a drawer session with a counted float, cash in and
// out, the blind closing count with its co-sign, and opening the drawer without a sale.
import { HostError } from '../contract/errors.ts';
import type { Params, Result } from '../contract/methods.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import { approvalRef, authorize, authorizeSecondPerson, requirePermission, writeApproved } from '../auth/authorize.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { countTotal, type DenominationCount } from './denominations.ts';
import { expectedCash } from './drawer-session.ts';
import { cardBatchStatus } from './card-batch-handlers.ts';
import { openCashDrawer, openDrawerSession, refuseInTraining } from './cash-drawer.ts';

export type TillMethod = 'till.status' | 'till.openDrawer' | 'till.cashMovement' | 'till.closeDrawer' | 'till.cosign' | 'drawer.noSale';

/** The total of a count; refuses notes and coins the store does not use. */
function checkCounts(ctx: TerminalContext, counts: DenominationCount[]): number {
  const { total, unknown } = countTotal(counts, ctx.denominations());
  if (unknown.length) throw new HostError('till.bad-count', `this store does not use ${unknown.join(', ')} as a note or coin`, { unknown });
  return total;
}

/** Closed drawers of the days not yet closed whose over/short is beyond the limit and not co-signed. */
function awaitingCosign(ctx: TerminalContext): Array<{ sessionId: string; overShort: number }> {
  const { store } = ctx;
  const threshold = ctx.config().till.overShortThreshold;
  return store
    .unsealedDays()
    .flatMap((d) => store.drawerSessions({ businessDay: d.businessDay, open: false }))
    .flatMap(({ sessionId, overShort, cosignSeq }) => {
      const beyond = overShort !== null && Math.abs(overShort) > threshold && cosignSeq === null;
      return beyond ? { sessionId, overShort } : [];
    });
}

/** Cash put in, paid out or taken to the safe: approved, logged against the open drawer session. */
async function cashMovement(ctx: TerminalContext, p: Params<'till.cashMovement'>): Promise<Result<'till.cashMovement'>> {
  ctx.requireOperator();
  refuseInTraining(ctx, 'move cash in or out of the drawer');
  const session = openDrawerSession(ctx);
  if (!session) throw new HostError('till.no-session', 'open the drawer with a counted float first');
  const what = p.kind === 'cash-in' ? 'put cash into the drawer' : p.kind === 'pickup' ? 'take a pickup to the safe' : 'pay out cash';
  const permission = p.kind === 'cash-in' ? 'drawer.cash-in' : 'drawer.cash-out';
  const approval = authorize(ctx, permission, what, { approval: p.approval, subject: { kind: p.kind, amount: p.amount } });
  const { currency } = ctx.config().store;
  writeApproved(ctx, approval, (approvalSeq) => {
    const common = { amount: p.amount, currency, reason: p.reason, drawerSessionId: session.sessionId, ...approvalRef(approvalSeq) };
    return [p.kind === 'cash-in' ? ctx.draft('cash-in', common) : ctx.draft('cash-out', { ...common, purpose: p.kind })];
  });
  await openCashDrawer(ctx);
  return { ok: true };
}

/**
 * A new drawer session with its counted float. The first of the day kicks the drawer as the float
 * goes in; one after a closing count the Z has not sealed yet is a drawer opened again without a
 * sale (close, then open, was a way to the cash): it is a no-sale, with its permission and its entry.
 */
async function openFloat(ctx: TerminalContext, p: Params<'till.openDrawer'>): Promise<Result<'till.openDrawer'>> {
  requirePermission(ctx, 'sale.sell', 'open a drawer');
  refuseInTraining(ctx, 'open a drawer session');
  const { store } = ctx;
  const open = openDrawerSession(ctx);
  if (open)
    throw new HostError('till.session-open', 'this drawer is already open: count and close it first', { sessionId: open.sessionId });
  const total = checkCounts(ctx, p.counts);
  const reopening = store.unsealedDays().some((d) => store.drawerSessions({ businessDay: d.businessDay, open: false }).length > 0);
  const reason = p.reason ?? 'a new float after a closing count';
  const approval = reopening
    ? authorize(ctx, 'drawer.no-sale', 'open the drawer again after its closing count', { approval: p.approval, subject: { reason } })
    : null;
  const sessionId = ctx.newId();
  const { currency } = ctx.config().store;
  const count: EntryBody<'count'> = { drawerSessionId: sessionId, currency, purpose: 'opening-float', denominations: p.counts, total };
  writeApproved(ctx, approval, (approvalSeq) => [
    ctx.draft('count', count),
    ...(reopening ? [ctx.draft('no-sale', { reason, ...approvalRef(approvalSeq), drawerSessionId: sessionId })] : []),
  ]);
  await openCashDrawer(ctx);
  return { sessionId, float: total };
}

/** The blind closing count: recorded before anyone sees what was expected. */
function closeDrawer(ctx: TerminalContext, p: Params<'till.closeDrawer'>) {
  ctx.requireOperator();
  ctx.requireNoSale();
  const session = openDrawerSession(ctx);
  if (!session) throw new HostError('till.no-session', 'there is no open drawer to count');
  const counted = checkCounts(ctx, p.counts);
  const expected = expectedCash(session);
  const overShort = counted - expected;
  const count: EntryBody<'count'> = {
    drawerSessionId: session.sessionId,
    currency: ctx.config().store.currency,
    purpose: 'closing',
    denominations: p.counts,
    total: counted,
    expected,
    overShort,
  };
  ctx.store.write((tx) => tx.append(ctx.draft('count', count)));
  return {
    sessionId: session.sessionId,
    counted,
    expected,
    overShort,
    needsCosign: Math.abs(overShort) > ctx.config().till.overShortThreshold,
  };
}

export function createTillHandlers(ctx: TerminalContext): HandlersOf<TillMethod> {
  const { store } = ctx;
  return {
    async 'till.status'() {
      ctx.requireOperator();
      const session = openDrawerSession(ctx);
      return {
        session: session
          ? { sessionId: session.sessionId, operatorId: session.operatorId, float: session.float, openedSeq: session.openedSeq }
          : null,
        denominations: ctx.denominations(),
        businessDay: ctx.day(),
        unsealedDays: store.unsealedDays().map((d) => d.businessDay),
        awaitingCosign: awaitingCosign(ctx),
        cardBatch: cardBatchStatus(ctx),
      };
    },

    'till.openDrawer': (p) => openFloat(ctx, p),

    'till.cashMovement': (p) => cashMovement(ctx, p),

    'till.closeDrawer': async (p) => closeDrawer(ctx, p),

    async 'till.cosign'(p) {
      ctx.requireOperator();
      const session = store.drawerSessions({}).find((x) => x.sessionId === p.sessionId);
      if (!session || session.closedSeq === null) throw new HostError('till.no-session', 'that drawer has not been counted yet');
      if (session.cosignSeq !== null) return { ok: true };
      const subject = { drawerSessionId: session.sessionId, overShort: session.overShort ?? 0 };
      const approval = authorizeSecondPerson(ctx, 'till.cosign', {
        approval: p.approval,
        notStaffId: session.operatorId,
        subject,
        reason: p.reason,
      });
      store.write((tx) => tx.append(approval));
      return { ok: true };
    },

    async 'drawer.noSale'(p) {
      ctx.requireOperator();
      ctx.requireNoSale('the drawer opens with the sale; finish or cancel it first');
      refuseInTraining(ctx, 'open the drawer');
      const approval = authorize(ctx, 'drawer.no-sale', 'open the drawer without a sale', {
        approval: p.approval,
        subject: { reason: p.reason },
      });
      const session = openDrawerSession(ctx);
      writeApproved(ctx, approval, (approvalSeq) => [
        ctx.draft('no-sale', { reason: p.reason, ...approvalRef(approvalSeq), ...(session ? { drawerSessionId: session.sessionId } : {}) }),
      ]);
      await openCashDrawer(ctx);
      return { ok: true };
    },
  };
}
