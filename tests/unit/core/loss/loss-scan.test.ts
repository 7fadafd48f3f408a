import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOSS_RULES,
  memberVelocityCases,
  parseLossRules,
  salespersonOf,
  scanLoss,
  seedPatternCases,
} from '../../../../core/loss/loss-scan.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';
import { entryOf, type EntryOf } from '../../../../core/ledger/bodies.ts';
import { lossEntries } from '../../../helpers/loss-entries.ts';

const { sale } = lossEntries({ tier: 'vip', verification: 'manual-lookup' });

const sales = (entries: LedgerEntry[]) => entries.flatMap((e) => entryOf(e, 'sale') ?? []);

describe('seed pattern', () => {
  it('finds a typed-in member sold a high-value item at tier price after an earlier purchase the same day by the same salesperson', () => {
    const small = sale('2026-03-02T02:00:00.000Z', 2_000, { member: 'M0002', verification: 'app-code' });
    const big = sale('2026-03-02T06:00:00.000Z', 18_000, { member: 'M0002', verification: 'manual-lookup' });
    const cases = seedPatternCases(sales([small, big]), DEFAULT_LOSS_RULES.seedPattern);
    expect(cases).toEqual([
      expect.objectContaining({
        rule: 'seed-pattern',
        staffIds: ['S001'],
        memberId: 'M0002',
        terminalId: 'T-01',
        seqs: [small.seq, big.seq],
        businessDay: '2026-03-02',
        amountAtRisk: 18_000,
      }),
    ]);
    expect(cases[0]!.explanation).toContain('M0002');
    expect(cases[0]!.score).toBe(75);
  });

  it('does not flag a fresh app code with an ordinary basket, another salesperson, a retail price, or a small later sale', () => {
    const rules = DEFAULT_LOSS_RULES.seedPattern;
    const first = sale('2026-03-03T02:00:00.000Z', 2_000, { member: 'M0002' });
    expect(
      seedPatternCases(sales([first, sale('2026-03-03T06:00:00.000Z', 18_000, { member: 'M0002', verification: 'app-code' })]), rules),
    ).toEqual([]);
    expect(seedPatternCases(sales([first, sale('2026-03-03T06:00:00.000Z', 18_000, { member: 'M0002', staff: 'S002' })]), rules)).toEqual(
      [],
    );
    expect(seedPatternCases(sales([first, sale('2026-03-03T06:00:00.000Z', 18_000, { member: 'M0002', tier: 'retail' })]), rules)).toEqual(
      [],
    );
    expect(seedPatternCases(sales([first, sale('2026-03-03T06:00:00.000Z', 900, { member: 'M0002' })]), rules)).toEqual([]);
    // Another day is not a second sale of the day.
    expect(seedPatternCases(sales([first, sale('2026-03-04T06:00:00.000Z', 18_000, { member: 'M0002' })]), rules)).toEqual([]);
  });

  it('counts a sale far above the usual basket as weak presence even with an app code, and scores it higher', () => {
    const history = [1, 2, 3].map((d) => sale(`2026-02-0${d}T02:00:00.000Z`, 1_000, { member: 'M0002', verification: 'app-code' }));
    const small = sale('2026-03-02T02:00:00.000Z', 1_000, { member: 'M0002', verification: 'app-code' });
    const bigCode = sale('2026-03-02T06:00:00.000Z', 18_000, { member: 'M0002', verification: 'app-code' });
    const [byCode] = seedPatternCases(sales([...history, small, bigCode]), DEFAULT_LOSS_RULES.seedPattern);
    expect(byCode).toMatchObject({ seqs: [small.seq, bigCode.seq] });
    expect(byCode!.explanation).toContain('usual basket of 1000');

    const bigTyped = sale('2026-03-02T06:00:00.000Z', 18_000, { member: 'M0002', verification: 'manual-lookup' });
    const [byTyping] = seedPatternCases(sales([...history, small, bigTyped]), DEFAULT_LOSS_RULES.seedPattern);
    expect(byTyping!.score).toBeGreaterThan(byCode!.score);
    expect(byTyping!.score).toBeGreaterThan(75); // typed in and far above the usual basket: more than typed in alone
  });

  it('groups by the salesperson the sale names, not the cashier who rang it up', () => {
    const small = sale('2026-03-02T02:00:00.000Z', 2_000, { member: 'M0002', staff: 'S001', salesperson: 'S101' });
    const big = sale('2026-03-02T06:00:00.000Z', 18_000, { member: 'M0002', staff: 'S002', salesperson: 'S101' });
    expect(salespersonOf(entryOf(big, 'sale') as EntryOf<'sale'>)).toBe('S101');
    const [c] = seedPatternCases(sales([small, big]), DEFAULT_LOSS_RULES.seedPattern);
    expect(c?.staffIds).toEqual(['S101', 'S001', 'S002']);
  });

  it('finds the pattern when the two sales were rung up at different tills, naming both in the evidence', () => {
    const small = sale('2026-03-02T02:00:00.000Z', 2_000, { member: 'M0002', salesperson: 'S101', terminalId: 'T-02' });
    const big = sale('2026-03-02T06:00:00.000Z', 18_000, { member: 'M0002', salesperson: 'S101' });
    const [c] = seedPatternCases(sales([small, big]), DEFAULT_LOSS_RULES.seedPattern);
    expect(c).toMatchObject({ terminalId: 'T-01', seqs: [big.seq] });
    expect(c!.evidence).toEqual([
      { terminalId: 'T-02', seq: small.seq },
      { terminalId: 'T-01', seq: big.seq },
    ]);
    expect(c!.explanation).toContain('at another till');
  });

  it('takes its high-value threshold from the rules', () => {
    const pair = sales([
      sale('2026-03-02T02:00:00.000Z', 200, { member: 'M0002' }),
      sale('2026-03-02T06:00:00.000Z', 900, { member: 'M0002' }),
    ]);
    expect(seedPatternCases(pair, DEFAULT_LOSS_RULES.seedPattern)).toEqual([]);
    expect(seedPatternCases(pair, parseLossRules({ seedPattern: { highValue: 500 } }).seedPattern)).toHaveLength(1);
  });
});

