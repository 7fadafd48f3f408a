// Every drawer kick is a cash sale, a cash return, a float, a pickup, or a no-sale with its
// permission and its entry: closing the drawer and opening it again is no way round that.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
});
afterEach(() => host.close());

const kinds = () => [...host.store.entries()].map((e) => e.kind);

describe('drawer kicks', () => {
  it('a float after a closing count is a no-sale: it needs approval and leaves its entry', async () => {
    await openDrawer(host, 2000);
    await host.call('till.closeDrawer', { counts: [{ value: 100, count: 20 }] });
    const opens = host.drawer.opens;
    const float = { counts: [{ value: 100, count: 20 }] };
    await expectRefused(host, 'till.openDrawer', float, 'approval.required');
    expect(host.drawer.opens).toBe(opens);
    await host.call('till.openDrawer', { ...float, reason: 'second shift', approval: approvalBy('201') });
    expect(host.drawer.opens).toBe(opens + 1);
    expect(kinds().slice(-3)).toEqual(['approval', 'count', 'no-sale']);
    const noSale = [...host.store.entries()].at(-1)!;
    expect(noSale.body).toMatchObject({ reason: 'second shift' });
    await loginAs(host, '201');
    expect((await host.call('report.x')).keys['no-sales']).toEqual({ amount: 0, count: 1 });
  });

  it("the day's first float opens the drawer without a no-sale", async () => {
    await openDrawer(host, 2000);
    expect(host.drawer.opens).toBe(1);
    expect(kinds()).not.toContain('no-sale');
  });
});
