// The till's Loss prevention screen (issue #14): the cases of loss-scan.ts over this till's own
// ledger for the last few business days, for managers only.
import { requirePermission } from '../auth/authorize.ts';
import type { LedgerEntry } from '../ledger/entry.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import type { LossCaseView } from '../contract/loss-views.ts';
import { DEFAULT_LOSS_RULES, salespersonOf, scanLoss, tierAmount, type LossRules } from './loss-scan.ts';
import { exceptionOf } from './staff-exceptions.ts';
import { entryOf, type EntryBody } from '../ledger/bodies.ts';
import { HostError } from '../contract/errors.ts';
import { explainLoss } from './loss-text.ts';
import { acceptedLast, acceptingReview, finePatterns, type FineReview } from './accepted-patterns.ts';

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

/** A case's key: its rule and every entry, in order. */
const caseKey = (rule: string, refs: ReadonlyArray<{ terminalId: string; seq: number }>) =>
  `${rule}|${refs.map((r) => `${r.terminalId}#${r.seq}`).join(',')}`;

type Review = NonNullable<LossCaseView['review']>;

/** The reviews among `entries`, by case and (the 'fine' ones) by pattern with the review's business day. */
function reviewsOf(entries: readonly LedgerEntry[]) {
  const byCase = new Map<string, Review>();
  const fine: Array<FineReview<Review>> = [];
  for (const entry of entries) {
    const r = entryOf(entry, 'loss-review');
    if (!r) continue;
    const review: Review = { outcome: r.body.outcome, note: r.body.note, by: r.operatorId, at: r.endedAt, seq: r.seq };
    byCase.set(caseKey(r.body.rule, r.body.evidence), review);
    if (r.body.outcome === 'fine')
      fine.push({ rule: r.body.rule, staffIds: r.body.staffIds, memberId: r.body.memberId, day: r.businessDay, review });
  }
  return { byCase, fine: finePatterns(fine) };
}

/** The cases of the last `days` business days with the entries they were found in. */
function scanDays(ctx: TerminalContext, days: number) {
  const to = ctx.day();
  const from = daysBefore(to, days);
  // The days asked for and 28 before them (what the rules compare with: a member's usual basket,
  // the peers' week), read from the first entry of the earliest of those days: a year-old
  // ledger is not walked each time the screen opens. Reviews of those days are read too: an
  // accepted pattern lasts ACCEPTED_PATTERN_DAYS, within the 28 days read before the range.
  const entries = [...ctx.store.entries({ from: firstSeqSince(ctx, daysBefore(from, LOOKBACK_DAYS + 1), to) })];
  const rules = ctx.config().lossRules ?? DEFAULT_LOSS_RULES;
  return { from, to, entries, rules, cases: scanLoss(entries, rules, { from, to }) };
}

export function createLossHandlers(ctx: TerminalContext): HandlersOf<'loss.cases' | 'loss.review'> {
  return {
    async 'loss.cases'(p) {
      requirePermission(ctx, 'loss.review', 'see the loss-prevention cases');
      const { from, to, entries, rules, cases: found } = scanDays(ctx, p.days);
      const terminalId = ctx.config().terminal.terminalId;
      const reviews = reviewsOf(entries);
      const cases = found.map((c): LossCaseView => {
        const mine = c.evidence.filter((e) => e.terminalId === terminalId).map((e) => e.seq);
        const evidence = mine.flatMap((seq) => {
          const entry = ctx.store.entry(seq);
          return entry
            ? [{ seq, kind: entry.kind, at: entry.startedAt, amount: amountOf(entry), operatorId: entry.operatorId ?? null }]
            : [];
        });
        const review = reviews.byCase.get(caseKey(c.rule, c.evidence)) ?? null;
        const accepted = review ? null : acceptingReview(reviews.fine, c);
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
          refs: c.evidence,
          review,
          acceptedBy: accepted,
        };
      });
      // Accepted patterns last: they are shown, but after everything still open.
      acceptedLast(cases);
      return { from, to, cases, charts: lossCharts(entries, rules, from, to) };
    },

    async 'loss.review'(p) {
      requirePermission(ctx, 'loss.review', 'review a loss-prevention case');
      const wanted = caseKey(p.rule, p.refs);
      const found = scanDays(ctx, p.days).cases.find((c) => caseKey(c.rule, c.evidence) === wanted);
      if (!found)
        throw new HostError(
          'loss.case-not-found',
          'the rules no longer find this case (new entries may have changed it): open the screen again',
        );
      const body: EntryBody<'loss-review'> = {
        rule: found.rule,
        evidence: found.evidence,
        staffIds: found.staffIds,
        memberId: found.memberId,
        businessDay: found.businessDay,
        outcome: p.outcome,
        note: p.note,
      };
      return { seq: ctx.store.write((tx) => tx.append(ctx.draft('loss-review', body)).seq) };
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
