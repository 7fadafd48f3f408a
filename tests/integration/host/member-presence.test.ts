// The member's price without the member (issue #12, paths 1 to 3), tried as a dishonest cashier
// would, through the host's contract: a typed card number, guessed app codes, a replayed code.
// A scanner the host drives is simulated the way host/terminal-runtime.ts hands its reads over.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { entryOf, type EntryKind, type EntryOf } from '../../../core/ledger/bodies.ts';

const VIP_CARD = '9900000002';
let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const all = <K extends EntryKind>(kind: K): EntryOf<K>[] =>
  [...host.store.entries()].map((e) => entryOf(e, kind)).filter((e): e is EntryOf<K> => e !== null);

async function completeSale(): Promise<EntryOf<'sale'>> {
  const view = await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: view.total });
  await host.call('sale.complete');
  return all('sale').at(-1)!;
}

describe('a typed card number is a manual lookup', () => {
  it('needs a manager: refused without approval (nothing written), refused with a cashier, flagged manual with a supervisor', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    await expectRefused(host, 'sale.attachMember', { method: 'card', card: VIP_CARD }, 'approval.required');
    expect((await host.fail('sale.attachMember', { method: 'card', card: VIP_CARD, approval: approvalBy('102') })).code).toBe(
      'approval.denied',
    );
    const view = await host.call('sale.attachMember', { method: 'card', card: VIP_CARD, approval: approvalBy('201') });
    expect(view.member).toMatchObject({ memberId: 'M-2001', verification: 'manual-lookup' });
    expect(all('approval').at(-1)!.body).toMatchObject({
      action: 'member.manual',
      approverId: '201',
      requesterId: '101',
      subject: { by: 'card-number', card: VIP_CARD, memberId: 'M-2001' },
    });
    const sale = await completeSale();
    expect(sale.body.member).toMatchObject({ memberId: 'M-2001', verification: 'manual-lookup', approverId: '201' });
    expect(sale.body.member!.approvalSeq).toBe(all('approval').at(-1)!.seq);
    expect(host.store.dayTotals('2026-11-20')['member:manual']).toMatchObject({ count: 1 });
  });

  it('a screen claiming a scanner read of a card gets no member price', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    for (const source of ['serial', 'hid', 'wedge'] as const) {
      await expectRefused(host, 'sale.scan', { code: VIP_CARD, source }, 'scan.invalid-barcode');
    }
    expect((await host.call('session.state')).sale).toMatchObject({ member: null, total: 45 });
  });

  it('a card read by the till’s own scanner counts as scanned, with no approval', async () => {
    await host.scanner(barcodeOf('p-cake'));
    const before = host.store.head().seq;
    const view = await host.scanner(VIP_CARD);
    expect(view.member).toMatchObject({ memberId: 'M-2001', verification: 'card-scanned' });
    expect(view.total).toBe(36);
    expect(host.store.head().seq).toBe(before);
    const sale = await completeSale();
    expect(sale.body.member).toEqual({ memberId: 'M-2001', tier: 'vip', verification: 'card-scanned' });
  });

  it('an unknown typed card is a failed verification in the ledger', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    expect((await host.fail('sale.attachMember', { method: 'card', card: '9900009999' })).code).toBe('member.not-found');
    expect(all('member-verification-failed').at(-1)!.body).toMatchObject({
      method: 'card-typed',
      reason: 'not-found',
      source: 'screen',
      tillFailures: 1,
    });
  });
});

