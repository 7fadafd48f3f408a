import { describe, expect, it } from 'vitest';
import { fraudStoreYear, scoreCases } from '../../../host/fraud-store-year.ts';
import { LOSS_RULES, LOSS_SCAN_KINDS, scanLoss } from '../../../core/loss/loss-scan.ts';
import { entryBodies, isEntryKind } from '../../../core/ledger/bodies.ts';

// Half a year of a busy counter (26 weeks, 30,000 sales): enough weeks for every rule's baseline,
// small enough for a unit test. The docs' figures come from `tillproof loss evaluate` on a full year.
const OPTIONS = { seed: 7, sales: 30_000, days: 182 };
const year = fraudStoreYear(OPTIONS);

describe('a generated store-year with injected fraud', () => {
  it('writes entries in the ledger format, in seq and time order per till', { timeout: 120_000 }, () => {
    const last = new Map<string, { seq: number; at: string }>();
    const problems: string[] = [];
    for (const e of year.entries) {
      const where = `${e.kind} at ${e.terminalId} seq ${e.seq}`;
      if (!isEntryKind(e.kind)) problems.push(`${where}: unknown kind`);
      else {
        const parsed = entryBodies[e.kind].safeParse(e.body);
        if (!parsed.success) problems.push(`${where}: ${parsed.error.message}`);
      }
      const prev = last.get(e.terminalId);
      if (prev && (e.seq !== prev.seq + 1 || e.endedAt < prev.at)) problems.push(`${where}: out of order`);
      last.set(e.terminalId, { seq: e.seq, at: e.endedAt });
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(year.sales).toBeGreaterThanOrEqual(30_000);
    expect([...last.keys()].sort()).toEqual(['T-01', 'T-02']);
  });

  it('is the same year for the same seed, and another for another seed', { timeout: 60_000 }, () => {
    const again = fraudStoreYear({ ...OPTIONS, sales: 3_000, days: 28 });
    const same = fraudStoreYear({ ...OPTIONS, sales: 3_000, days: 28 });
    const other = fraudStoreYear({ ...OPTIONS, seed: 8, sales: 3_000, days: 28 });
    expect(JSON.stringify(same)).toBe(JSON.stringify(again));
    expect(JSON.stringify(other.entries.slice(0, 50))).not.toBe(JSON.stringify(again.entries.slice(0, 50)));
  });

  it('injects the seed pattern eight times and every other rule at least twice, each named by its entries', () => {
    const per = (rule: string) => year.injected.filter((f) => f.rule === rule).length;
    expect(per('seed-pattern')).toBe(8);
    for (const rule of ['refund-other-tender', 'quick-refund', 'declined-receipts', 'no-sale-rate', 'tier-share', 'serial-anomaly'])
      expect(per(rule), rule).toBeGreaterThanOrEqual(2);
    for (const f of year.injected) expect(f.evidence.length, f.what).toBeGreaterThan(0);
    // Once by a salesperson from another store, as in the case the rule is named after.
    expect(year.injected.filter((f) => f.rule === 'seed-pattern' && f.staffId === 'S901')).toHaveLength(1);
  });

  it('every injected fraud is found by its rule, with at most one false alarm per store-week over all rules', { timeout: 120_000 }, () => {
    const scores = scoreCases(scanLoss(year.entries), year, LOSS_RULES);
    for (const s of scores) expect(s.found, s.rule).toBe(s.injected);
    const falseAlarms = scores.reduce((n, s) => n + s.falseAlarms, 0);
    expect(falseAlarms / year.weeks).toBeLessThanOrEqual(1);
  });

  it('counts a case as a false alarm when it shares no entry with an injected fraud', { timeout: 60_000 }, () => {
    const honest = fraudStoreYear({ ...OPTIONS, sales: 5_000, days: 56, inject: false });
    expect(honest.injected).toEqual([]);
    const cases = scanLoss(honest.entries);
    const scores = scoreCases(cases, honest, LOSS_RULES);
    expect(scores.reduce((n, s) => n + s.falseAlarms, 0)).toBe(cases.length);
    expect(scores.every((s) => s.found === 0 && s.injected === 0)).toBe(true);
  });

  it('finds the same cases from only the kinds the rules read (what HQ reads from PostgreSQL)', () => {
    const kinds = new Set<string>(LOSS_SCAN_KINDS);
    const some = fraudStoreYear({ ...OPTIONS, sales: 4_000, days: 56 }).entries;
    const all = scanLoss(some);
    expect(all.length).toBeGreaterThan(0);
    expect(scanLoss(some.filter((e) => kinds.has(e.kind)))).toEqual(all);
  });
});
