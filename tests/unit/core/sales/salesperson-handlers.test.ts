// Choosing who served the customer: known active staff by number or badge, shares that add up,
// changeable until payment; the sale entry records them (the cashier when none was chosen) and a
// return carries the original sale's salespersons.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { barcodeOf, loginAs, openDrawer, startTestHost, STAFF, type TestHost } from '../../../helpers/host.ts';
import { entryOf, type EntryKind } from '../../../../core/ledger/bodies.ts';
import type { StaffRoster } from '../../../../core/ports/staff-directory.ts';

const roster: StaffRoster = {
  managedBy: 'local',
  list: () => [
    ...STAFF.map(({ staffId, name, role, active }) => ({ staffId, name, role, active, hasPin: true, hasBadge: false })),
    { staffId: '999', name: 'Gone 舊', role: 'cashier', active: false, hasPin: true, hasBadge: false },
  ],
  save: () => {
    throw new Error('read only in this test');
  },
};

let host: TestHost;
beforeEach(async () => {
  host = startTestHost({}, undefined, { roster });
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const lastOf = <K extends EntryKind>(kind: K) => entryOf([...host.store.entries()].filter((e) => e.kind === kind).at(-1), kind)!;

async function pay(): Promise<number> {
  const { total } = await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: total });
  return (await host.call('sale.complete')).receiptNo;
}

describe('salespersons of a sale', () => {
  it('without a choice the sale entry names the cashier as its salesperson', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    expect((await host.call('session.state')).sale!.salespersons).toBeUndefined();
    await pay();
    expect(lastOf('sale').body.salespersons).toEqual([{ staffId: '101', shareBp: 10_000 }]);
  });

  it('two salespersons with equal shares by default, shown on the sale and recorded in the entry', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    const view = await host.call('sale.setSalespersons', { salespersons: [{ staffId: '102' }, { staffId: '201' }] });
    expect(view.salespersons).toEqual([
      { staffId: '102', name: 'Ben 林', shareBp: 5000 },
      { staffId: '201', name: 'Sup 王', shareBp: 5000 },
    ]);
    expect(host.events.at(-1)).toMatchObject({ event: 'sale.changed', payload: { salespersons: view.salespersons } });
    await pay();
    expect(lastOf('sale')).toMatchObject({
      operatorId: '101',
      body: {
        salespersons: [
          { staffId: '102', shareBp: 5000 },
          { staffId: '201', shareBp: 5000 },
        ],
      },
    });
  });

  it('a badge scanned names its holder; a later choice replaces the earlier one', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.setSalespersons', { salespersons: [{ staffId: '102' }] });
    const v = await host.call('sale.setSalespersons', {
      salespersons: [
        { badge: 'BADGE-MGR-0301', shareBp: 7000 },
        { staffId: '102', shareBp: 3000 },
      ],
    });
    expect(v.salespersons!.map((p) => [p.staffId, p.shareBp])).toEqual([
      ['301', 7000],
      ['102', 3000],
    ]);
  });

  it('refuses unknown or inactive staff, shares that do not add up, and a change after payment, changing nothing', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.setSalespersons', { salespersons: [{ staffId: '102' }] });
    const unknown = await host.fail('sale.setSalespersons', { salespersons: [{ staffId: 'X77' }] });
    expect(unknown).toMatchObject({ code: 'staff.not-found' });
    expect(unknown.message).toMatch(/X77 is not on this till's staff/);
    expect((await host.fail('sale.setSalespersons', { salespersons: [{ badge: 'BADGE-NOBODY' }] })).code).toBe('staff.not-found');
    const shares = await host.fail('sale.setSalespersons', {
      salespersons: [
        { staffId: '102', shareBp: 5000 },
        { staffId: '201', shareBp: 4000 },
      ],
    });
    expect(shares).toMatchObject({ code: 'payload.invalid' });
    expect((await host.fail('sale.setSalespersons', { salespersons: [{ staffId: '102' }, { staffId: '102' }] })).code).toBe(
      'payload.invalid',
    );
    const { total } = await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: total });
    expect((await host.fail('sale.setSalespersons', { salespersons: [{ staffId: '201' }] })).code).toBe('sale.has-tenders');
    expect((await host.call('session.state')).sale!.salespersons).toEqual([{ staffId: '102', name: 'Ben 林', shareBp: 10_000 }]);
    await host.call('sale.complete');
    expect(lastOf('sale').body.salespersons).toEqual([{ staffId: '102', shareBp: 10_000 }]);
  });

  it('needs a sale in progress and a signed-in seller', async () => {
    expect((await host.fail('sale.setSalespersons', { salespersons: [{ staffId: '102' }] })).code).toBe('sale.none-open');
    await host.call('session.logout', {});
    expect((await host.fail('sale.salespersonChoices', {})).code).toBe('auth.required');
  });

  it('offers the active staff of the till to choose from', async () => {
    const choices = await host.call('sale.salespersonChoices', {});
    expect(choices.map((c) => c.staffId)).toEqual(['101', '102', '201', '301']);
  });

  it('a sale resumed after a restart keeps its salespersons', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.setSalespersons', { salespersons: [{ staffId: '201' }] });
    const again = host.restart();
    try {
      await loginAs(again, '101');
      expect((await again.call('session.state')).sale!.salespersons).toEqual([{ staffId: '201', name: 'Sup 王', shareBp: 10_000 }]);
    } finally {
      again.close();
      host = startTestHost({}, undefined, { roster });
    }
  });

  it("a return carries the original sale's salespersons, for the claw-back", async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.setSalespersons', {
      salespersons: [
        { staffId: '102', shareBp: 2500 },
        { staffId: '201', shareBp: 7500 },
      ],
    });
    const receiptNo = await pay();
    await host.call('return.complete', { originalReceiptNo: receiptNo, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'changed mind' });
    expect(lastOf('return').body.salespersons).toEqual([
      { staffId: '102', shareBp: 2500 },
      { staffId: '201', shareBp: 7500 },
    ]);
  });
});
