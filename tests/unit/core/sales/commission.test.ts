// Commission from ledger entries: the rule that applies, the split between salespersons that adds
// up exactly, and returns and post-voids clawing back what the returned part earned.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';
import type { EntryBody, SaleLine } from '../../../../core/ledger/bodies.ts';
import {
  commissionReport,
  commissionRulesSchema,
  lineCommission,
  ruleFor,
  splitCommission,
  type CommissionRules,
} from '../../../../core/sales/commission.ts';

let seq = 0;
function entry(kind: string, body: unknown, businessDay = '2026-11-20', operatorId = '101'): LedgerEntry {
  seq += 1;
  return {
    kind,
    body: body as never,
    businessDay,
    startedAt: `${businessDay}T02:00:00.000Z`,
    endedAt: `${businessDay}T02:00:00.000Z`,
    operatorId,
    v: 1,
    terminalId: 'T1',
    seq,
    prevHash: '0'.repeat(64),
    keyId: 'k',
    hash: '0'.repeat(64),
    signature: '',
  };
}

function line(lineNo: number, productId: string, department: string, amount: number, qtyMilli = 1000): SaleLine {
  return {
    lineNo,
    productId,
    sku: productId.toUpperCase(),
    name: productId,
    department,
    qtyMilli,
    unitPrice: Math.round((amount * 1000) / qtyMilli),
    priceTier: 'retail',
    taxClass: 'standard',
    taxRateBp: 500,
    discount: 0,
    amount,
    tax: Math.round(amount / 21),
  };
}

function sale(receiptNo: number, lines: SaleLine[], extra: Partial<EntryBody<'sale'>> = {}): EntryBody<'sale'> {
  const total = lines.reduce((s, l) => s + l.amount, 0);
  return {
    saleId: `s${receiptNo}`,
    receiptNo,
    currency: 'TWD',
    taxMode: 'inclusive',
    lines,
    orderDiscount: 0,
    subtotal: total,
    tax: 0,
    rounding: 0,
    total,
    tenders: [{ type: 'cash', amount: total }],
    training: false,
    ...extra,
  };
}

const rules: CommissionRules = commissionRulesSchema.parse({
  currency: 'TWD',
  rules: [
    { id: 'watch-vip', department: 'watches', memberTier: 'vip', percentBp: 200 },
    { id: 'watch', department: 'watches', percentBp: 500 },
    { id: 'strap-fixed', productId: 'strap', fixedPerUnit: 30 },
  ],
});

describe('the rule that applies', () => {
  it('is the first in the file that matches the line and the sale’s member tier', () => {
    const watch = { productId: 'w1', sku: 'W1', department: 'watches' };
    expect(ruleFor(rules.rules, watch, 'vip')?.id).toBe('watch-vip');
    expect(ruleFor(rules.rules, watch, 'none')?.id).toBe('watch');
    expect(ruleFor(rules.rules, { productId: 'strap', sku: 'S', department: 'accessories' }, 'none')?.id).toBe('strap-fixed');
    expect(ruleFor(rules.rules, { productId: 'pen', sku: 'P', department: 'stationery' }, 'none')).toBeNull();
  });

  it('pays a percentage of the amount or a fixed amount per unit, rounded half away from zero', () => {
    expect(lineCommission(rules.rules[1]!, 20_010, 1000, 'half-up')).toBe(1001); // 1000.5 -> 1001
    expect(lineCommission(rules.rules[1]!, 20_010, 1000, 'down')).toBe(1000);
    expect(lineCommission(rules.rules[2]!, 90, 3000, 'half-up')).toBe(90);
    expect(lineCommission(rules.rules[2]!, 45, 1500, 'half-up')).toBe(45); // 1.5 kg x 30
  });

  it('a rule paying both or neither is refused', () => {
    expect(commissionRulesSchema.safeParse({ currency: 'TWD', rules: [{ id: 'x', percentBp: 1, fixedPerUnit: 1 }] }).success).toBe(false);
    expect(commissionRulesSchema.safeParse({ currency: 'TWD', rules: [{ id: 'x' }] }).success).toBe(false);
  });
});

describe('the split between salespersons', () => {
  it('adds up to the line exactly; the odd unit goes to the larger remainder, then to who was named first', () => {
    const two = [
      { staffId: 'a', shareBp: 5000 },
      { staffId: 'b', shareBp: 5000 },
    ];
    expect(splitCommission(1001, two)).toEqual([501, 500]);
    expect(splitCommission(-1001, two)).toEqual([-501, -500]);
    const three = [
      { staffId: 'a', shareBp: 3334 },
      { staffId: 'b', shareBp: 3333 },
      { staffId: 'c', shareBp: 3333 },
    ];
    expect(splitCommission(100, three)).toEqual([34, 33, 33]);
  });

  it('always sums exactly, whatever the shares (property, fixed seed)', () => {
    const shares = fc
      .array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 10 })
      .map((ws) => {
        const sum = ws.reduce((s, w) => s + w, 0);
        const bp = ws.map((w) => Math.floor((w * 10_000) / sum));
        bp[0]! += 10_000 - bp.reduce((s, b) => s + b, 0);
        return bp.filter((b) => b > 0).map((shareBp, i) => ({ staffId: `s${i}`, shareBp }));
      })
      .filter((list) => list.length > 0);
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), shares, (total, list) => {
        const parts = splitCommission(total, list);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
        for (const p of parts) expect(Math.sign(p) === 0 || Math.sign(p) === Math.sign(total)).toBe(true);
      }),
      { seed: 1414, numRuns: 500 },
    );
  });
});

