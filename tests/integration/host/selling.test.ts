// The cashier's flows through the contract, against a real SQLite ledger.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import type { EntryBody } from '../../../core/ledger/bodies.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const kinds = () => [...host.store.entries()].map((e) => e.kind);
const lastOf = <K extends string>(kind: K) => [...host.store.entries()].filter((e) => e.kind === kind).at(-1)!;

describe('a cash sale', () => {
  it('scans, presents, takes cash with change, opens the drawer, prints the receipt, discharges the obligation', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const view = await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'wedge' });
    expect(view.lines.map((l) => [l.sku, l.qtyMilli, l.amount])).toEqual([['TEA', 2000, 50], ['CAKE', 1000, 45]]);
    expect(view.total).toBe(95);
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 100 });
    const opensBefore = host.drawer.opens;
    const receipt = await host.call('sale.complete');
    expect(receipt).toMatchObject({ receiptNo: 1, status: 'printed', total: 95, change: 5 });
    expect(host.drawer.opens).toBe(opensBefore + 1);
    expect(host.printer.printed).toHaveLength(1);
    const printed = host.printer.printed[0]!;
    expect(printed.lines.some((l) => l.type === 'qr' && l.data === receipt.qr)).toBe(true);
    expect(host.store.openObligations()).toEqual([]);
    expect(kinds().slice(-2)).toEqual(['sale', 'receipt-issued']);
    const sale = lastOf('sale').body as unknown as EntryBody<'sale'>;
    expect(sale.tenders).toEqual([{ type: 'cash', amount: 95, tendered: 100, change: 5 }]);
    expect(sale.tax).toBe(5);
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('mixed tender: card for part, cash for the rest, change only from cash', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-noodle'), source: 'hid' });
    await host.call('sale.scan', { code: barcodeOf('p-milk'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'card', amount: 100, reference: 'AUTH-77', last4: '4242' });
    expect((await host.fail('sale.complete')).code).toBe('sale.underpaid');
    await host.call('sale.addTender', { type: 'cash', amount: 100 });
    const receipt = await host.call('sale.complete');
    expect(receipt.change).toBe(47);
    const sale = lastOf('sale').body as unknown as EntryBody<'sale'>;
    expect(sale.tenders).toEqual([{ type: 'card', amount: 100, reference: 'AUTH-77', last4: '4242' }, { type: 'cash', amount: 53, tendered: 100, change: 47 }]);
  });

  it('cash needs an open drawer session (a counted float)', async () => {
    const other = startTestHost();
    try {
      await loginAs(other, '101');
      await other.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      await other.call('sale.present');
      await other.call('sale.addTender', { type: 'cash', amount: 25 });
      expect((await other.fail('sale.complete')).code).toBe('till.no-session');
    } finally {
      other.close();
    }
  });
});

describe('member tiers', () => {
  it('a valid member code from the app gives the member price', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const view = await host.call('sale.scan', { code: host.token('M-1001'), source: 'hid' });
    expect(view.member).toMatchObject({ memberId: 'M-1001', tier: 'member', verification: 'token' });
    expect(view.lines[0]).toMatchObject({ priceTier: 'member', unitPrice: 22 });
  });

  it('an expired code (a screenshot) is refused and the retail price stays', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const old = host.token('M-2001', new Date(host.clock.now().getTime() - 10 * 60_000));
    expect((await host.fail('sale.attachMember', { method: 'token', token: old })).code).toBe('member.token-expired');
    expect((await host.fail('sale.attachMember', { method: 'token', token: 'TPM1.M-2001.000000' })).code).toBe('member.token-invalid');
    const state = await host.call('session.state');
    expect(state.sale).toMatchObject({ member: null, total: 25 });
  });

  it('manual member lookup needs a supervisor and is flagged in the ledger', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    const before = host.store.head().seq;
    const refused = await host.fail('sale.attachMember', { method: 'manual', memberId: 'M-2001' });
    expect(refused).toMatchObject({ code: 'approval.required', details: { permission: 'member.manual' } });
    expect(host.store.head().seq).toBe(before);
    expect((await host.fail('sale.attachMember', { method: 'manual', memberId: 'M-2001', approval: approvalBy('102') })).code).toBe('approval.denied');
    const view = await host.call('sale.attachMember', { method: 'manual', memberId: 'M-2001', approval: approvalBy('201') });
    expect(view.member).toMatchObject({ tier: 'vip', verification: 'manual' });
    expect(lastOf('approval').body).toMatchObject({ action: 'member.manual', reason: 'look up a member by hand', approverId: '201', requesterId: '101' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 36 });
    await host.call('sale.complete');
    const sale = lastOf('sale').body as unknown as EntryBody<'sale'>;
    expect(sale.member).toMatchObject({ memberId: 'M-2001', verification: 'manual' });
    expect(sale.member!.approvalSeq).toBeGreaterThan(0);
    expect(host.store.dayTotals('2026-11-20')['member:manual']).toEqual({ amount: 36, count: 1 });
  });

  it('once the total is presented the customer cannot be changed', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    expect((await host.fail('sale.scan', { code: host.token('M-2001'), source: 'hid' })).code).toBe('sale.locked');
  });
});

