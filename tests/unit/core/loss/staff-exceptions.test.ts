import { describe, expect, it } from 'vitest';
import { exceptionOf, median, staffExceptionCases } from '../../../../core/loss/staff-exceptions.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';

let seq = 0;
function entry(kind: string, operatorId: string | null, body: object, day = '2026-03-02'): LedgerEntry {
  const at = `${day}T02:00:00.000Z`;
  return {
    kind,
    businessDay: day,
    startedAt: at,
    endedAt: at,
    operatorId,
    body: body as LedgerEntry['body'],
    v: 1,
    terminalId: 'T-01',
    seq: ++seq,
    prevHash: '',
    keyId: 'k',
    hash: '',
    signature: '',
  };
}
const postVoid = (staff: string, amount: number, day?: string) =>
  entry('void', staff, { scope: 'post-void', saleId: 's', receiptNo: 1, amount, reason: 'customer changed mind' }, day);
const sale = (staff: string) => entry('sale', staff, { training: false, total: 100 });
const rules = { minCount: 3, robustZ: 3.5, ignore: ['lineVoids' as const] };

describe('exceptionOf', () => {
  it('classifies the entries a manager counts per cashier', () => {
    expect(exceptionOf(postVoid('S001', 500))).toEqual({ kind: 'postVoids', staffId: 'S001', amount: 500 });
    expect(exceptionOf(entry('no-sale', 'S002', { reason: 'change' }))).toMatchObject({ kind: 'noSales', staffId: 'S002' });
    expect(exceptionOf(entry('receipt-reprinted', 'S002', {}))).toMatchObject({ kind: 'reprints' });
    expect(exceptionOf(entry('return', 'S003', { withReceipt: false, training: false, total: 700 }))).toEqual({
      kind: 'returnsWithoutReceipt',
      staffId: 'S003',
      amount: 700,
    });
    expect(exceptionOf(entry('return', 'S003', { withReceipt: true, training: false, total: 700 }))).toBeNull();
    expect(exceptionOf(entry('sale', 'S001', { training: false, member: { verification: 'manual-lookup' } }))).toMatchObject({
      kind: 'manualMembers',
    });
    expect(exceptionOf(entry('sale', 'S001', { training: true, member: { verification: 'manual-lookup' } }))).toBeNull();
    expect(exceptionOf(entry('approval', 'S003', { action: 'a price override', requesterId: 'S001' }))).toMatchObject({
      kind: 'priceOverrides',
      staffId: 'S001',
    });
    expect(exceptionOf(entry('approval', 'S003', { action: 'a discount above the limit' }))).toMatchObject({
      kind: 'discountApprovals',
      staffId: 'S003',
    });
    expect(exceptionOf(entry('void', 'S001', { scope: 7 }))).toBeNull();
  });
});

describe('staffExceptionCases', () => {
  it('flags the cashier far above the median of the staff, with every entry as evidence and the amount voided', () => {
    const normal = ['S001', 'S002', 'S003', 'S004'].flatMap((s, i) => [sale(s), ...(i % 2 ? [postVoid(s, 100)] : [])]);
    const odd = [sale('S005'), ...[1, 2, 3, 4, 5, 6, 7, 8].map((d) => postVoid('S005', 1_000, `2026-03-0${d}`))];
    const cases = staffExceptionCases([...normal, ...odd], rules);
    expect(cases).toEqual([
      expect.objectContaining({
        rule: 'staff-exceptions',
        staffIds: ['S005'],
        memberId: null,
        seqs: odd.slice(1).map((e) => e.seq),
        businessDay: '2026-03-08',
        amountAtRisk: 8_000,
      }),
    ]);
    expect(cases[0]!.explanation).toMatch(/S005 recorded 8 post-voids from 2026-03-01 to 2026-03-08, against a median of 1 over 5 staff/);
  });

  it('flags no one when everybody does about the same, or below the minimum count', () => {
    const even = ['S001', 'S002', 'S003'].flatMap((s) => [postVoid(s, 1), postVoid(s, 1), postVoid(s, 1), postVoid(s, 1)]);
    expect(staffExceptionCases(even, rules)).toEqual([]);
    const few = [sale('S001'), sale('S002'), sale('S003'), postVoid('S003', 1), postVoid('S003', 1)];
    expect(staffExceptionCases(few, rules)).toEqual([]);
    expect(staffExceptionCases(few, { ...rules, minCount: 2, robustZ: 1 })).toHaveLength(1);
  });

  it('leaves out the kinds the rules ignore', () => {
    const lineVoids = [sale('S001'), sale('S002'), ...Array.from({ length: 9 }, () => entry('void', 'S003', { scope: 'line' }))];
    expect(staffExceptionCases(lineVoids, rules)).toEqual([]);
    expect(staffExceptionCases(lineVoids, { ...rules, ignore: [] })).toHaveLength(1);
  });

  it('takes the median of an even count as the middle pair', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5])).toBe(5);
  });
});
