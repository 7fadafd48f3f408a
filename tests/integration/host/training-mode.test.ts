// Training mode takes no real money: it never kicks the drawer, numbers its receipts in its own
// series (printed TRAINING), can never be returned or voided as real, and never touches the
// drawer's expected cash or the day's X/Z figures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { TRAINING_RECEIPT_BASE } from '../../../core/shared/receipt-number.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

async function sellTea(cash: number): Promise<number> {
  await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: cash });
  return (await host.call('sale.complete')).receiptNo;
}

const expectedCash = async () => {
  const status = await host.call('till.status');
  const session = host.store.drawerSessions({ open: true }).find((s) => s.sessionId === status.session?.sessionId)!;
  return session.float + session.cashSales - session.cashRefunds;
};

describe('training mode', () => {
  it('never kicks the drawer, numbers its receipts apart and prints TRAINING', async () => {
    const live = await sellTea(25);
    await host.call('session.logout', {});
    await loginAs(host, '101', true);
    const opens = host.drawer.opens;
    const cashBefore = await expectedCash();
    const training = await sellTea(100);
    expect(host.drawer.opens).toBe(opens);
    expect(training).toBe(TRAINING_RECEIPT_BASE + 1);
    const receipt = await host.call('receipt.get', { receiptNo: training });
    const text = receipt.document.lines.map((l) => (l.type === 'text' ? l.text : l.type === 'pair' ? l.left : '')).join('\n');
    expect(text).toContain('TRAINING');
    expect(text).toContain('#T-000001');
    expect(await expectedCash()).toBe(cashBefore);
    // The live series carries on where it was: no number was taken by training.
    await host.call('session.logout', {});
    await loginAs(host, '101');
    expect(await sellTea(25)).toBe(live + 1);
    await host.call('session.logout', {});
    await loginAs(host, '201');
    expect((await host.call('report.x')).keys['tender:cash']?.amount).toBe(50);
  });

  it('a training receipt can never be returned or voided as real', async () => {
    await host.call('session.logout', {});
    await loginAs(host, '101', true);
    const training = await sellTea(25);
    await host.call('session.logout', {});
    await loginAs(host, '101');
    const cashBefore = await expectedCash();
    const params = { originalReceiptNo: training, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'customer changed mind' };
    await expectRefused(host, 'return.lookup', { receiptNo: training }, 'return.invalid');
    await expectRefused(host, 'return.complete', { ...params, approval: approvalBy('301') }, 'return.invalid');
    await expectRefused(host, 'sale.postVoid', { receiptNo: training, reason: 'mistake', approval: approvalBy('301') }, 'void.invalid');
    expect(await expectedCash()).toBe(cashBefore);
  });

  it('in training, real receipts, the drawer and cash movements are out of reach', async () => {
    const live = await sellTea(25);
    await host.call('session.logout', {});
    await loginAs(host, '101', true);
    const opens = host.drawer.opens;
    const back = { originalReceiptNo: live, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'practice' };
    await expectRefused(host, 'return.complete', back, 'training.not-real');
    await expectRefused(host, 'drawer.noSale', { reason: 'practice', approval: approvalBy('201') }, 'training.not-real');
    const payOut = { kind: 'paid-out', amount: 100, reason: 'practice', approval: approvalBy('301') };
    await expectRefused(host, 'till.cashMovement', payOut, 'training.not-real');
    // A training return of a training sale stays in training: no drawer kick, its own number.
    const training = await sellTea(25);
    const ret = await host.call('return.complete', {
      originalReceiptNo: training,
      lines: [{ lineNo: 1, qtyMilli: 1000 }],
      reason: 'practice',
    });
    expect(ret.receiptNo).toBe(TRAINING_RECEIPT_BASE + 2);
    expect(host.drawer.opens).toBe(opens);
  });
});
