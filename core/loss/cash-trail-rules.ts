// Loss-prevention rules over the till's cash trail (issue #14), in the pure style of
// core/loss/loss-scan.ts: training sales rung up while the till was trading (a real customer's
// cash taken in training mode leaves no sale behind), drawers that keep coming up short for the
// same person, and member codes that keep failing for the same staff member (guessing or replaying
// a VIP's code to get the tier price). Each rule groups by staff member and day or window and
// makes one case per group, with every entry of the group as evidence.
import type { LedgerEntry } from '../ledger/entry.ts';
import { entryOf, type EntryOf } from '../ledger/bodies.ts';
import type { LossCase } from './loss-scan.ts';
import { explained } from './loss-text.ts';

type Sale = EntryOf<'sale'>;

export interface TrainingRules {
  /** Trading: from this many minutes before the till's first real sale of the day to as many after its last. */
  tradingMinutes: number;
  /** This many training sales by one person on one day while the till was trading make a case ... */
  minCount: number;
  /** ... and so does one whose training sales while trading add up to at least this (minor units). */
  minAmount: number;
}

export interface DrawerShortRules {
  /** Length of the window the shortages are counted in (days); shortages this far apart are separate runs. */
  windowDays: number;
  /** A count short by more than this (minor units) is a shortage; less is a miscount. */
  tolerance: number;
  /** This many shortages in a window by one drawer's owner ... */
  minCount: number;
  /** ... adding up to at least this much (minor units) make a case. */
  minTotal: number;
}

