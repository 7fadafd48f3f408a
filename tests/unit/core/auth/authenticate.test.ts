// Sign-in lockouts read from the ledger's login-failed entries, so a restart keeps them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

describe('sign-in lockouts come from the ledger (issue #3)', () => {
  const wrongPin = (staffId = '102') => host.raw('session.login', { method: 'pin', staffId, pin: '9999' });
  const code = async (r: ReturnType<TestHost['raw']>) => {
    const x = await r;
    return x.ok ? 'ok' : x.error.code;
  };

  beforeEach(async () => {
    await host.call('session.logout', {});
  });

  it('a staff number locked by wrong PINs stays locked after a restart of the host, until the window passes', async () => {
    for (let i = 0; i < 2; i++) expect(await code(wrongPin())).toBe('auth.bad-credentials');
    host = host.restart();
    // The count survives the restart too: three more make five.
    for (let i = 0; i < 2; i++) expect(await code(wrongPin())).toBe('auth.bad-credentials');
    expect(await code(wrongPin())).toBe('auth.locked-out');
    host = host.restart();
    const r = await host.raw('session.login', { method: 'pin', staffId: '102', pin: '2222' });
    expect(r).toMatchObject({ ok: false, error: { code: 'auth.locked-out', details: { scope: 'staff' } } });
    // Someone else can still sign in, and approve for 102's staff number's actions.
    await loginAs(host, '101');
    await host.call('session.logout', {});
    host.clock.advance(14 * 60_000);
    expect(await code(host.raw('session.login', { method: 'pin', staffId: '102', pin: '2222' }))).toBe('auth.locked-out');
    host.clock.advance(2 * 60_000);
    await loginAs(host, '102');
    const failed = [...host.store.entries()].filter((e) => e.kind === 'login-failed').map((e) => e.body);
    expect(failed.map((b) => (b as { attempts: number }).attempts)).toEqual([1, 2, 3, 4, 5]);
    expect(failed.at(-1)).toMatchObject({ lockedOut: true });
  });

  it('wrong PINs older than the window no longer count, and a good PIN starts the count again', async () => {
    for (let i = 0; i < 4; i++) await wrongPin();
    host.clock.advance(16 * 60_000);
    expect(await code(wrongPin())).toBe('auth.bad-credentials');
    for (let i = 0; i < 3; i++) await wrongPin();
    await loginAs(host, '102');
    await host.call('session.logout', {});
    for (let i = 0; i < 4; i++) expect(await code(wrongPin())).toBe('auth.bad-credentials');
    expect(await code(wrongPin())).toBe('auth.locked-out');
  });

  it("a wrong manager PIN at an approval counts toward that manager's lockout", async () => {
    await loginAs(host, '101');
    for (let i = 0; i < 5; i++) await host.raw('drawer.noSale', { reason: 'x', approval: { method: 'pin', staffId: '301', pin: '0000' } });
    const r = await host.raw('drawer.noSale', { reason: 'x', approval: approvalBy('301') });
    expect(r).toMatchObject({ ok: false, error: { code: 'approval.denied' } });
    expect(r.ok ? '' : r.error.message).toMatch(/too many failed sign-ins/);
  });

  it('trying badges locks badge sign-in on the till (PINs still work), across a restart, for the window', async () => {
    for (let i = 1; i < 5; i++)
      expect(await code(host.raw('session.login', { method: 'badge', badge: `BADGE-GUESS-000${i}` }))).toBe('auth.bad-credentials');
    // A good badge between guesses does not reset the count.
    await host.call('session.login', { method: 'badge', badge: 'BADGE-AMY-0001' });
    await host.call('session.logout', {});
    expect(await code(host.raw('session.login', { method: 'badge', badge: 'BADGE-GUESS-0005' }))).toBe('auth.locked-out');
    host = host.restart();
    const r = await host.raw('session.login', { method: 'badge', badge: 'BADGE-AMY-0001' });
    expect(r).toMatchObject({ ok: false, error: { code: 'auth.locked-out', details: { scope: 'badge' } } });
    await loginAs(host, '101');
    await host.call('session.logout', {});
    host.clock.advance(16 * 60_000);
    expect(await host.call('session.login', { method: 'badge', badge: 'BADGE-AMY-0001' })).toMatchObject({ staffId: '101' });
    const failed = [...host.store.entries()].filter((e) => e.kind === 'login-failed').map((e) => e.body);
    expect(failed).toHaveLength(5);
    expect(failed.at(-1)).toEqual({ method: 'badge', attempts: 5, lockedOut: true });
  });
});

describe('what is not a badge is not a failed badge (#19 item 7)', () => {
  const failures = () => [...host.store.entries()].filter((e) => e.kind === 'login-failed').length;

  it('a staff number or a product barcode sent as a badge is refused as "not a badge": not logged, not counted', async () => {
    host.close();
    host = startTestHost({}, undefined, { staff: [{ staffId: 'S102', name: 'Sam', role: 'cashier', active: true, pin: '5555' }] });
    for (let i = 0; i < 6; i++) {
      await expectRefused(host, 'session.login', { method: 'badge', badge: 'S102' }, 'auth.not-a-badge');
      await expectRefused(host, 'session.login', { method: 'badge', badge: barcodeOf('p-tea') }, 'auth.not-a-badge');
    }
    const r = await host.raw('session.login', { method: 'badge', badge: 'S102' });
    expect(r).toMatchObject({ ok: false, error: { details: { kind: 'staff-number' } } });
    expect(await host.raw('session.login', { method: 'badge', badge: barcodeOf('p-tea') })).toMatchObject({
      ok: false,
      error: { details: { kind: 'product' } },
    });
    expect(failures()).toBe(0);
    // Badge sign-in is not locked by any of it; an unknown badge still counts.
    await host.call('session.login', { method: 'badge', badge: 'BADGE-AMY-0001' });
    await host.call('session.logout', {});
    expect((await host.fail('session.login', { method: 'badge', badge: 'BADGE-NOBODY-9' })).code).toBe('auth.bad-credentials');
    expect(failures()).toBe(1);
  });

  it('a product scanned at the lock screen is refused without a failed badge, and the till stays locked', async () => {
    await host.call('session.lock');
    await expectRefused(host, 'session.login', { method: 'badge', badge: barcodeOf('p-cake') }, 'auth.not-a-badge');
    expect((await host.fail('sale.scan', { code: barcodeOf('p-cake'), source: 'wedge' })).code).toBe('auth.required');
    expect((await host.call('session.state')).sale).toBeNull();
    expect(failures()).toBe(0);
  });
});
