// The pending-sale journal is checked again before a sale is resumed: a record the till did not
// sign, one that refers to approvals the ledger does not have, or one whose tenders do not fit is
// not resumed but recorded as rejected.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signRecord } from '../../../../core/sales/sale-journal.ts';
import type { SaleInProgressRecord } from '../../../../core/ports/ledger-store.ts';
import { loadTerminalKey, terminalKeyPath } from '../../../../platform/terminal-key.ts';
import { barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
  await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'card', amount: 20, reference: 'AUTH-1', last4: '1234' });
});
afterEach(() => host.close());

/** Replaces the saved sale with `change` of it, signed with the till's own key, and restarts. */
async function restartWith(change: (snapshot: Record<string, unknown>, r: SaleInProgressRecord) => Partial<SaleInProgressRecord>) {
  const saved = host.store.saleInProgress()!;
  const snapshot = JSON.parse(saved.snapshot) as Record<string, unknown>;
  const { signature: _, ...unsigned } = { ...saved, ...change(snapshot, saved) };
  const signer = loadTerminalKey(terminalKeyPath(host.dataDir));
  host.store.write((tx) => tx.keepSaleInProgress(signRecord(signer, 'T-01', { ...unsigned, snapshot: JSON.stringify(snapshot) })));
  host = host.restart();
  return [...host.store.entries()].at(-1)!;
}

describe('the pending-sale journal', () => {
  it('is saved signed at every change, and forgotten with the sale entry', async () => {
    const saved = host.store.saleInProgress()!;
    expect(saved).toMatchObject({ operatorId: '101', headSeq: host.store.head().seq, keyId: expect.any(String) });
    expect(JSON.parse(saved.snapshot)).toMatchObject({ status: 'tendering', tenders: [{ type: 'card', amount: 20 }] });
    await host.call('sale.addTender', { type: 'cash', amount: 100 });
    await host.call('sale.complete');
    expect(host.store.saleInProgress()).toBeUndefined();
  });

  it('is not flushed per call until a card tender is taken, and is from then on, even once the tender is taken off', async () => {
    await host.call('sale.addTender', { type: 'cash', amount: 100 });
    await host.call('sale.complete');
    const tiers: string[] = [];
    const write = host.store.write.bind(host.store);
    host.store.write = (fn, durability) => {
      tiers.push(durability ?? 'power-loss');
      return write(fn, durability);
    };
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const { total } = await host.call('sale.present');
    expect(tiers).toEqual(['process-crash', 'process-crash', 'process-crash']);
    expect(JSON.parse(host.store.saleInProgress()!.snapshot)).toMatchObject({ status: 'tendering', lines: [{ qtyMilli: 2000 }] });
    // Cash moves no money until the drawer opens, after the flushed sale entry: not flushed.
    await host.call('sale.addTender', { type: 'cash', amount: 1 });
    await host.call('sale.addTender', { type: 'card', amount: total - 1, reference: 'AUTH-2', last4: '1234' });
    await host.call('sale.removeTender', { index: 1 });
    // The save after the card payment was taken off holds the cash alone, and is flushed all the same.
    expect(tiers.slice(3)).toEqual(['process-crash', 'power-loss', 'power-loss']);
    expect(JSON.parse(host.store.saleInProgress()!.snapshot)).toMatchObject({ tenders: [{ type: 'cash', amount: 1 }] });
  });

  it('a sale signed by the till resumes', async () => {
    const entry = await restartWith(() => ({}));
    expect(entry.body).toMatchObject({ outcome: 'resumed', tenders: [{ type: 'card', amount: 20 }] });
    expect((await host.call('session.state')).sale?.tenders).toHaveLength(1);
  });

  it('an approval the ledger does not have is refused', async () => {
    const entry = await restartWith((s) => {
      s.approvalSeqs = [1];
      return {};
    });
    expect(entry.body).toMatchObject({ outcome: 'rejected', reason: 'the saved sale refers to approval 1, which is not in the ledger' });
    expect((await host.call('session.state')).sale).toBeNull();
  });

  it('card tenders above what is due are refused', async () => {
    const entry = await restartWith((s) => {
      s.tenders = [{ type: 'card', amount: 5000, reference: 'AUTH-1', last4: '1234' }];
      return {};
    });
    expect(entry.body).toMatchObject({ outcome: 'rejected', tenders: [{ type: 'card', amount: 5000 }] });
    expect((entry.body as { reason: string }).reason).toMatch(/^the saved sale does not add up/);
  });

  it('a field changed outside the snapshot (who saved it) breaks the signature', async () => {
    const saved = host.store.saleInProgress()!;
    host.store.write((tx) => tx.keepSaleInProgress({ ...saved, operatorId: '301' }));
    host = host.restart();
    expect([...host.store.entries()].at(-1)!.body).toMatchObject({
      outcome: 'rejected',
      reason: 'the saved sale is not signed by this till',
    });
  });

  it('a record naming another sale than its snapshot is recorded as rejected and forgotten', async () => {
    const entry = await restartWith(() => ({ saleId: 'other' }));
    expect(entry.body).toMatchObject({ outcome: 'rejected' });
    expect(host.store.saleInProgress()).toBeUndefined();
  });

  it.each([
    ['not JSON', 'saved sale'],
    ['{"saleId":42}', 'a record of the wrong shape'],
  ])('a row that is %s (%s) does not stop the till: recorded as rejected and forgotten', async (value) => {
    host.store.database.prepare("UPDATE ledger_meta SET value = ? WHERE key = 'sale_in_progress'").run(value);
    host = host.restart();
    expect([...host.store.entries()].at(-1)!.body).toMatchObject({ saleId: 'unknown', outcome: 'rejected', tenders: [] });
    expect(host.store.saleInProgress()).toBeUndefined();
    expect((await host.call('session.state')).sale).toBeNull();
  });
});