describe('member velocity', () => {
  it('flags more sales to one member in a day than the rules allow, across tills', () => {
    const day = [0, 1, 2].map((h) => sale(`2026-03-02T0${h}:00:00.000Z`, 100, { member: 'M0001', verification: 'app-code' }));
    const other = sale('2026-03-02T05:00:00.000Z', 100, { member: 'M0001', verification: 'app-code', terminalId: 'T-02', staff: 'S009' });
    expect(memberVelocityCases(sales(day), { maxSalesPerDay: 3 })).toEqual([]);
    const [c] = memberVelocityCases(sales([...day, other]), { maxSalesPerDay: 3 });
    expect(c).toMatchObject({
      rule: 'member-velocity',
      memberId: 'M0001',
      staffIds: ['S001', 'S009'],
      terminalId: 'T-01',
      seqs: day.map((e) => e.seq),
      amountAtRisk: 400,
    });
    expect(c!.evidence).toContainEqual({ terminalId: 'T-02', seq: other.seq });
  });
});

describe('scanLoss', () => {
  it('runs every rule, reports only the business days asked for, highest score first', () => {
    const entries = [
      sale('2026-03-01T02:00:00.000Z', 2_000, { member: 'M0002' }),
      sale('2026-03-01T06:00:00.000Z', 18_000, { member: 'M0002' }),
      ...[0, 1, 2, 3].map((h) => sale(`2026-03-02T0${h}:00:00.000Z`, 100, { member: 'M0001', verification: 'app-code' })),
    ];
    expect(scanLoss(entries).map((c) => c.rule)).toEqual(['seed-pattern', 'member-velocity']);
    expect(scanLoss(entries, DEFAULT_LOSS_RULES, { from: '2026-03-02' }).map((c) => c.rule)).toEqual(['member-velocity']);
    expect(scanLoss(entries, DEFAULT_LOSS_RULES, { to: '2026-03-01' }).map((c) => c.rule)).toEqual(['seed-pattern']);
  });

  it('refuses a rules file with an unknown rule or a bad threshold', () => {
    expect(() => parseLossRules({ seedPatern: {} })).toThrow();
    expect(() => parseLossRules({ seedPattern: { highValue: -1 } })).toThrow();
    expect(parseLossRules({})).toEqual(DEFAULT_LOSS_RULES);
  });
});
