import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planRefund, type EarlierRefund, type RefundTender } from '../../../../core/sales/refund.ts';
import { roundCash, type CashRoundingRule } from '../../../../core/money/cash-rounding.ts';

const FIVE: CashRoundingRule = { increment: 5, mode: 'half-up' };

describe('planRefund', () => {
  it('does not refund a card twice across returns of the same receipt', () => {
    const original: RefundTender[] = [
      { type: 'card', amount: 120, reference: 'A', last4: '4242' },
      { type: 'cash', amount: 25 },
    ];
    const first = planRefund({ value: 120, original, refundTo: 'original' });
    expect(first.refunds).toEqual([{ type: 'card', amount: 120, reference: 'A', last4: '4242' }]);
    const second = planRefund({ value: 25, original, earlier: [first], refundTo: 'original' });
    expect(second.refunds).toEqual([{ type: 'cash', amount: 25 }]);
  });

  it('rounds the cash part and records the difference', () => {
    expect(planRefund({ value: 33, original: [{ type: 'cash', amount: 35 }], refundTo: 'original', cashRounding: FIVE })).toEqual({
      refunds: [{ type: 'cash', amount: 35 }],
      rounding: 2,
      total: 35,
    });
    expect(planRefund({ value: 33, refundTo: 'cash', cashRounding: FIVE })).toEqual({
      refunds: [{ type: 'cash', amount: 35 }],
      rounding: 2,
      total: 35,
    });
    expect(planRefund({ value: 32, refundTo: 'cash', cashRounding: FIVE })).toEqual({
      refunds: [{ type: 'cash', amount: 30 }],
      rounding: -2,
      total: 30,
    });
  });

  // A sale of random lines paid with up to three cards and the rest in cash, returned in a random
  // order and grouping, some returns asking for cash.
  const scenario = fc
    .record({
      lines: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 8 }),
      cardShares: fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 3 }),
      cardPart: fc.integer({ min: 0, max: 100 }),
      increment: fc.constantFrom(1, 5, 10, 50),
      seed: fc.array(fc.tuple(fc.nat(), fc.boolean()), { minLength: 8, maxLength: 8 }),
    })
    .map(({ lines, cardShares, cardPart, increment, seed }) => {
      const due = lines.reduce((a, b) => a + b, 0);
      const nonCash = cardShares.length ? Math.floor((due * cardPart) / 100) : 0;
      const weight = cardShares.reduce((a, b) => a + b, 0);
      const cards = cardShares.map((w, i) => (i === cardShares.length - 1 ? 0 : Math.floor((nonCash * w) / weight)));
      if (cards.length) cards[cards.length - 1] = nonCash - cards.slice(0, -1).reduce((a, b) => a + b, 0);
      const rule: CashRoundingRule = { increment, mode: 'half-up' };
      const cash = roundCash(due - nonCash, rule).rounded;
      const original: RefundTender[] = [
        ...cards.filter((c) => c > 0).map((amount, i) => ({ type: 'card' as const, amount, reference: `AUTH-${i}`, last4: '1234' })),
        ...(due - nonCash > 0 ? [{ type: 'cash' as const, amount: cash }] : []),
      ];
      // Group the lines into returns: line i goes into return seed[i] % lines.length.
      const groups = new Map<number, number[]>();
      lines.forEach((v, i) => groups.set(seed[i]![0] % lines.length, [...(groups.get(seed[i]![0] % lines.length) ?? []), v]));
      const returns = [...groups.values()].map((g, i) => ({ value: g.reduce((a, b) => a + b, 0), toCash: seed[i]![1] }));
      return { original, rule, returns };
    });

  const run = (s: typeof scenario extends fc.Arbitrary<infer T> ? T : never, allOriginal: boolean) => {
    const earlier: EarlierRefund[] = [];
    for (const r of s.returns) {
      const plan = planRefund({
        value: r.value,
        original: s.original,
        earlier,
        refundTo: allOriginal || !r.toCash ? 'original' : 'cash',
        cashRounding: s.rule,
      });
      expect(plan.refunds.reduce((a, t) => a + t.amount, 0)).toBe(plan.total);
      expect(plan.total).toBe(r.value + plan.rounding);
      for (const t of plan.refunds) {
        expect(t.amount).toBeGreaterThanOrEqual(0);
        if (t.type === 'cash') expect(t.amount % s.rule.increment).toBe(0);
      }
      earlier.push(plan);
    }
    const to = (t: RefundTender) =>
      earlier
        .flatMap((e) => e.refunds)
        .filter((x) => x.type === t.type && x.reference === t.reference)
        .reduce((a, x) => a + x.amount, 0);
    return to;
  };

  it('never refunds a non-cash tender more than it paid, whatever the order and refundTo', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const to = run(s, false);
        for (const t of s.original) if (t.type !== 'cash') expect(to(t)).toBeLessThanOrEqual(t.amount);
      }),
    );
  });

  it('returning everything to the original tenders gives back exactly what each tender paid', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const to = run(s, true);
        for (const t of s.original) expect(to(t)).toBe(t.amount);
      }),
    );
  });
});
