// Report methods: the X report (recorded, not sealed), the Z report that seals a business day,
// and the period roll-up of sealed Zs.
import { HostError } from '../contract/errors.ts';
import { entryOf, type EntryBody } from '../ledger/bodies.ts';
import { authorize, requirePermission } from '../auth/authorize.ts';
import { printOutcome } from '../receipts/print-outcome.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { zTotals } from './z-report.ts';
import { requireCardBatchSettled } from './card-batch-handlers.ts';
import { periodReport } from './period-report.ts';
import { previousPerpetual, xReportView, zReportView } from './report-view.ts';
import { heldSales } from '../sales/park-handlers.ts';

export type ReportMethod = 'report.x' | 'report.printX' | 'report.z' | 'report.period';

const shortIds = (sessions: ReadonlyArray<{ sessionId: string }>) => sessions.map((d) => d.sessionId.slice(0, 8)).join(', ');

/** The business day a Z closes (the oldest open one unless named), once everything in it is settled. */
function dayToClose(ctx: TerminalContext, businessDay: string | undefined): string {
  const { store } = ctx;
  const target = businessDay ?? store.unsealedDays()[0]?.businessDay;
  if (!target || !store.businessDay(target) || store.isDaySealed(target)) {
    throw new HostError('report.nothing-to-close', target ? `${target} has nothing to close` : 'every business day is already closed');
  }
  const older = store.unsealedDays().find((d) => d.businessDay < target);
  if (older)
    throw new HostError('till.not-ready', `close ${older.businessDay} first: Z reports go in order`, { businessDay: older.businessDay });
  const drawers = store.drawerSessions({ businessDay: target });
  const stillOpen = drawers.filter((d) => d.closedSeq === null);
  if (stillOpen.length) {
    throw new HostError('till.session-open', `count and close the drawer first (${shortIds(stillOpen)})`, {
      sessions: stillOpen.map((d) => d.sessionId),
    });
  }
  requireCardBatchSettled(ctx, target);
  // A held sale is a customer's goods still waiting: the day closes once each is completed or cancelled (issue #15).
  const held = heldSales(ctx);
  if (held.length) {
    const which = held.map((h) => `${h.label ?? h.saleId} (${h.lines} lines, ${h.total})`).join(', ');
    throw new HostError('till.sales-held', `recall and complete or cancel the sales on hold first: ${which}`, {
      held: held.map((h) => ({ saleId: h.saleId, label: h.label ?? null, lines: h.lines, total: h.total, parkedBy: h.parkedBy })),
    });
  }
  const threshold = ctx.config().till.overShortThreshold;
  const uncosigned = drawers.filter((d) => d.overShort !== null && Math.abs(d.overShort) > threshold && d.cosignSeq === null);
  if (uncosigned.length) {
    throw new HostError('till.not-ready', `a manager must co-sign the over/short of ${shortIds(uncosigned)}`, {
      sessions: uncosigned.map((d) => d.sessionId),
    });
  }
  return target;
}

export function createReportHandlers(ctx: TerminalContext): HandlersOf<ReportMethod> {
  const { store } = ctx;
  const staffName = (staffId: string) => ctx.staff.byId(staffId)?.name;
  /** The X of a day, recorded (not sealed): who looked at the day's figures, and when. */
  const takeX = (businessDay: string) => {
    // The sales on hold now (training ones are not counted): the X shows them, a Z refuses while any is held.
    const real = heldSales(ctx).filter((h) => !h.training);
    const held = { count: real.length, amount: real.reduce((sum, h) => sum + h.total, 0) };
    const view = xReportView(store, ctx.config(), ctx.minorDigits, businessDay, staffName, held);
    const totals = { net: view.grand.period, sales: view.keys.sales?.amount ?? 0 };
    store.write((tx) => tx.append(ctx.draft('x-report', { businessDay, lastSeq: store.head().seq, totals })));
    return view;
  };
  return {
    async 'report.x'() {
      requirePermission(ctx, 'report.x', 'read the X report');
      const businessDay = ctx.day();
      return takeX(businessDay);
    },

    async 'report.printX'() {
      requirePermission(ctx, 'report.x', 'print the X report');
      const view = takeX(ctx.day());
      const outcome = await printOutcome(ctx.printer, view.document);
      if (outcome.ok) return { printed: true };
      const fault = {
        device: `printer:${ctx.printer.id}`,
        code: outcome.reason,
        message: `X report for ${view.businessDay} did not print`,
      };
      store.write((tx) => tx.append(ctx.draft('device-fault', fault)));
      return { printed: false, reason: outcome.reason };
    },

    async 'report.z'(p) {
      const operator = ctx.requireOperator();
      const subject = { businessDay: p.businessDay ?? null };
      const approval = authorize(ctx, 'report.z', 'close the business day (Z report)', { approval: p.approval, subject });
      ctx.requireNoSale();
      ctx.requireNoObligation('before closing');
      const target = dayToClose(ctx, p.businessDay);
      const config = ctx.config();
      const perpetualBefore = previousPerpetual(store);
      const zNo = (entryOf(store.lastZReport(), 'z-report')?.body.zNo ?? 0) + 1;
      const at = ctx.now().toISOString();
      const body = store.write((tx) => {
        if (approval) tx.append({ ...approval, businessDay: target });
        // Read after the approval so the Z covers every entry of the day, itself excepted.
        const record = store.businessDay(target)!;
        const totals = zTotals(
          config.store.currency,
          store.dayTotals(target),
          store.drawerSessions({ businessDay: target }),
          perpetualBefore,
        );
        const last = store.entry(record.lastSeq)!;
        const zBody: EntryBody<'z-report'> = {
          zNo,
          businessDay: target,
          firstSeq: record.firstSeq,
          lastSeq: record.lastSeq,
          lastHash: last.hash,
          totals,
        };
        tx.append({ kind: 'z-report', businessDay: target, startedAt: at, endedAt: at, operatorId: operator.staffId, body: zBody });
        return zBody;
      });
      const view = zReportView(store, config, ctx.minorDigits, body, null, staffName);
      const outcome = await printOutcome(ctx.printer, view.document);
      if (!outcome.ok) {
        const fault = { device: `printer:${ctx.printer.id}`, code: outcome.reason, message: `Z ${zNo} did not print` };
        store.write((tx) => tx.append(ctx.draft('device-fault', fault)));
      }
      return { ...view, printed: outcome.ok };
    },

    async 'report.period'(p) {
      requirePermission(ctx, 'report.z', 'read period reports');
      // The same roll-up as `tillproof report period`.
      const report = periodReport(store.zReports(p.from, p.to), p.from, p.to, ctx.config().store.currency);
      const staffNames: Record<string, string> = {};
      for (const key of Object.keys(report.keys)) {
        const id = key.startsWith('cashier:') ? key.slice('cashier:'.length) : null;
        const name = id === null ? undefined : staffName(id);
        if (id !== null && name) staffNames[id] = name;
      }
      return { ...report, staffNames };
    },
  };
}