describe('discounts', () => {
  it('a small discount is the cashier\'s; above the limit it is refused without approval and logged with it', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-noodle'), source: 'hid' });
    const small = await host.call('sale.applyDiscount', { scope: 'line', lineNo: 1, kind: 'percent', value: 500, reason: 'dented can' });
    expect(small.total).toBe(114);
    const before = host.store.head().seq;
    const refused = await host.fail('sale.applyDiscount', { scope: 'order', kind: 'percent', value: 2000, reason: 'friend' });
    expect(refused).toMatchObject({ code: 'approval.required', details: { permission: 'sale.discount.large' } });
    expect(host.store.head().seq).toBe(before);
    expect((await host.call('session.state')).sale!.total).toBe(114);
    const approved = await host.call('sale.applyDiscount', { scope: 'order', kind: 'percent', value: 2000, reason: 'damaged box', approval: approvalBy('201') });
    expect(approved.total).toBe(91);
    expect(lastOf('approval').body).toMatchObject({ approverId: '201', requesterId: '101', subject: { kind: 'percent', value: 2000 } });
  });

  it('a price override always needs a supervisor', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    expect((await host.fail('sale.overridePrice', { lineNo: 1, unitPrice: 1, reason: 'x' })).code).toBe('approval.required');
    const v = await host.call('sale.overridePrice', { lineNo: 1, unitPrice: 40, reason: 'shelf label says 40', approval: approvalBy('201') });
    expect(v.lines[0]).toMatchObject({ unitPrice: 40, priceOverridden: true });
  });
});

async function sell(codes: string[], cash: number): Promise<number> {
  for (const code of codes) await host.call('sale.scan', { code, source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: cash });
  return (await host.call('sale.complete')).receiptNo;
}

