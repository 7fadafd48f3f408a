import { describe, expect, it } from 'vitest';
import { drawerShortCases, memberCodeFailureCases, trainingActivityCases } from '../../../../core/loss/cash-trail-rules.ts';
import { DEFAULT_LOSS_RULES, scanLoss } from '../../../../core/loss/loss-scan.ts';
import { explainLoss } from '../../../../core/loss/loss-text.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';
import { entryOf } from '../../../../core/ledger/bodies.ts';
import { lossEntries } from '../../../helpers/loss-entries.ts';

const { entry, sale } = lossEntries();
const sales = (entries: LedgerEntry[]) => entries.flatMap((e) => entryOf(e, 'sale') ?? []);
const rules = DEFAULT_LOSS_RULES;

describe('training sales while the till is trading', () => {
  it('flags training sales rung up between real customers, with the money they took', () => {
    const before = sale('2026-03-02T03:00:00.000Z', 5_000, { staff: 'S002' });
    const t1 = sale('2026-03-02T03:05:00.000Z', 20_000, { staff: 'S001', training: true });
    const after = sale('2026-03-02T03:12:00.000Z', 4_000, { staff: 'S002' });
    const t2 = sale('2026-03-02T03:20:00.000Z', 8_000, { staff: 'S001', training: true });
    const cases = trainingActivityCases(sales([before, t1, after, t2]), [], rules.trainingActivity);
    expect(cases).toEqual([
      expect.objectContaining({
        rule: 'training-activity',
        staffIds: ['S001'],
        seqs: [t1.seq, t2.seq],
        businessDay: '2026-03-02',
        amountAtRisk: 28_000,
      }),
    ]);
    expect(cases[0]!.explanation).toBe(
      'S001 rang up 2 training sales on 2026-03-02 (28000 in all, 2 paid in cash) while the till was trading ' +
        '(its drawer open, or between its first and last real sale give or take 15 minutes): a customer served in training mode pays without a sale on the books.',
    );
  });

  it('leaves training at a quiet till alone: before opening, after closing, or at another till than the real sales', () => {
    const early = [1, 2, 3].map((i) => sale(`2026-03-02T00:0${i}:00.000Z`, 20_000, { training: true }));
    const open = sale('2026-03-02T02:00:00.000Z', 5_000, { staff: 'S002' });
    const close = sale('2026-03-02T12:00:00.000Z', 5_000, { staff: 'S002' });
    const late = [1, 2].map((i) => sale(`2026-03-02T12:3${i}:00.000Z`, 20_000, { training: true }));
    const elsewhere = sale('2026-03-02T02:01:00.000Z', 20_000, { training: true, terminalId: 'T-02' });
    expect(trainingActivityCases(sales([...early, open, close, ...late, elsewhere]), [], rules.trainingActivity)).toEqual([]);
  });

  it('counts the time the drawer is open as trading, even before the first customer', () => {
    const float = count('2026-03-02T01:50:00.000Z', 'S001', 'd1', 'opening-float');
    const first = [1, 2].map((i) => sale(`2026-03-02T01:5${i + 5}:00.000Z`, 3_000, { training: true }));
    const real = sale('2026-03-02T03:00:00.000Z', 5_000, { staff: 'S002' });
    const closing = count('2026-03-02T14:00:00.000Z', 'S001', 'd1', 'closing', 0);
    const after = [1, 2].map((i) => sale(`2026-03-02T14:0${i}:00.000Z`, 3_000, { training: true }));
    const all = sales([...first, real, ...after]);
    expect(trainingActivityCases(all, [], rules.trainingActivity)).toEqual([]);
    expect(trainingActivityCases(all, [float, closing], rules.trainingActivity).map((c) => c.seqs)).toEqual([first.map((e) => e.seq)]);
  });

  it('counts a lull between two real sales as trading', () => {
    const open = sale('2026-03-02T02:00:00.000Z', 5_000, { staff: 'S002' });
    const lull = [1, 2].map((i) => sale(`2026-03-02T05:0${i}:00.000Z`, 3_000, { training: true }));
    const close = sale('2026-03-02T12:00:00.000Z', 5_000, { staff: 'S002' });
    expect(trainingActivityCases(sales([open, ...lull, close]), [], rules.trainingActivity).map((c) => c.seqs)).toEqual([
      lull.map((e) => e.seq),
    ]);
  });

  it('flags a single training sale while trading only when it reaches the amount', () => {
    const real = sale('2026-03-02T03:00:00.000Z', 5_000, { staff: 'S002' });
    const small = sale('2026-03-02T03:01:00.000Z', 9_999, { training: true });
    expect(trainingActivityCases(sales([real, small]), [], rules.trainingActivity)).toEqual([]);
    const big = sale('2026-03-03T03:01:00.000Z', 10_000, { training: true });
    const real2 = sale('2026-03-03T03:10:00.000Z', 5_000, { staff: 'S002' });
    expect(trainingActivityCases(sales([real2, big]), [], rules.trainingActivity).map((c) => c.seqs)).toEqual([[big.seq]]);
  });

  it('is part of the scan, worded in Chinese too', () => {
    const real = sale('2026-03-02T03:00:00.000Z', 5_000, { staff: 'S002' });
    const t = [1, 2].map((i) => sale(`2026-03-02T03:0${i}:00.000Z`, 3_000, { training: true }));
    const [found] = scanLoss([real, ...t]).filter((c) => c.rule === 'training-activity');
    expect(found!.seqs).toEqual(t.map((e) => e.seq));
    expect(explainLoss(found!.reason, 'zh-TW')).toContain('以訓練模式結帳 2 筆');
    expect(explainLoss(found!.reason, 'zh-CN')).toContain('以培训模式结账 2 笔');
  });
});

