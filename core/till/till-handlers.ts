// Drawer methods: the till's state, opening a drawer session with a counted float, cash in and
// out, the blind closing count with its co-sign, and opening the drawer without a sale.
import { HostError } from '../contract/errors.ts';
import { authorize, authorizeSecondPerson, requirePermission, writeApproved } from '../auth/authorize.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { countTotal, type DenominationCount } from './denominations.ts';
import { expectedCash } from './drawer-session.ts';
import { openCashDrawer, openDrawerSession } from './cash-drawer.ts';

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
    .flatMap((x) => (x.overShort !== null && Math.abs(x.overShort) > threshold && x.cosignSeq === null ? [{ sessionId: x.sessionId, overShort: x.overShort }] : []));
}

export function createTillHandlers(ctx: TerminalContext): HandlersOf<TillMethod> {
  const { store } = ctx;
  const currency = () => ctx.config().store.currency;
  return {
    async 'till.status'() {
      ctx.requireOperator();
      const session = openDrawerSession(ctx);
      return {
        session: session ? { sessionId: session.sessionId, operatorId: session.operatorId, float: session.float, openedSeq: session.openedSeq } : null,
        denominations: ctx.denominations(),
        businessDay: ctx.day(),
        unsealedDays: store.unsealedDays().map((d) => d.businessDay),
        awaitingCosign: awaitingCosign(ctx),
      };
    },

    async 'till.openDrawer'(p) {
      requirePermission(ctx, 'sale.sell', 'open a drawer');
      const open = openDrawerSession(ctx);
      if (open) throw new HostError('till.session-open', 'this drawer is already open: count and close it first', { sessionId: open.sessionId });
      const total = checkCounts(ctx, p.counts);
      const sessionId = ctx.newId();
      store.write((tx) => tx.append(ctx.draft('count', { drawerSessionId: sessionId, currency: currency(), purpose: 'opening-float', denominations: p.counts, total })));
      await openCashDrawer(ctx);
      return { sessionId, float: total };
    },

    async 'till.cashMovement'(p) {
      ctx.requireOperator();
      const session = openDrawerSession(ctx);
      if (!session) throw new HostError('till.no-session', 'open the drawer with a counted float first');
      const what = p.kind === 'cash-in' ? 'put cash into the drawer' : p.kind === 'pickup' ? 'take a pickup to the safe' : 'pay out cash';
      const approval = authorize(ctx, p.kind === 'cash-in' ? 'drawer.cash-in' : 'drawer.cash-out', what, { approval: p.approval, subject: { kind: p.kind, amount: p.amount } });
      writeApproved(ctx, approval, (approvalSeq) => {
        const common = { amount: p.amount, currency: currency(), reason: p.reason, drawerSessionId: session.sessionId, ...(approvalSeq ? { approvalSeq } : {}) };
        return [p.kind === 'cash-in' ? ctx.draft('cash-in', common) : ctx.draft('cash-out', { ...common, purpose: p.kind })];
      });
      await openCashDrawer(ctx);
      return { ok: true };
    },

    async 'till.closeDrawer'(p) {
      ctx.requireOperator();
      ctx.requireNoSale();
      const session = openDrawerSession(ctx);
      if (!session) throw new HostError('till.no-session', 'there is no open drawer to count');
      const counted = checkCounts(ctx, p.counts);
      // Blind count: the count is recorded before anyone sees what was expected.
      const expected = expectedCash(session);
      const overShort = counted - expected;
      const body = { drawerSessionId: session.sessionId, currency: currency(), purpose: 'closing', denominations: p.counts, total: counted, expected, overShort } as const;
      store.write((tx) => tx.append(ctx.draft('count', body)));
      return { sessionId: session.sessionId, counted, expected, overShort, needsCosign: Math.abs(overShort) > ctx.config().till.overShortThreshold };
    },

    async 'till.cosign'(p) {
      ctx.requireOperator();
      const session = store.drawerSessions({}).find((x) => x.sessionId === p.sessionId);
      if (!session || session.closedSeq === null) throw new HostError('till.no-session', 'that drawer has not been counted yet');
      if (session.cosignSeq !== null) return { ok: true };
      const subject = { drawerSessionId: session.sessionId, overShort: session.overShort ?? 0 };
      const approval = authorizeSecondPerson(ctx, 'till.cosign', { approval: p.approval, notStaffId: session.operatorId, subject, reason: p.reason });
      store.write((tx) => tx.append(approval));
      return { ok: true };
    },

    async 'drawer.noSale'(p) {
      ctx.requireOperator();
      ctx.requireNoSale('the drawer opens with the sale; finish or cancel it first');
      const approval = authorize(ctx, 'drawer.no-sale', 'open the drawer without a sale', { approval: p.approval, subject: { reason: p.reason } });
      const session = openDrawerSession(ctx);
      writeApproved(ctx, approval, (approvalSeq) => [
        ctx.draft('no-sale', { reason: p.reason, ...(approvalSeq ? { approvalSeq } : {}), ...(session ? { drawerSessionId: session.sessionId } : {}) }),
      ]);
      await openCashDrawer(ctx);
      return { ok: true };
    },
  };
}