describe('guessing app codes', () => {
  it('an attacker loop is locked after 5 wrong codes; each failure is in the ledger; a manager unlocks one code; 10 minutes end it', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    let tries = 0;
    let locked: string | null = null;
    for (let guess = 0; guess < 50 && !locked; guess++) {
      const r = await host.raw('sale.attachMember', { method: 'token', token: `TPM1.M-2001.${String(guess).padStart(6, '0')}` });
      expect(r.ok).toBe(false);
      if (!r.ok && r.error.code !== 'member.token-invalid') locked = r.error.code;
      else tries++;
    }
    expect(tries).toBe(5);
    expect(locked).toBe('approval.required');
    const failures = all('member-verification-failed');
    expect(failures.map((f) => [f.body.tillFailures, f.body.memberFailures, f.body.lockedOut])).toEqual([
      [1, 1, false],
      [2, 2, false],
      [3, 3, false],
      [4, 4, false],
      [5, 5, true],
    ]);
    expect(failures[0]!.body).toMatchObject({ method: 'app-code', reason: 'invalid', memberId: 'M-2001', source: 'screen' });
    expect(failures[0]!.operatorId).toBe('101');
    // A manager sees them in the day's totals (X and Z reports).
    expect(host.store.dayTotals('2026-11-20')['member-failures']).toEqual({ amount: 0, count: 5 });

    // Locked: even the customer's real code needs a manager, for every member at this till.
    await expectRefused(host, 'sale.attachMember', { method: 'token', token: host.token('M-1001') }, 'approval.required');
    await expectRefused(host, 'sale.scan', { code: host.token('M-2001'), source: 'wedge' }, 'member.codes-locked');
    const view = await host.call('sale.attachMember', { method: 'token', token: host.token('M-2001'), approval: approvalBy('301') });
    expect(view.member).toMatchObject({ memberId: 'M-2001', verification: 'app-code' });
    expect(all('approval').at(-1)!.body).toMatchObject({
      action: 'member.manual',
      approverId: '301',
      reason: 'use a member code while member codes are locked',
    });

    // A restart keeps the lock (it is read from the ledger) ...
    host = host.restart();
    await loginAs(host, '101');
    await expectRefused(host, 'sale.attachMember', { method: 'token', token: host.token('M-1001') }, 'approval.required');
    // ... until the failures are older than the window.
    host.clock.advance(10 * 60_000 + 1000);
    expect((await host.call('sale.attachMember', { method: 'token', token: host.token('M-1001') })).member).toMatchObject({
      memberId: 'M-1001',
      verification: 'app-code',
    });
    expect(host.verify().ok).toBe(true);
  });

  it('the lockout limit and window come from the config', async () => {
    host.close();
    host = startTestHost({ members: { codeLockout: { maxFailures: 2, windowMinutes: 1 } } });
    await loginAs(host, '101');
    for (const guess of ['000001', '000002']) {
      expect((await host.fail('sale.attachMember', { method: 'token', token: `TPM1.M-1001.${guess}` })).code).toBe('member.token-invalid');
    }
    expect(all('member-verification-failed').at(-1)!.body.lockedOut).toBe(true);
    await expectRefused(host, 'sale.attachMember', { method: 'token', token: host.token('M-1001') }, 'approval.required');
    host.clock.advance(61_000);
    expect((await host.call('sale.attachMember', { method: 'token', token: host.token('M-1001') })).member?.memberId).toBe('M-1001');
  });

  it('counts per member as well as per till', async () => {
    await host.fail('sale.attachMember', { method: 'token', token: 'TPM1.M-1001.000000' });
    await host.fail('sale.attachMember', { method: 'token', token: 'TPM1.M-2001.000000' });
    await host.fail('sale.attachMember', { method: 'token', token: 'TPM1.M-1001.000001' });
    await host.fail('sale.attachMember', { method: 'token', token: 'TPM1.NOBODY.000001' });
    expect(
      all('member-verification-failed').map((f) => [f.body.memberId, f.body.reason, f.body.tillFailures, f.body.memberFailures]),
    ).toEqual([
      ['M-1001', 'invalid', 1, 1],
      ['M-2001', 'invalid', 2, 1],
      ['M-1001', 'invalid', 3, 2],
      ['NOBODY', 'not-found', 4, 1],
    ]);
  });
});

describe('replaying an app code', () => {
  it('a code attaches once: the next sale at this till is refused and logged, a restart does not forget it', async () => {
    const code = host.token('M-2001');
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    await host.call('sale.scan', { code, source: 'wedge' });
    // The same code again on the same sale changes nothing and is no failure.
    expect((await host.call('sale.attachMember', { method: 'token', token: code })).member?.verification).toBe('app-code');
    const first = await completeSale();
    expect(first.body.member).toMatchObject({ memberId: 'M-2001', verification: 'app-code', codeStep: expect.any(Number) });
    expect(all('member-verification-failed')).toHaveLength(0);

    host.clock.advance(5_000);
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    expect((await host.fail('sale.attachMember', { method: 'token', token: code })).code).toBe('member.token-used');
    expect(all('member-verification-failed').at(-1)!.body).toMatchObject({
      method: 'app-code',
      reason: 'replayed',
      memberId: 'M-2001',
      codeStep: first.body.member!.codeStep,
    });
    expect((await host.call('session.state')).sale).toMatchObject({ member: null, total: 45 });

    host = host.restart();
    await loginAs(host, '101');
    expect((await host.fail('sale.scan', { code, source: 'hid' })).code).toBe('member.token-used');
    // The app's next code is a new code.
    host.clock.advance(30_000);
    expect((await host.call('sale.attachMember', { method: 'token', token: host.token('M-2001') })).member?.memberId).toBe('M-2001');
  });

  it('a code used on a sale that was cancelled is used too', async () => {
    const code = host.token('M-1001');
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.attachMember', { method: 'token', token: code });
    await host.call('sale.cancel', { reason: 'customer left', approval: approvalBy('201') });
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    expect((await host.fail('sale.attachMember', { method: 'token', token: code })).code).toBe('member.token-used');
  });

  it('a code read by the till’s own scanner is held to the same rules', async () => {
    const code = host.token('M-1001');
    await host.scanner(barcodeOf('p-tea'));
    expect((await host.scanner(code)).member?.verification).toBe('app-code');
    await completeSale();
    await host.scanner(barcodeOf('p-tea'));
    await expect(host.scanner(code)).rejects.toMatchObject({ code: 'member.token-used' });
    expect(all('member-verification-failed').at(-1)!.body).toMatchObject({ reason: 'replayed', source: 'scanner' });
  });
});
