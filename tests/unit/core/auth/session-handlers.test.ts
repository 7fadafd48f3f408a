// Signing in and out at the till: PINs, badges, and a staff number locked after wrong PINs.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

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