function count(
  at: string,
  staff: string,
  session: string,
  purpose: 'opening-float' | 'closing' | 'interim',
  overShort?: number,
): LedgerEntry {
  return entry('count', at, staff, {
    drawerSessionId: session,
    currency: 'TWD',
    purpose,
    denominations: [],
    total: 10_000,
    ...(overShort === undefined ? {} : { expected: 10_000 - overShort, overShort }),
  });
}

describe('drawers short again and again', () => {
  it("counts shortages against the drawer's owner, not whoever closed it", () => {
    const days = ['2026-03-02', '2026-03-09', '2026-03-16'];
    const entries = days.flatMap((d, i) => [
      count(`${d}T01:00:00.000Z`, 'S001', `d${i}`, 'opening-float'),
      count(`${d}T12:00:00.000Z`, 'M001', `d${i}`, 'closing', -500),
    ]);
    const cases = drawerShortCases(entries, rules.drawerShort);
    expect(cases).toEqual([
      expect.objectContaining({
        rule: 'drawer-short',
        staffIds: ['S001'],
        seqs: entries.filter((_, i) => i % 2 === 1).map((e) => e.seq),
        businessDay: '2026-03-16',
        amountAtRisk: 1_500,
      }),
    ]);
    expect(cases[0]!.explanation).toBe("S001's drawer came up short 3 times from 2026-03-02 to 2026-03-16, 1500 in all.");
  });

  it('ignores miscounts within the tolerance, overs, and too few shortages', () => {
    const entries = [
      count('2026-03-02T12:00:00.000Z', 'S001', 'a', 'closing', -100),
      count('2026-03-03T12:00:00.000Z', 'S001', 'b', 'closing', 900),
      count('2026-03-04T12:00:00.000Z', 'S001', 'c', 'closing', -2_000),
      count('2026-03-05T12:00:00.000Z', 'S001', 'd', 'interim', -2_000),
    ];
    expect(drawerShortCases(entries, rules.drawerShort)).toEqual([]);
    const third = count('2026-03-06T12:00:00.000Z', 'S001', 'e', 'closing', -101);
    expect(drawerShortCases([...entries, third], rules.drawerShort).map((c) => c.amountAtRisk)).toEqual([4_101]);
  });

  it('keeps shortages a window apart out of one case', () => {
    const spread = ['2026-01-05', '2026-02-09', '2026-03-16'].map((d, i) =>
      count(`${d}T12:00:00.000Z`, 'S001', `s${i}`, 'closing', -5_000),
    );
    expect(drawerShortCases(spread, rules.drawerShort)).toEqual([]);
  });
});

function failed(at: string, staff: string, o: { member?: string; reason?: string } = {}): LedgerEntry {
  return entry('member-verification-failed', at, staff, {
    method: 'app-code',
    reason: o.reason ?? 'invalid',
    ...(o.member ? { memberId: o.member } : {}),
    source: 'screen',
    tillFailures: 1,
    lockedOut: false,
  });
}

describe('member codes failing for one staff member', () => {
  it('flags a day of failed codes naming a VIP, counting the replays', () => {
    const entries = [
      failed('2026-03-02T03:00:00.000Z', 'S001', { member: 'M0007' }),
      failed('2026-03-02T03:01:00.000Z', 'S001', { member: 'M0007', reason: 'replayed' }),
      failed('2026-03-02T03:02:00.000Z', 'S001', { member: 'M0007' }),
      failed('2026-03-02T03:03:00.000Z', 'S002', { member: 'M0007' }),
    ];
    const cases = memberCodeFailureCases(entries, rules.memberCodeFailures);
    expect(cases).toEqual([
      expect.objectContaining({
        rule: 'member-code-failures',
        staffIds: ['S001'],
        memberId: 'M0007',
        seqs: entries.slice(0, 3).map((e) => e.seq),
      }),
    ]);
    expect(cases[0]!.explanation).toBe(
      '3 member codes or card numbers failed for S001 on 2026-03-02 (all naming member M0007), 1 of them codes already used: a member price tried without the member.',
    );
    expect(explainLoss(cases[0]!.reason, 'zh-CN')).toContain('会员 M0007');
  });

  it('leaves two failures alone, and failures on different days', () => {
    const entries = [
      failed('2026-03-02T03:00:00.000Z', 'S001'),
      failed('2026-03-02T04:00:00.000Z', 'S001'),
      failed('2026-03-03T03:00:00.000Z', 'S001'),
    ];
    expect(memberCodeFailureCases(entries, rules.memberCodeFailures)).toEqual([]);
    expect(scanLoss(entries).filter((c) => c.rule === 'member-code-failures')).toEqual([]);
  });
});
