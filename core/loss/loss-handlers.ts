// The till's Loss prevention screen (issue #14): the cases of loss-scan.ts over this till's own
// ledger for the last few business days, for managers only.
import { requirePermission } from '../auth/authorize.ts';
import type { LedgerEntry } from '../ledger/entry.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { LossCaseView } from '../contract/loss-views.ts';
import { DEFAULT_LOSS_RULES, salespersonOf, scanLoss, tierAmount, type LossRules } from './loss-scan.ts';
import { exceptionOf } from './staff-exceptions.ts';
import { entryOf } from '../ledger/bodies.ts';
import { explainLoss } from './loss-text.ts';

/** The business day `days - 1` days before `day` (both YYYY-MM-DD). */
function daysBefore(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) - (days - 1) * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** An entry's total or amount (minor units), when its body has one. */
function amountOf(entry: LedgerEntry): number | null {
  const body = entry.body as { total?: unknown; amount?: unknown };
  const v = typeof body.total === 'number' ? body.total : body.amount;
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

/** Days before the range whose entries the rules read for comparison (as HQ's scan does). */
const LOOKBACK_DAYS = 28;

/** The first seq of the earliest business day from `since` to `to` with entries (business days only move forward with seq). */
function firstSeqSince(ctx: TerminalContext, since: string, to: string): number {
  for (let day = since; day <= to; day = daysBefore(day, 0)) {
    const record = ctx.store.businessDay(day);
    if (record) return record.firstSeq;
  }
  return ctx.store.head().seq + 1;
}

export function createLossHandlers(ctx: TerminalContext): HandlersOf<'loss.cases'> {
  return {
    async 'loss.cases'(p) {
      requirePermission(ctx, 'loss.review', 'see the loss-prevention cases');
      const to = ctx.day();
      const from = daysBefore(to, p.days);
      // The days asked for and 28 before them (what the rules compare with: a member's usual basket,
      // the peers' week), read from the first entry of the earliest of those days: a year-old
      // ledger is not walked each time the screen opens.
      const entries = [...ctx.store.entries({ from: firstSeqSince(ctx, daysBefore(from, LOOKBACK_DAYS + 1), to) })];
      const rules = ctx.config().lossRules ?? DEFAULT_LOSS_RULES;
      const terminalId = ctx.config().terminal.terminalId;
      const cases = scanLoss(entries, rules, { from, to }).map((c): LossCaseView => {
        const mine = c.evidence.filter((e) => e.terminalId === terminalId).map((e) => e.seq);
        const evidence = mine.flatMap((seq) => {
          const entry = ctx.store.entry(seq);
          return entry
            ? [{ seq, kind: entry.kind, at: entry.startedAt, amount: amountOf(entry), operatorId: entry.operatorId ?? null }]
            : [];
        });
        return {
          rule: c.rule,
          score: c.score,
          staffIds: c.staffIds,
          memberId: c.memberId,
          businessDay: c.businessDay,
          amountAtRisk: c.amountAtRisk,
          seqs: c.seqs,
          explanation: explainLoss(c.reason, p.locale),
          reason: { ...c.reason },
          evidence,
        };
      });
      return { from, to, cases, charts: lossCharts(entries, rules, from, to) };
    },
  };
}

/**
 * What the screen charts beside the cases, over the business days `from`..`to`: each cashier's
 * exceptions by kind (as the staff-exceptions rule counts them) and each salesperson's sales with
 * how many were at a member tier price (as the tier-share rule counts them). Training is left out.
 */
export function lossCharts(entries: readonly LedgerEntry[], rules: LossRules, from: string, to: string) {
  const exceptions = new Map<string, number>();
  const tier = new Map<string, { sales: number; atTier: number }>();
  for (const entry of entries) {
    if (entry.businessDay < from || entry.businessDay > to) continue;
    const ex = exceptionOf(entry);
    if (ex?.staffId) {
      const key = `${ex.staffId}\u0000${ex.kind}`;
      exceptions.set(key, (exceptions.get(key) ?? 0) + 1);
    }
    const sale = entryOf(entry, 'sale');
    const staffId = sale && !sale.body.training ? salespersonOf(sale) : null;
    if (!sale || !staffId) continue;
    let t = tier.get(staffId);
    if (!t) tier.set(staffId, (t = { sales: 0, atTier: 0 }));
    t.sales++;
    if (tierAmount(sale, rules.seedPattern.defaultPriceTier) > 0) t.atTier++;
  }
  const byStaff = (a: { staffId: string }, b: { staffId: string }) => (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0);
  return {
    exceptions: [...exceptions]
      .map(([key, count]) => {
        const [staffId, kind] = key.split('\u0000') as [string, string];
        return { staffId, kind, count };
      })
      .sort((a, b) => byStaff(a, b) || (a.kind < b.kind ? -1 : 1)),
    tierSales: [...tier].map(([staffId, t]) => ({ staffId, ...t })).sort(byStaff),
  };
}