export interface MemberCodeFailureRules {
  /** This many failed member codes or card numbers by one staff member on one day make a case. */
  minCount: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const evidenceOf = (entries: readonly LedgerEntry[]) => entries.map(({ terminalId, seq }) => ({ terminalId, seq }));
const seqsAt = (entries: readonly LedgerEntry[], terminalId: string) =>
  entries.filter((e) => e.terminalId === terminalId).map((e) => e.seq);

/**
 * Training sales rung up while the till was trading: while a drawer was open at the till (from
 * its opening-float count to its closing count), or between the till's first and last real sale
 * of the business day give or take `tradingMinutes`. Training at a quiet till before opening or
 * after closing is what training is for; with the drawer open among real customers it is how a
 * customer's cash leaves without a sale. `sales` must be every sale (training and real) of the
 * tills scanned, `counts` their drawer counts.
 */
export function trainingActivityCases(sales: readonly Sale[], counts: readonly LedgerEntry[], rules: TrainingRules): LossCase[] {
  /** Per till and business day: the first and last real sale's times. */
  const hours = new Map<string, { first: number; last: number }>();
  const training: Sale[] = [];
  for (const sale of sales) {
    if (sale.body.training) {
      training.push(sale);
      continue;
    }
    const key = `${sale.terminalId}\u0000${sale.businessDay}`;
    const t = Date.parse(sale.endedAt);
    const h = hours.get(key);
    if (!h) hours.set(key, { first: t, last: t });
    else if (t < h.first) h.first = t;
    else if (t > h.last) h.last = t;
  }
  if (!training.length) return [];
  const drawers = openDrawers(counts);
  const window = rules.tradingMinutes * MINUTE_MS;
  const trading = (sale: Sale): boolean => {
    const t = Date.parse(sale.endedAt);
    const h = hours.get(`${sale.terminalId}\u0000${sale.businessDay}`);
    if (h !== undefined && t >= h.first - window && t <= h.last + window) return true;
    return (drawers.get(sale.terminalId) ?? []).some((d) => t >= d.from && t <= d.to);
  };
  const groups = new Map<string, Sale[]>();
  for (const sale of training) {
    if (sale.operatorId && trading(sale)) push(groups, `${sale.businessDay}\u0000${sale.operatorId}`, sale);
  }
  const cases: LossCase[] = [];
  for (const group of groups.values()) {
    const total = group.reduce((sum, s) => sum + Math.max(0, s.body.total), 0);
    if (group.length < rules.minCount && total < rules.minAmount) continue;
    const first = group[0]!;
    const staffId = first.operatorId!;
    const cash = group.filter((s) => s.body.tenders.some((t) => t.type === 'cash')).length;
    cases.push({
      rule: 'training-activity',
      score: Math.min(100, 40 + 10 * group.length + (cash === group.length ? 10 : 0)),
      staffIds: [staffId],
      memberId: null,
      terminalId: first.terminalId,
      seqs: seqsAt(group, first.terminalId),
      evidence: evidenceOf(group),
      businessDay: first.businessDay,
      amountAtRisk: total,
      ...explained({
        rule: 'training-activity',
        staffId,
        day: first.businessDay,
        count: group.length,
        cash,
        total,
        minutes: rules.tradingMinutes,
      }),
    });
  }
  return cases;
}

/** Per till: the times its drawers were open, from the opening-float count to the closing count (a day at most). */
function openDrawers(counts: readonly LedgerEntry[]): Map<string, Array<{ from: number; to: number }>> {
  const open = new Map<string, { terminalId: string; from: number; to: number }>();
  for (const entry of counts) {
    const count = entryOf(entry, 'count');
    if (!count) continue;
    const t = Date.parse(count.endedAt);
    if (count.body.purpose === 'opening-float')
      open.set(count.body.drawerSessionId, { terminalId: count.terminalId, from: t, to: t + DAY_MS });
    else if (count.body.purpose === 'closing') {
      const session = open.get(count.body.drawerSessionId);
      if (session) session.to = t;
    }
  }
  const byTill = new Map<string, Array<{ from: number; to: number }>>();
  for (const { terminalId, from, to } of open.values()) push(byTill, terminalId, { from, to });
  return byTill;
}

/**
 * Drawers that come up short for the same person: closing and interim counts short by more than
 * `tolerance`, against the owner of the drawer session (who counted its opening float; the
 * counting operator when the opening is not among `entries`). One short drawer is a miscount; the
 * same person short again and again is a pattern: a case when some `windowDays` days hold
 * `minCount` shortages adding up to `minTotal`. Shortages less than `windowDays` apart form one
 * run, reported as one case with every shortage of the run.
 */
export function drawerShortCases(entries: readonly LedgerEntry[], rules: DrawerShortRules): LossCase[] {
  const owners = new Map<string, string>();
  const shortages: Array<EntryOf<'count'>> = [];
  for (const entry of entries) {
    const count = entryOf(entry, 'count');
    if (!count) continue;
    if (count.body.purpose === 'opening-float') {
      if (count.operatorId) owners.set(count.body.drawerSessionId, count.operatorId);
    } else if ((count.body.overShort ?? 0) < -rules.tolerance) shortages.push(count);
  }
  const byOwner = new Map<string, Array<EntryOf<'count'>>>();
  for (const count of shortages) {
    const owner = owners.get(count.body.drawerSessionId) ?? count.operatorId;
    if (owner) push(byOwner, owner, count);
  }
  const short = (c: EntryOf<'count'>) => -(c.body.overShort ?? 0);
  const dayMs = (c: EntryOf<'count'>) => Date.parse(`${c.businessDay}T00:00:00Z`);
  const span = rules.windowDays * DAY_MS;
  const cases: LossCase[] = [];
  for (const [staffId, list] of byOwner) {
    list.sort((a, b) => (a.endedAt < b.endedAt ? -1 : a.endedAt > b.endedAt ? 1 : 0));
    let run: Array<EntryOf<'count'>> = [];
    const flush = () => {
      if (run.length >= rules.minCount && windowReached(run)) cases.push(drawerCase(staffId, run));
      run = [];
    };
    const windowReached = (counts: ReadonlyArray<EntryOf<'count'>>): boolean => {
      // Some `windowDays` days of the run hold enough shortages adding up to enough.
      let from = 0;
      let total = 0;
      for (let to = 0; to < counts.length; to++) {
        total += short(counts[to]!);
        while (dayMs(counts[to]!) - dayMs(counts[from]!) >= span) total -= short(counts[from++]!);
        if (to - from + 1 >= rules.minCount && total >= rules.minTotal) return true;
      }
      return false;
    };
    for (const count of list) {
      const last = run[run.length - 1];
      if (last && dayMs(count) - dayMs(last) >= span) flush();
      run.push(count);
    }
    flush();
  }
  return cases;
}

function drawerCase(staffId: string, run: ReadonlyArray<EntryOf<'count'>>): LossCase {
  const total = run.reduce((sum, c) => sum - (c.body.overShort ?? 0), 0);
  const last = run[run.length - 1]!;
  return {
    rule: 'drawer-short',
    score: Math.min(100, 30 + 10 * run.length),
    staffIds: [staffId],
    memberId: null,
    terminalId: last.terminalId,
    seqs: seqsAt(run, last.terminalId),
    evidence: evidenceOf(run),
    businessDay: last.businessDay,
    amountAtRisk: total,
    ...explained({ rule: 'drawer-short', staffId, count: run.length, total, from: run[0]!.businessDay, to: last.businessDay }),
  };
}

/**
 * Member codes and card numbers that keep failing for one staff member on one day: someone
 * trying to get a member's price without the member (a guessed code, a screenshot replayed, a
 * card number typed from memory). The member most often named is the case's member.
 */
export function memberCodeFailureCases(entries: readonly LedgerEntry[], rules: MemberCodeFailureRules): LossCase[] {
  const groups = new Map<string, Array<EntryOf<'member-verification-failed'>>>();
  for (const entry of entries) {
    const failed = entryOf(entry, 'member-verification-failed');
    if (failed?.operatorId) push(groups, `${failed.businessDay}\u0000${failed.operatorId}`, failed);
  }
  const cases: LossCase[] = [];
  for (const group of groups.values()) {
    if (group.length < rules.minCount) continue;
    const first = group[0]!;
    const staffId = first.operatorId!;
    const named = new Map<string, number>();
    for (const f of group) if (f.body.memberId) named.set(f.body.memberId, (named.get(f.body.memberId) ?? 0) + 1);
    const memberId = [...named].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
    const replayed = group.filter((f) => f.body.reason === 'replayed').length;
    cases.push({
      rule: 'member-code-failures',
      score: Math.min(100, 30 + 10 * group.length + 10 * replayed),
      staffIds: [staffId],
      memberId,
      terminalId: first.terminalId,
      seqs: seqsAt(group, first.terminalId),
      evidence: evidenceOf(group),
      businessDay: first.businessDay,
      amountAtRisk: 0,
      ...explained({
        rule: 'member-code-failures',
        staffId,
        day: first.businessDay,
        count: group.length,
        replayed,
        memberId,
        members: named.size,
      }),
    });
  }
  return cases;
}