describe('returns and voids', () => {
  it('a return against the receipt QR refunds what was paid and cannot exceed what was sold', async () => {
    const no = await sell([barcodeOf('p-tea'), barcodeOf('p-tea'), barcodeOf('p-cake')], 100);
    const receipt = await host.call('receipt.get', { receiptNo: no });
    const found = await host.call('return.lookup', { qr: receipt.qr });
    expect(found.lines.map((l) => [l.lineNo, l.returnableMilli])).toEqual([[1, 2000], [2, 1000]]);
    const back = await host.call('return.complete', { originalReceiptNo: no, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'leaking bottle' });
    expect(back).toMatchObject({ kind: 'return', status: 'printed', total: 25 });
    const ret = lastOf('return').body as unknown as EntryBody<'return'>;
    expect(ret).toMatchObject({ originalReceiptNo: no, withReceipt: true, refunds: [{ type: 'cash', amount: 25 }] });
    expect((await host.call('return.lookup', { receiptNo: no })).lines[0]!.returnableMilli).toBe(1000);
    expect((await host.fail('return.complete', { originalReceiptNo: no, lines: [{ lineNo: 1, qtyMilli: 2000 }], reason: 'again' })).code).toBe('return.exceeds-sold');
    // A forged QR (changed total) is refused.
    expect((await host.fail('return.lookup', { qr: receipt.qr.replace('A=95', 'A=950') })).code).toBe('return.not-found');
  });

  it('a return without a receipt needs a manager', async () => {
    expect((await host.fail('return.complete', { lines: [{ productId: 'p-cake', qtyMilli: 1000 }], reason: 'gift' })).code).toBe('approval.required');
    const r = await host.call('return.complete', { lines: [{ productId: 'p-cake', qtyMilli: 1000 }], reason: 'gift', approval: approvalBy('301') });
    expect(r.total).toBe(45);
    expect((lastOf('return').body as unknown as EntryBody<'return'>).withReceipt).toBe(false);
  });

  it('post-void of a completed sale needs a manager and reverses the day totals', async () => {
    const no = await sell([barcodeOf('p-noodle')], 120);
    expect(host.store.dayTotals('2026-11-20').sales).toEqual({ amount: 120, count: 1 });
    expect((await host.fail('sale.postVoid', { receiptNo: no, reason: 'wrong item' })).code).toBe('approval.required');
    const v = await host.call('sale.postVoid', { receiptNo: no, reason: 'wrong item', approval: approvalBy('301') });
    expect(v.document.lines.some((l) => l.type === 'text' && l.text.includes('VOIDED'))).toBe(true);
    expect(host.store.dayTotals('2026-11-20')).toMatchObject({ sales: { amount: 0, count: 1 }, 'post-voids': { amount: 120, count: 1 } });
    expect((await host.fail('sale.postVoid', { receiptNo: no, reason: 'twice', approval: approvalBy('301') })).code).toBe('void.invalid');
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('a line void before tender is logged with what it removed', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const v = await host.call('sale.voidLine', { lineNo: 1, reason: 'customer changed mind' });
    expect(v.total).toBe(25);
    expect(lastOf('void').body).toMatchObject({ scope: 'line', lineNo: 1, amount: 45 });
  });
});

describe('drawer and receipts', () => {
  it('no-sale needs permission and a reason; it is logged before the drawer opens', async () => {
    expect((await host.fail('drawer.noSale', { reason: 'change for the till next door' })).code).toBe('approval.required');
    const opens = host.drawer.opens;
    await host.call('drawer.noSale', { reason: 'change for the till next door', approval: approvalBy('201') });
    expect(host.drawer.opens).toBe(opens + 1);
    expect(kinds().slice(-2)).toEqual(['approval', 'no-sale']);
  });

  it('reprints say COPY with a counter; beyond the first they need permission', async () => {
    const no = await sell([barcodeOf('p-tea')], 25);
    const copy1 = await host.call('receipt.reprint', { receiptNo: no });
    expect(copy1.document.lines.some((l) => l.type === 'text' && /COPY 1/.test(l.text))).toBe(true);
    expect((await host.fail('receipt.reprint', { receiptNo: no })).code).toBe('approval.required');
    const copy2 = await host.call('receipt.reprint', { receiptNo: no, approval: approvalBy('201') });
    expect(copy2.document.copyNo).toBe(2);
    expect(host.printer.printed.map((d) => d.copyNo)).toEqual([0, 1, 2]);
    expect(host.store.receipt(no)!.copies).toBe(2);
  });

  it('paper out: the obligation stays open, blocks the next sale, survives a restart, and an e-receipt discharges it', async () => {
    host.printer.setFault('paper-out');
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    const r = await host.call('sale.complete');
    expect(r).toMatchObject({ status: 'failed', failure: { reason: 'paper-out' } });
    const blocked = await host.fail('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    expect(blocked).toMatchObject({ code: 'sale.obligation-open', details: { receiptNo: r.receiptNo } });
    expect((await host.fail('report.z', { approval: approvalBy('301') })).message).toMatch(new RegExp(`receipt ${r.receiptNo}`));

    host = host.restart();
    await loginAs(host, '101');
    const state = await host.call('session.state');
    expect(state.obligation).toMatchObject({ receiptNo: r.receiptNo, status: 'failed' });
    const issued = await host.call('receipt.electronic', { receiptNo: r.receiptNo, reason: 'printer-failed' });
    expect(issued.status).toBe('electronic');
    expect(lastOf('receipt-issued').body).toMatchObject({ channel: 'electronic', electronicReason: 'printer-failed', destination: 'screen-qr' });
    host.printer.setFault(null);
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
  });

  it('a retry after the paper is changed prints and discharges', async () => {
    host.printer.setFault('cover-open');
    const failed = await (async () => {
      await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      await host.call('sale.present');
      await host.call('sale.addTender', { type: 'cash', amount: 25 });
      return host.call('sale.complete');
    })();
    expect(failed.failure?.reason).toBe('cover-open');
    host.printer.setFault(null);
    const retried = await host.call('receipt.print', { receiptNo: failed.receiptNo });
    expect(retried.status).toBe('printed');
    expect(kinds().filter((k) => k.startsWith('receipt'))).toEqual(['receipt-print-failed', 'receipt-issued']);
  });

  it('declining paper still logs an e-receipt', async () => {
    host.printer.setFault('offline');
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    const r = await host.call('sale.complete');
    await host.call('receipt.electronic', { receiptNo: r.receiptNo, reason: 'declined-paper' });
    expect(host.store.dayTotals('2026-11-20')['receipts:declined-paper']).toEqual({ amount: 0, count: 1 });
  });
});

describe('staff', () => {
  it('locks a staff number out after repeated wrong PINs, and logs each failure', async () => {
    await host.call('session.logout', {});
    for (let i = 0; i < 4; i++) expect((await host.fail('session.login', { method: 'pin', staffId: '102', pin: '9999' })).code).toBe('auth.bad-credentials');
    expect((await host.fail('session.login', { method: 'pin', staffId: '102', pin: '9999' })).code).toBe('auth.locked-out');
    expect((await host.fail('session.login', { method: 'pin', staffId: '102', pin: '2222' })).code).toBe('auth.locked-out');
    expect(kinds().filter((k) => k === 'login-failed')).toHaveLength(5);
    host.clock.advance(16 * 60_000);
    await host.call('session.login', { method: 'pin', staffId: '102', pin: '2222' });
  });

  it('a locked till refuses everything but the state and an unlock, for every client', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('session.lock');
    expect((await host.call('session.state')).locked).toBe(true);
    expect((await host.fail('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' })).code).toBe('auth.required');
    expect((await host.fail('sale.present')).code).toBe('auth.required');
    // Another cashier cannot take over a till with a sale in progress.
    expect((await host.fail('session.login', { method: 'pin', staffId: '102', pin: '2222' })).code).toBe('sale.locked');
    await host.call('session.login', { method: 'pin', staffId: '101', pin: '1111' });
    const state = await host.call('session.state');
    expect(state).toMatchObject({ locked: false, sale: { total: 25 } });
  });

  it('logs in by badge', async () => {
    await host.call('session.logout', {});
    const op = await host.call('session.login', { method: 'badge', badge: 'BADGE-AMY-0001' });
    expect(op).toMatchObject({ staffId: '101', role: 'cashier' });
  });
});
