import { describe, expect, it } from 'vitest';
import {
  otherTenderAmount,
  peerShareRuleCases,
  quickRefundCases,
  refundOtherTenderCases,
  refundRuleCases,
  salesByReceipt,
  windowOf,
} from '../../../../core/loss/staff-rules.ts';
import { DEFAULT_LOSS_RULES, parseLossRules, salespersonOf, scanLoss, tierAmount } from '../../../../core/loss/loss-scan.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';
import { entryOf, type EntryOf } from '../../../../core/ledger/bodies.ts';
import { lossEntries } from '../../../helpers/loss-entries.ts';

const { entry, sale, nextSeq } = lossEntries();

function ret(
  at: string,
  of: LedgerEntry,
  o: { staff?: string; tender?: string; otherTender?: number; withReceipt?: boolean } = {},
): LedgerEntry {
  const s = entryOf(of, 'sale')!;
  const amount = s.body.total;
  return entry('return', at, o.staff ?? 'S001', {
    returnId: `r${nextSeq()}`,
    receiptNo: nextSeq(),
    currency: 'TWD',
    ...(o.withReceipt === false ? {} : { originalSaleId: s.body.saleId, originalReceiptNo: s.body.receiptNo }),
    lines: [{ lineNo: 1, productId: 'P1', sku: 'P1', name: 'Watch', qtyMilli: 1000, amount, tax: 0, taxRateBp: 500 }],
    refunds: [{ type: o.tender ?? s.body.tenders[0]!.type, amount }],
    total: amount,
    tax: 0,
    reason: 'changed mind',
    withReceipt: o.withReceipt ?? true,
    training: false,
    ...(o.otherTender ? { otherTender: { amount: o.otherTender, approvalSeq: 1 } } : {}),
  });
}

const returns = (entries: LedgerEntry[]) => entries.flatMap((e) => entryOf(e, 'return') ?? []);
const sales = (entries: LedgerEntry[]) => entries.flatMap((e) => entryOf(e, 'sale') ?? []);

describe('refunds to another tender', () => {
  it('flags a card sale refunded in cash, with both entries and the cash paid out', () => {
    const card = sale('2026-03-02T02:00:00.000Z', 20_000, { tender: 'card', staff: 'S002' });
    const refund = ret('2026-03-05T03:00:00.000Z', card, { tender: 'cash', staff: 'S003' });
    const cases = refundOtherTenderCases(returns([refund]), salesByReceipt([card]), DEFAULT_LOSS_RULES.refundOtherTender);
    expect(cases).toEqual([
      expect.objectContaining({
        rule: 'refund-other-tender',
        staffIds: ['S003', 'S002'],
        seqs: [card.seq, refund.seq],
        businessDay: '2026-03-05',
        amountAtRisk: 20_000,
      }),
    ]);
    expect(cases[0]!.explanation).toContain(`S003 refunded 20000 in cash at seq ${refund.seq} for receipt ${card.seq}`);
    expect(cases[0]!.explanation).toContain('paid by card');
  });

  it('does not flag a refund to the tender the sale was paid with, or one below the threshold', () => {
    const card = sale('2026-03-02T02:00:00.000Z', 20_000, { tender: 'card' });
    const byCard = ret('2026-03-05T03:00:00.000Z', card, { tender: 'card' });
    expect(refundOtherTenderCases(returns([byCard]), salesByReceipt([card]), DEFAULT_LOSS_RULES.refundOtherTender)).toEqual([]);
    const small = sale('2026-03-02T02:00:00.000Z', 500, { tender: 'card' });
    const smallCash = ret('2026-03-05T03:00:00.000Z', small, { tender: 'cash' });
    expect(refundOtherTenderCases(returns([smallCash]), salesByReceipt([small]), DEFAULT_LOSS_RULES.refundOtherTender)).toEqual([]);
    expect(
      refundOtherTenderCases(
        returns([smallCash]),
        salesByReceipt([small]),
        parseLossRules({ refundOtherTender: { minAmount: 100 } }).refundOtherTender,
      ),
    ).toHaveLength(1);
  });

  it('reads the amount the return recorded as paid to another tender when the sale is in another ledger', () => {
    const card = sale('2026-03-02T02:00:00.000Z', 20_000, { tender: 'card' });
    const refund = ret('2026-03-05T03:00:00.000Z', card, { tender: 'cash', otherTender: 20_000 });
    const [c] = refundOtherTenderCases(returns([refund]), new Map(), DEFAULT_LOSS_RULES.refundOtherTender);
    expect(c).toMatchObject({ seqs: [refund.seq], amountAtRisk: 20_000 });
    expect(otherTenderAmount(entryOf(refund, 'return')!, undefined)).toBe(20_000);
  });
});

