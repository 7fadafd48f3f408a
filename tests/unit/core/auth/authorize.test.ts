// One permission path: the operator holds the permission, or someone who does approves on the spot.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRefused, approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

describe('permissions are checked in the terminal against the logged-in operator', () => {
  it('nothing works before login', async () => {
    await host.call('session.logout', {});
    await expectRefused(host, 'sale.scan', { code: barcodeOf('p-tea'), source: 'hid' }, 'auth.required');
    await expectRefused(host, 'report.x', {}, 'auth.required');
  });

  it('a cashier cannot post-void, open the drawer, close the day or read the X report without a manager', async () => {
    await expectRefused(host, 'drawer.noSale', { reason: 'x' }, 'approval.required');
    await expectRefused(host, 'report.z', {}, 'approval.required');
    await expectRefused(host, 'report.x', {}, 'permission.denied');
    await expectRefused(host, 'till.cashMovement', { kind: 'pickup', amount: 500, reason: 'safe' }, 'approval.required');
  });

  it('a cashier cannot approve for another cashier', async () => {
    await expectRefused(host, 'drawer.noSale', { reason: 'x', approval: approvalBy('102') }, 'approval.denied');
  });

  it('a refused approval says why (the screen names the reason)', async () => {
    const r = await host.raw('drawer.noSale', { reason: 'x', approval: approvalBy('102') });
    expect(r).toMatchObject({ ok: false, error: { code: 'approval.denied', details: { reason: 'not-allowed' } } });
  });

  it('a wrong manager PIN is refused, and the failed attempt itself is logged', async () => {
    const before = host.store.head().seq;
    const r = await host.raw('drawer.noSale', { reason: 'x', approval: { method: 'pin', staffId: '301', pin: '0000' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'approval.denied', details: { reason: 'bad-credentials' } } });
    const logged = [...host.store.entries({ from: before + 1 })];
    expect(logged.map((e) => [e.kind, e.body])).toEqual([
      ['login-failed', { method: 'pin', staffId: '301', attempts: 1, lockedOut: false }],
    ]);
  });
});
