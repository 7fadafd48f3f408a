// Members on a sale: the app's time-based code, and a lookup by hand that needs a supervisor.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { entryOf, type EntryKind } from '../../../../core/ledger/bodies.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const lastOf = <K extends EntryKind>(kind: K) => entryOf([...host.store.entries()].filter((e) => e.kind === kind).at(-1), kind)!;

describe('member tiers', () => {
  it('a valid member code from the app gives the member price', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const view = await host.call('sale.scan', { code: host.token('M-1001'), source: 'hid' });
    expect(view.member).toMatchObject({ memberId: 'M-1001', tier: 'member', verification: 'app-code' });
    expect(view.lines[0]).toMatchObject({ priceTier: 'member', unitPrice: 22 });
  });

  it('an expired code (a screenshot) is refused and the retail price stays', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    const old = host.token('M-2001', new Date(host.clock.now().getTime() - 10 * 60_000));
    expect((await host.fail('sale.attachMember', { method: 'token', token: old })).code).toBe('member.token-expired');
    expect((await host.fail('sale.attachMember', { method: 'token', token: 'TPM1.M-2001.000000' })).code).toBe('member.token-invalid');
    const state = await host.call('session.state');
    expect(state.sale).toMatchObject({ member: null, total: 25 });
  });

  it('manual member lookup needs a supervisor and is flagged in the ledger', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    const before = host.store.head().seq;
    const refused = await host.fail('sale.attachMember', { method: 'manual', memberId: 'M-2001' });
    expect(refused).toMatchObject({ code: 'approval.required', details: { permission: 'member.manual' } });
    expect(host.store.head().seq).toBe(before);
    expect((await host.fail('sale.attachMember', { method: 'manual', memberId: 'M-2001', approval: approvalBy('102') })).code).toBe(
      'approval.denied',
    );
    const view = await host.call('sale.attachMember', { method: 'manual', memberId: 'M-2001', approval: approvalBy('201') });
    expect(view.member).toMatchObject({ tier: 'vip', verification: 'manual-lookup' });
    expect(lastOf('approval').body).toMatchObject({
      action: 'member.manual',
      reason: 'look up a member by hand',
      approverId: '201',
      requesterId: '101',
    });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 36 });
    await host.call('sale.complete');
    const sale = lastOf('sale').body;
    expect(sale.member).toMatchObject({ memberId: 'M-2001', verification: 'manual-lookup' });
    expect(sale.member!.approvalSeq).toBeGreaterThan(0);
    expect(host.store.dayTotals('2026-11-20')['member:manual']).toEqual({ amount: 36, count: 1 });
  });

  it('once the total is presented the customer cannot be changed', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    expect((await host.fail('sale.scan', { code: host.token('M-2001'), source: 'hid' })).code).toBe('sale.locked');
  });
});

describe('taking the member off', () => {
  it('before the total: the member goes, store prices come back, and the sale is recorded without a member', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.scan', { code: host.token('M-1001'), source: 'hid' });
    const view = await host.call('sale.detachMember', {});
    expect(view.member).toBeNull();
    expect(view.lines[0]).toMatchObject({ priceTier: 'retail', unitPrice: 25 });
    expect((await host.fail('sale.detachMember', {})).code).toBe('member.none');
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    await host.call('sale.complete');
    expect(lastOf('sale').body.member).toBeFalsy();
  });

  it('is refused once the total was presented, and without a signed-in cashier', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.scan', { code: host.token('M-1001'), source: 'hid' });
    await host.call('sale.present');
    expect((await host.fail('sale.detachMember', {})).code).toBe('sale.locked');
    expect((await host.call('session.state')).sale?.member).toMatchObject({ memberId: 'M-1001' });
    await host.call('session.lock');
    expect((await host.fail('sale.detachMember', {})).code).toMatch(/^auth\./);
  });
});