describe('the report', () => {
  it('lists each salesperson’s lines with the rule, share and commission, and a return claws back its part', () => {
    seq = 0;
    const shared = [
      { staffId: '201', shareBp: 6000 },
      { staffId: '202', shareBp: 4000 },
    ];
    const ledger = [
      entry('sale', sale(1, [line(1, 'w1', 'watches', 20_000), line(2, 'strap', 'accessories', 1_500, 2000)], { salespersons: shared })),
      entry(
        'sale',
        sale(2, [line(1, 'w2', 'watches', 18_000)], { member: { memberId: 'M1', tier: 'vip', verification: 'app-code' } }),
        '2026-11-21',
        '102',
      ),
      entry(
        'return',
        {
          returnId: 'r1',
          receiptNo: 3,
          currency: 'TWD',
          originalSaleId: 's1',
          originalReceiptNo: 1,
          lines: [{ lineNo: 2, productId: 'strap', sku: 'STRAP', name: 'strap', qtyMilli: 1000, amount: 750, tax: 36, taxRateBp: 500 }],
          refunds: [{ type: 'cash', amount: 750 }],
          total: 750,
          tax: 36,
          reason: 'wrong size',
          withReceipt: true,
          training: false,
          salespersons: shared,
        } satisfies EntryBody<'return'>,
        '2026-11-22',
      ),
      entry('sale', sale(4, [line(1, 'w3', 'watches', 50_000)], { training: true })),
    ];
    const r = commissionReport([ledger], rules, '2026-11-20', '2026-11-22');
    const by = Object.fromEntries(r.salespersons.map((p) => [p.staffId, p]));
    // Sale 1: watch 5 % of 20,000 = 1,000 split 600/400; strap 2 units x 30 = 60 split 36/24.
    expect(by['201']!.lines.map((l) => [l.seq, l.kind, l.rule, l.lineCommission, l.shareBp, l.commission])).toEqual([
      [1, 'sale', 'watch', 1000, 6000, 600],
      [1, 'sale', 'strap-fixed', 60, 6000, 36],
      [3, 'return', 'strap-fixed', -30, 6000, -18],
    ]);
    expect(by['202']!.total).toBe(400 + 24 - 12);
    // Sale 2 has no salesperson recorded (an older entry): its cashier, at the VIP rule, 2 % of 18,000.
    expect(by['102']!.lines).toEqual([
      expect.objectContaining({ receiptNo: 2, businessDay: '2026-11-21', rule: 'watch-vip', amount: 18_000, commission: 360 }),
    ]);
    // The training sale earns nothing; the total is the sum of everyone's.
    expect(r.total).toBe(600 + 36 - 18 + 400 + 24 - 12 + 360);
    expect(r.salespersons.map((p) => p.staffId)).toEqual(['102', '201', '202']);
  });

  it('only lists entries of the business days asked for, but a return claws back a sale from before them', () => {
    seq = 0;
    const ledger = [
      entry('sale', sale(1, [line(1, 'w1', 'watches', 10_000)]), '2026-11-01'),
      entry('void', { scope: 'post-void', saleId: 's1', receiptNo: 1, amount: 10_000, reason: 'rang twice' }, '2026-11-02'),
    ];
    const r = commissionReport([ledger], rules, '2026-11-02', '2026-11-30');
    expect(r.salespersons).toEqual([
      {
        staffId: '101',
        total: -500,
        lines: [
          expect.objectContaining({ kind: 'post-void', seq: 2, receiptNo: 1, amount: -10_000, lineCommission: -500, commission: -500 }),
        ],
      },
    ]);
  });

  it('a line no rule matches is listed with no rule and no commission, so the salesperson sees it was counted', () => {
    seq = 0;
    const r = commissionReport([[entry('sale', sale(1, [line(1, 'pen', 'stationery', 300)]))]], rules, '2026-11-20', '2026-11-20');
    expect(r.salespersons[0]!.lines[0]).toMatchObject({ rule: null, commission: 0, amount: 300 });
  });

  it('can pay on the amount without tax in a tax-inclusive store', () => {
    seq = 0;
    const net = commissionRulesSchema.parse({ ...rules, base: 'excluding-tax' });
    const r = commissionReport([[entry('sale', sale(1, [line(1, 'w1', 'watches', 21_000)]))]], net, '2026-11-20', '2026-11-20');
    expect(r.salespersons[0]!.lines[0]).toMatchObject({ amount: 20_000, commission: 1000 });
  });

  it('refuses a ledger in another currency than the rules', () => {
    seq = 0;
    const usd = [entry('sale', sale(1, [line(1, 'w1', 'watches', 100)], { currency: 'USD' }))];
    expect(() => commissionReport([usd], rules, '2026-11-20', '2026-11-20')).toThrow(/USD; the rules are in TWD/);
  });
});
