import { describe, expect, it } from 'vitest';
import { serialAnomalyCases, serialEvents } from '../../../../core/loss/serial-anomalies.ts';
import { DEFAULT_LOSS_RULES, scanLoss } from '../../../../core/loss/loss-scan.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';
import { lossEntries } from '../../../helpers/loss-entries.ts';

const { entry, nextSeq } = lossEntries();

const line = (serial: string) => ({
  lineNo: 1,
  productId: 'W1',
  sku: 'W1',
  name: 'Limited watch',
  qtyMilli: 1000,
  unitPrice: 20_000,
  priceTier: 'retail',
  taxClass: 'standard',
  taxRateBp: 500,
  discount: 0,
  amount: 20_000,
  tax: 0,
  serial: { value: serial, entry: 'scanned' },
});

function sold(at: string, serial: string, member: string | null, staff = 'S001', terminalId = 'T-01'): LedgerEntry {
  return entry(
    'sale',
    at,
    staff,
    {
      saleId: `s${nextSeq()}`,
      receiptNo: nextSeq(),
      currency: 'TWD',
      taxMode: 'inclusive',
      lines: [line(serial)],
      orderDiscount: 0,
      subtotal: 20_000,
      tax: 0,
      rounding: 0,
      total: 20_000,
      tenders: [{ type: 'cash', amount: 20_000 }],
      training: false,
      ...(member ? { member: { memberId: member, tier: 'vip', verification: 'app-code' } } : {}),
    },
    terminalId,
  );
}

function returned(at: string, serial: string, receiptNo: number | undefined, staff = 'S002'): LedgerEntry {
  return entry('return', at, staff, {
    returnId: `r${nextSeq()}`,
    receiptNo: nextSeq(),
    currency: 'TWD',
    ...(receiptNo !== undefined ? { originalReceiptNo: receiptNo } : {}),
    lines: [
      { lineNo: 1, productId: 'W1', sku: 'W1', name: 'Limited watch', qtyMilli: 1000, amount: 20_000, tax: 0, taxRateBp: 500, serial },
    ],
    refunds: [{ type: 'cash', amount: 20_000 }],
    total: 20_000,
    tax: 0,
    reason: 'returned',
    withReceipt: receiptNo !== undefined,
    training: false,
  });
}

const receiptOf = (e: LedgerEntry) => (e.body as { receiptNo: number }).receiptNo;
const rules = DEFAULT_LOSS_RULES.serialAnomaly;

describe('serial anomalies', () => {
  it('flags a piece sold twice with no return in between, across tills, naming both owners', () => {
    const first = sold('2026-03-02T02:00:00.000Z', 'SN-1', 'M0001');
    const again = sold('2026-03-09T02:00:00.000Z', 'SN-1', 'M0002', 'S005', 'T-02');
    const cases = serialAnomalyCases([first, again], rules);
    expect(cases).toEqual([
      expect.objectContaining({
        rule: 'serial-anomaly',
        staffIds: ['S005', 'S001'],
        memberId: 'M0002',
        terminalId: 'T-02',
        seqs: [again.seq],
        evidence: [
          { terminalId: 'T-01', seq: first.seq },
          { terminalId: 'T-02', seq: again.seq },
        ],
        businessDay: '2026-03-09',
        amountAtRisk: 20_000,
      }),
    ]);
    expect(cases[0]!.explanation).toContain('while the ledgers show it sold to member M0001');
  });

  it('does not flag a piece sold, returned against its receipt and sold again', () => {
    const first = sold('2026-03-02T02:00:00.000Z', 'SN-2', 'M0001');
    const back = returned('2026-03-03T02:00:00.000Z', 'SN-2', receiptOf(first));
    const again = sold('2026-03-04T02:00:00.000Z', 'SN-2', 'M0002');
    expect(serialAnomalyCases([first, back, again], rules)).toEqual([]);
    expect(
      serialEvents([first, back, again])
        .get('SN-2')!
        .map((e) => e.event),
    ).toEqual(['sold', 'returned', 'sold']);
  });

  it('flags a piece returned against another receipt or without one: not by its owner of record', () => {
    const owner = sold('2026-03-02T02:00:00.000Z', 'SN-3', 'M0001');
    const other = sold('2026-03-02T03:00:00.000Z', 'SN-9', 'M0007');
    const back = returned('2026-03-05T02:00:00.000Z', 'SN-3', receiptOf(other));
    const [c] = serialAnomalyCases([owner, other, back], rules);
    expect(c).toMatchObject({ memberId: 'M0001', staffIds: ['S002'], seqs: [owner.seq, back.seq] });
    expect(c!.explanation).toContain(`against receipt ${receiptOf(other)}, but its owner of record is member M0001`);
    const noReceipt = returned('2026-03-05T02:00:00.000Z', 'SN-3', undefined);
    expect(serialAnomalyCases([owner, noReceipt], rules)[0]!.explanation).toContain('without a receipt');
    expect(serialAnomalyCases([owner, noReceipt], { ...rules, returnedByOther: false })).toEqual([]);
  });

  it('flags a piece returned that the ledgers show in the store, and is part of the scan', () => {
    const back = returned('2026-03-05T02:00:00.000Z', 'SN-4', undefined);
    expect(serialAnomalyCases([back], rules)[0]!.explanation).toContain('while the ledgers show it in the store');
    const first = sold('2026-03-02T02:00:00.000Z', 'SN-5', null);
    const again = sold('2026-03-03T02:00:00.000Z', 'SN-5', 'M0002');
    const post = entry('void', '2026-03-03T02:10:00.000Z', 'S001', {
      scope: 'post-void',
      saleId: 's',
      receiptNo: receiptOf(again),
      amount: 20_000,
      reason: 'x',
    });
    const third = sold('2026-03-03T03:00:00.000Z', 'SN-5', 'M0003');
    // The second sale is an anomaly; its post-void puts the piece back in the store, so the third is not.
    expect(scanLoss([first, again, post, third]).map((c) => [c.rule, c.seqs])).toEqual([['serial-anomaly', [first.seq, again.seq]]]);
  });
});
