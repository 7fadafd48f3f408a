// Opening the drawer without a sale: approved, and logged before the drawer opens.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const kinds = () => [...host.store.entries()].map((e) => e.kind);

describe('drawer', () => {
  it('no-sale needs permission and a reason; it is logged before the drawer opens', async () => {
    expect((await host.fail('drawer.noSale', { reason: 'change for the till next door' })).code).toBe('approval.required');
    const opens = host.drawer.opens;
    await host.call('drawer.noSale', { reason: 'change for the till next door', approval: approvalBy('201') });
    expect(host.drawer.opens).toBe(opens + 1);
    expect(kinds().slice(-2)).toEqual(['approval', 'no-sale']);
  });
});
