// A paid sale survives the till stopping between the tender and the completion (issue #12, item 6):
// after the restart the till takes it up again where it stopped, or a manager ends it with a
// logged reason. `restart()` drops the running terminal without any shutdown step, as a kill would.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const kinds = (h: TestHost, from = 1) => [...h.store.entries({ from })].map((e) => e.kind);

/** Two teas and a cake for a member, 10 % off the order, presented and paid in part by card. */
async function paidInPart(h: TestHost) {
  await h.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
  await h.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
  await h.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
  await h.call('sale.attachMember', { method: 'token', token: h.token('M-1001') });
  await h.call('sale.applyDiscount', { scope: 'order', kind: 'percent', value: 500, reason: 'loyalty' });
  await h.call('sale.present');
  return await h.call('sale.addTender', { type: 'card', amount: 50, reference: 'AUTH-778', last4: '4242' });
}

describe('a sale interrupted between tender and completion', () => {
  it('comes back after a restart with its lines, member, discount and card tender, and completes once', async () => {
    const before = await paidInPart(host);
    const headBefore = host.store.head().seq;
    host = host.restart();

    const state = await host.call('session.state');
    expect(state.sale).toMatchObject({ saleId: before.saleId, lines: before.lines, member: before.member, total: before.total });
    expect(state.sale?.tenders).toEqual(before.tenders);
    expect(state.sale?.resumedAt).toBe(host.clock.now().toISOString());
    // The restart itself is in the ledger, with the payment already taken.
    const resumed = host.store.entry(headBefore + 1)!;
    expect(resumed.kind).toBe('sale-resumed');
    expect(resumed.body).toMatchObject({ saleId: before.saleId, outcome: 'resumed', savedBy: '101', lines: 2, total: before.total });
    expect(resumed.body).toMatchObject({ tenders: [{ type: 'card', amount: 50, reference: 'AUTH-778', last4: '4242' }] });

    // No new sale in the meantime: a scan cannot start one while this one waits for its payment.
    await loginAs(host, '101');
    // The day's totals count it: the X and Z reports show it.
    expect(host.store.dayTotals('2026-11-20')['sales-resumed']).toEqual({ amount: before.total, count: 1 });
    expect((await host.fail('sale.scan', { code: barcodeOf('p-milk'), source: 'hid' })).code).toBe('sale.locked');
    await host.call('sale.addTender', { type: 'cash', amount: before.due });
    const receipt = await host.call('sale.complete');
    const sale = [...host.store.entries()].filter((e) => e.kind === 'sale');
    expect(sale).toHaveLength(1);
    expect(sale[0]!.body).toMatchObject({ saleId: before.saleId, receiptNo: receipt.receiptNo, total: before.total });
    expect((sale[0]!.body as { tenders: unknown[] }).tenders).toEqual([
      expect.objectContaining({ type: 'card', amount: 50, reference: 'AUTH-778' }),
      expect.objectContaining({ type: 'cash' }),
    ]);
    expect(host.store.saleInProgress()).toBeUndefined();

    // Completed means completed: another restart brings nothing back.
    host = host.restart();
    expect((await host.call('session.state')).sale).toBeNull();
    expect(kinds(host).filter((k) => k === 'sale-resumed')).toHaveLength(1);
    expect(host.verify().ok).toBe(true);
  });

  it('lines rung up before any tender come back too', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-noodle'), source: 'hid' });
    host = host.restart();
    const state = await host.call('session.state');
    expect(state.sale?.lines.map((l) => l.sku)).toEqual(['NOODLE']);
    expect(state.sale?.status).toBe('open');
  });

  it('a manager ends it with a reason: the void names the card payment given back; a cashier alone cannot', async () => {
    const before = await paidInPart(host);
    host = host.restart();
    await loginAs(host, '101');
    const refused = await host.fail('sale.cancel', { reason: 'customer left' });
    expect(refused.code).toBe('approval.required');
    expect((await host.call('session.state')).sale?.saleId).toBe(before.saleId);

    await host.call('sale.cancel', { reason: 'card refunded on the terminal', approval: approvalBy('301') });
    const [approval, end] = [...host.store.entries()].slice(-2);
    expect(approval).toMatchObject({ kind: 'approval', body: { action: 'sale.post-void', approverId: '301' } });
    expect(end).toMatchObject({ kind: 'void', body: { scope: 'sale', saleId: before.saleId, reason: 'card refunded on the terminal' } });
    expect(end!.body).toMatchObject({ tendersReturned: [{ type: 'card', amount: 50, reference: 'AUTH-778', last4: '4242' }] });

    // The next sale starts normally, and a restart brings nothing back.
    await host.call('sale.scan', { code: barcodeOf('p-milk'), source: 'hid' });
    expect((await host.call('session.state')).sale?.saleId).not.toBe(before.saleId);
    await host.call('sale.cancel', { reason: 'test', approval: approvalBy('301') });
    host = host.restart();
    expect((await host.call('session.state')).sale).toBeNull();
    expect(host.verify().ok).toBe(true);
  });

  it('a payment taken before the restart comes off only with a manager, recorded; one taken after needs nobody', async () => {
    const before = await paidInPart(host);
    host = host.restart();
    await loginAs(host, '101');
    // Taking the card payment off and then cancelling would end a paid sale with no manager and no trace.
    expect((await host.fail('sale.removeTender', { index: 0 })).code).toBe('approval.required');
    expect((await host.call('session.state')).sale?.tenders).toEqual(before.tenders);

    await host.call('sale.addTender', { type: 'cash', amount: 10 });
    const afterCash = await host.call('sale.removeTender', { index: 1 });
    expect(afterCash.tenders).toEqual(before.tenders);

    const removed = await host.call('sale.removeTender', { index: 0, approval: approvalBy('301') });
    expect(removed.tenders).toEqual([]);
    const approval = [...host.store.entries()].at(-1)!;
    expect(approval).toMatchObject({
      kind: 'approval',
      body: {
        action: 'sale.post-void',
        approverId: '301',
        subject: { saleId: before.saleId, type: 'card', amount: 50, reference: 'AUTH-778' },
      },
    });
    expect(host.verify().ok).toBe(true);
  });

  it('a sale with tenders that was not interrupted still needs its tenders removed before cancelling', async () => {
    await paidInPart(host);
    expect((await host.fail('sale.cancel', { reason: 'x', approval: approvalBy('301') })).code).toBe('sale.has-tenders');
  });

  it('a saved sale changed outside the till is not resumed: the restart records it as rejected, with the tender it claimed', async () => {
    const before = await paidInPart(host);
    const path = host.path;
    host.store.close();
    // Someone with the file edits the saved sale: a bigger discount on what is still owed.
    const db = new Database(path);
    const row = db.prepare("SELECT value FROM ledger_meta WHERE key = 'sale_in_progress'").pluck().get() as string;
    const record = JSON.parse(row) as { snapshot: string };
    record.snapshot = record.snapshot.replace('"bp":500', '"bp":9000');
    db.prepare("UPDATE ledger_meta SET value = ? WHERE key = 'sale_in_progress'").run(JSON.stringify(record));
    db.close();
    host = host.restart();

    expect((await host.call('session.state')).sale).toBeNull();
    const last = [...host.store.entries()].at(-1)!;
    expect(last.kind).toBe('sale-resumed');
    expect(last.body).toMatchObject({ saleId: before.saleId, outcome: 'rejected', reason: 'the saved sale is not signed by this till' });
    expect(last.body).toMatchObject({ tenders: [{ type: 'card', amount: 50, reference: 'AUTH-778' }] });
    expect(host.store.saleInProgress()).toBeUndefined();
    await loginAs(host, '301');
    expect((await host.call('report.x')).keys['sales-resume-rejected']).toEqual({ amount: 50, count: 1 });
    expect(host.verify().ok).toBe(true);
  });

  it('a sale already ended in the ledger is not brought back, even if its saved copy was left behind', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const saved = host.store.saleInProgress()!;
    await host.call('sale.cancel', { reason: 'customer left', approval: approvalBy('301') });
    // The till stopped between the void and forgetting the saved copy.
    host.store.write((tx) => tx.keepSaleInProgress(saved));
    const head = host.store.head().seq;
    host = host.restart();
    expect((await host.call('session.state')).sale).toBeNull();
    expect(host.store.head().seq).toBe(head);
    expect(host.store.saleInProgress()).toBeUndefined();
  });
});
