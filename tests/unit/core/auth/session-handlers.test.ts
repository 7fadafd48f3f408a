// Signing in and out at the till: PINs, badges, and a staff number locked after wrong PINs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const kinds = () => [...host.store.entries()].map((e) => e.kind);

describe('staff', () => {
  it('locks a staff number out after repeated wrong PINs, and logs each failure', async () => {
    await host.call('session.logout', {});
    for (let i = 0; i < 4; i++)
      expect((await host.fail('session.login', { method: 'pin', staffId: '102', pin: '9999' })).code).toBe('auth.bad-credentials');
    expect((await host.fail('session.login', { method: 'pin', staffId: '102', pin: '9999' })).code).toBe('auth.locked-out');
    expect((await host.fail('session.login', { method: 'pin', staffId: '102', pin: '2222' })).code).toBe('auth.locked-out');
    expect(kinds().filter((k) => k === 'login-failed')).toHaveLength(5);
    host.clock.advance(16 * 60_000);
    await host.call('session.login', { method: 'pin', staffId: '102', pin: '2222' });
  });

  it('logs in by badge', async () => {
    await host.call('session.logout', {});
    const op = await host.call('session.login', { method: 'badge', badge: 'BADGE-AMY-0001' });
    expect(op).toMatchObject({ staffId: '101', role: 'cashier' });
  });
});

describe('switching operator and taking over at the lock screen', () => {
  it('switches operator at a locked till with no sale: signed out, logged, the next one signs in', async () => {
    await host.call('session.lock');
    await host.call('session.logout', { reason: 'switch' });
    expect((await host.call('session.state')).operator).toBeNull();
    expect([...host.store.entries()].at(-1)).toMatchObject({ kind: 'logout', operatorId: '101', body: { reason: 'switch' } });
    await loginAs(host, '102');
    expect((await host.call('session.state')).operator?.staffId).toBe('102');
  });

  it("a manager takes over a locked-out cashier's open sale and cancels it; a cashier may not", async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const saleId = (await host.call('session.state')).sale!.saleId;
    await host.call('session.lock');
    // Signing out is refused with a sale open: it would leave the sale to nobody.
    expect((await host.fail('session.logout', { reason: 'switch' })).code).toBe('sale.locked');
    // Amy gets her PIN wrong until she is locked out.
    for (let i = 0; i < 5; i++) await host.fail('session.login', { method: 'pin', staffId: '101', pin: '9999' });
    expect((await host.fail('session.login', { method: 'pin', staffId: '101', pin: '1111' })).code).toBe('auth.locked-out');
    // Another cashier cannot take her sale.
    const refused = await host.fail('session.login', { method: 'pin', staffId: '102', pin: '2222' });
    expect(refused.code).toBe('sale.takeover-denied');
    expect(refused.message).toMatch(/manager takes it over/);
    // The manager's badge takes over: Amy signed out, the manager signed in over her sale, both logged.
    const who = await host.call('session.login', { method: 'badge', badge: 'BADGE-MGR-0301' });
    expect(who.staffId).toBe('301');
    const [logout, login] = [...host.store.entries()].slice(-2);
    expect(logout).toMatchObject({ kind: 'logout', operatorId: '101', body: { reason: 'switch' } });
    expect(login).toMatchObject({ kind: 'login', operatorId: '301', body: { method: 'badge', takeover: { from: '101', saleId } } });
    const state = await host.call('session.state');
    expect(state).toMatchObject({ locked: false, operator: { staffId: '301' }, sale: { saleId } });
    await host.call('sale.cancel', { reason: 'customer left' });
    expect((await host.call('session.state')).sale).toBeNull();
    expect(host.verify()).toMatchObject({ ok: true });
  });

  it('the manager finishes the taken-over sale, and the sale is booked to them', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('session.lock');
    await host.call('session.login', { method: 'pin', staffId: '301', pin: '4444' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    await host.call('sale.complete');
    expect([...host.store.entries()].find((e) => e.kind === 'sale')).toMatchObject({ operatorId: '301' });
  });
});