describe('quick refunds', () => {
  it('flags a refund by the same cashier minutes after the sale, and not one by another cashier or hours later', () => {
    const s = sale('2026-03-02T02:00:00.000Z', 5_000, { staff: 'S004' });
    const soon = ret('2026-03-02T02:08:00.000Z', s, { staff: 'S004' });
    const rules = DEFAULT_LOSS_RULES.quickRefund;
    const [c] = quickRefundCases(returns([soon]), salesByReceipt([s]), rules);
    expect(c).toMatchObject({ rule: 'quick-refund', staffIds: ['S004'], seqs: [s.seq, soon.seq], amountAtRisk: 5_000 });
    expect(c!.explanation).toContain('8 minutes after ringing up the sale');
    expect(quickRefundCases(returns([ret('2026-03-02T02:08:00.000Z', s, { staff: 'S005' })]), salesByReceipt([s]), rules)).toEqual([]);
    expect(quickRefundCases(returns([ret('2026-03-02T05:00:00.000Z', s, { staff: 'S004' })]), salesByReceipt([s]), rules)).toEqual([]);
  });

  it('leaves out a refund to the card that paid unless the rules count every tender', () => {
    const s = sale('2026-03-02T02:00:00.000Z', 5_000, { staff: 'S004', tender: 'card' });
    const toCard = returns([ret('2026-03-02T02:08:00.000Z', s, { staff: 'S004' })]);
    expect(quickRefundCases(toCard, salesByReceipt([s]), DEFAULT_LOSS_RULES.quickRefund)).toEqual([]);
    expect(quickRefundCases(toCard, salesByReceipt([s]), { ...DEFAULT_LOSS_RULES.quickRefund, cashOnly: false })).toHaveLength(1);
  });

  it('runs with the other-tender rule over a ledger, each with its own threshold', () => {
    const s = sale('2026-03-02T02:00:00.000Z', 5_000, { staff: 'S004', tender: 'card' });
    const r = ret('2026-03-02T02:05:00.000Z', s, { staff: 'S004', tender: 'cash' });
    expect(refundRuleCases([s, r], DEFAULT_LOSS_RULES).map((c) => c.rule)).toEqual(['refund-other-tender', 'quick-refund']);
  });
});

/** A week of sales by four cashiers (40 each, Monday 2026-03-02 to Sunday 03-08), with what each did besides. */
function week(extra: (staff: string, i: number, s: LedgerEntry) => LedgerEntry[]): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (const staff of ['S001', 'S002', 'S003', 'S004'])
    for (let i = 0; i < 40; i++) {
      const s = sale(`2026-03-0${2 + (i % 7)}T0${i % 10}:00:00.000Z`, 100, { staff, tier: i % 10 === 0 ? 'vip' : 'retail' });
      out.push(s, ...extra(staff, i, s));
    }
  return out;
}

const declined = (s: LedgerEntry) => {
  const b = entryOf(s, 'sale')!.body;
  return entry('receipt-issued', s.endedAt, s.operatorId!, {
    saleId: b.saleId,
    receiptNo: b.receiptNo,
    channel: 'electronic',
    electronicReason: 'declined-paper',
    copyNo: 0,
  });
};

function shareCases(entries: LedgerEntry[], rules = DEFAULT_LOSS_RULES) {
  return peerShareRuleCases(
    {
      sales: sales(entries),
      entries,
      salesperson: (s: EntryOf<'sale'>) => salespersonOf(s),
      atTier: (s) => tierAmount(s, 'retail') > 0,
    },
    rules,
  );
}

describe('shares compared with peers', () => {
  it('counts windows from Monday', () => {
    expect(windowOf('2026-03-02', 7)).toMatchObject({ from: '2026-03-02', to: '2026-03-08' });
    expect(windowOf('2026-03-08', 7)).toMatchObject({ from: '2026-03-02', to: '2026-03-08' });
    expect(windowOf('2026-03-09', 1)).toMatchObject({ from: '2026-03-09', to: '2026-03-09' });
  });

  it('flags the cashier whose customers "decline" paper far more often than the others, and no one when all are alike', () => {
    const entries = week((staff, i, s) => ((staff === 'S003' ? i % 2 === 0 : i % 10 === 0) ? [declined(s)] : []));
    const cases = shareCases(entries);
    expect(cases).toEqual([expect.objectContaining({ rule: 'declined-receipts', staffIds: ['S003'], businessDay: '2026-03-08' })]);
    expect(cases[0]!.evidence).toHaveLength(20);
    expect(cases[0]!.explanation).toMatch(
      /^S003 declined a printed receipt on 20 of 40 sales from 2026-03-02 to 2026-03-08 \(50\.0 %\), against a median of 10\.0 %/,
    );
    expect(shareCases(week((_, i, s) => (i % 2 === 0 ? [declined(s)] : [])))).toEqual([]);
    // A sale issued its electronic receipt twice counts once.
    const twice = shareCases(week((staff, i, s) => ((staff === 'S003' ? i % 2 === 0 : i % 10 === 0) ? [declined(s), declined(s)] : [])));
    expect(twice[0]!.evidence).toHaveLength(20);
  });

  it('flags no-sales per sale far above the peers', () => {
    const noSale = (s: LedgerEntry) => entry('no-sale', s.endedAt, s.operatorId!, { reason: 'change' });
    const entries = week((staff, i, s) => ((staff === 'S002' ? i % 4 === 0 : i === 0) ? [noSale(s)] : []));
    expect(shareCases(entries)).toEqual([expect.objectContaining({ rule: 'no-sale-rate', staffIds: ['S002'] })]);
    expect(shareCases(week((_, i, s) => (i % 4 === 0 ? [noSale(s)] : [])))).toEqual([]);
  });

  it('flags the salesperson selling at a member tier far more often than the others, and not one below the minimum sales', () => {
    const entries = week(() => []);
    // S004's sales: all at the VIP tier.
    for (const e of entries) if (e.operatorId === 'S004') for (const l of entryOf(e, 'sale')!.body.lines) l.priceTier = 'vip';
    expect(shareCases(entries)).toEqual([expect.objectContaining({ rule: 'tier-share', staffIds: ['S004'], amountAtRisk: 0 })]);
    expect(shareCases(entries, parseLossRules({ tierShare: { minSales: 41 } }))).toEqual([]);
  });

  it('are part of the scan, with only the days asked for', () => {
    const entries = week((staff, i, s) => ((staff === 'S003' ? i % 2 === 0 : i % 10 === 0) ? [declined(s)] : []));
    expect(scanLoss(entries).map((c) => c.rule)).toEqual(['declined-receipts']);
    expect(scanLoss(entries, DEFAULT_LOSS_RULES, { from: '2026-03-09' })).toEqual([]);
  });
});
