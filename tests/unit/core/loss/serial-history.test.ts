// A serial's history across ledgers (issue #14): events in time order with their entries, the
// owner of record after the last, and the events that do not follow from the ones before.
import { describe, expect, it } from 'vitest';
import { ownerText, serialHistory } from '../../../../core/loss/serial-history.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';
import type { JsonValue } from '../../../../core/ledger/canonical.ts';
import { saleBody } from '../../../helpers/ledger.ts';

function ledger(terminalId: string, storeId: string) {
  const entries: LedgerEntry[] = [];
  const add = (kind: string, body: unknown, at: string, operatorId = 'S1'): LedgerEntry => {
    const seq = entries.length + 1;
    const e: LedgerEntry = {
      v: 1,
      kind,
      businessDay: at.slice(0, 10),
      startedAt: at,
      endedAt: at,
      operatorId,
      body: body as JsonValue,
      terminalId,
      seq,
      prevHash: '0'.repeat(64),
      keyId: 'k1',
      hash: `${terminalId}-${seq}`.padEnd(64, '0'),
      signature: '',
    };
    entries.push(e);
    return e;
  };
  add(
    'ledger-opened',
    { terminalId, storeId, algorithm: 'Ed25519', publicKey: 'x', keyId: 'k1', software: 'test' },
    '2026-01-01T00:00:00.000Z',
  );
  const sell = (receiptNo: number, serial: string, at: string, extra: { member?: string; training?: boolean; typed?: number } = {}) => {
    const body = saleBody(receiptNo, `sale-${receiptNo}`, { training: extra.training ?? false });
    body.lines[0]!.serial = {
      value: serial,
      entry: extra.typed ? 'typed' : 'scanned',
      ...(extra.typed ? { approvalSeq: extra.typed } : {}),
    };
    if (extra.member) body.member = { memberId: extra.member, tier: 'vip', verification: 'app-code' };
    return add('sale', body, at);
  };
  const giveBack = (receiptNo: number, serial: string, at: string, originalReceiptNo?: number) =>
    add(
      'return',
      {
        returnId: `r-${receiptNo}`,
        receiptNo,
        currency: 'TWD',
        ...(originalReceiptNo ? { originalReceiptNo, originalSaleId: `sale-${originalReceiptNo}` } : {}),
        lines: [{ lineNo: 1, productId: 'p', sku: 'P', name: 'P', qtyMilli: 1000, amount: 1, tax: 0, taxRateBp: 0, serial }],
        refunds: [{ type: 'cash', amount: 1 }],
        total: 1,
        tax: 0,
        reason: 'r',
        withReceipt: originalReceiptNo !== undefined,
        training: false,
      },
      at,
    );
  const postVoid = (receiptNo: number, at: string) =>
    add('void', { scope: 'post-void', saleId: `sale-${receiptNo}`, receiptNo, amount: 1, reason: 'x' }, at);
  return { entries, sell, giveBack, postVoid };
}

describe('serial history', () => {
  it('follows a piece sold, returned, sold again, with entries and owner', () => {
    const a = ledger('T-01', 'S-1');
    const first = a.sell(1, 'SN-1', '2026-03-01T02:00:00.000Z', { member: 'M-9' });
    a.sell(2, 'OTHER', '2026-03-01T03:00:00.000Z');
    a.giveBack(3, 'SN-1', '2026-03-02T02:00:00.000Z', 1);
    a.sell(4, 'SN-1', '2026-03-03T02:00:00.000Z', { typed: 5 });
    const h = serialHistory([a.entries], ' sn-1 ');
    expect(h.serial).toBe('SN-1');
    expect(h.events.map((e) => [e.event, e.receiptNo, e.memberId, e.anomaly])).toEqual([
      ['sold', 1, 'M-9', undefined],
      ['returned', 3, 'M-9', undefined],
      ['sold', 4, null, undefined],
    ]);
    expect(h.events[0]).toMatchObject({
      terminalId: 'T-01',
      seq: first.seq,
      hash: first.hash,
      storeId: 'S-1',
      cashierId: 'S1',
      entry: 'scanned',
    });
    expect(h.events[1]).toMatchObject({ originalReceiptNo: 1 });
    expect(h.events[2]).toMatchObject({ entry: 'typed', approvalSeq: 5 });
    expect(h.owner).toEqual({ status: 'sold', memberId: null });
    expect(ownerText(h)).toBe('walk-in');
  });

  it('merges ledgers in time order and flags a piece sold twice and returned when not sold', () => {
    const a = ledger('T-01', 'S-1');
    const b = ledger('T-07', 'S-2');
    a.sell(1, 'SN-2', '2026-03-01T02:00:00.000Z', { member: 'M-1' });
    b.sell(1, 'SN-2', '2026-03-01T05:00:00.000Z', { member: 'M-2' });
    b.giveBack(2, 'SN-2', '2026-03-02T05:00:00.000Z');
    b.giveBack(3, 'SN-2', '2026-03-03T05:00:00.000Z');
    const h = serialHistory([b.entries, a.entries], 'SN-2');
    expect(h.events.map((e) => [e.terminalId, e.event, e.storeId, e.anomaly])).toEqual([
      ['T-01', 'sold', 'S-1', undefined],
      ['T-07', 'sold', 'S-2', 'sold-while-sold'],
      ['T-07', 'returned', 'S-2', undefined],
      ['T-07', 'returned', 'S-2', 'returned-while-not-sold'],
    ]);
    expect(ownerText(h)).toBe('none: returned to the store');
  });

  it('a post-void takes the piece back; training sales and other serials are no history', () => {
    const a = ledger('T-01', 'S-1');
    a.sell(1, 'SN-3', '2026-03-01T02:00:00.000Z', { member: 'M-1' });
    a.postVoid(1, '2026-03-01T02:05:00.000Z');
    a.sell(9_000_001, 'SN-3', '2026-03-01T03:00:00.000Z', { training: true });
    const h = serialHistory([a.entries], 'SN-3');
    expect(h.events.map((e) => [e.event, e.memberId])).toEqual([
      ['sold', 'M-1'],
      ['post-voided', 'M-1'],
    ]);
    expect(h.owner).toEqual({ status: 'in-store' });
    expect(ownerText(serialHistory([a.entries], 'SN-404'))).toBe('none: never sold in these ledgers');
  });
});
