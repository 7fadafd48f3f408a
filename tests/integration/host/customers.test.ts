// Customers at the till (issue #15) through the host's contract on a real SQLite ledger: a
// customer signs up (a member-created entry with their consent), a search finds them masked, what
// each role sees, the search limit, and a found member reaching a sale only by the approved lookup.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { entryOf, type EntryKind, type EntryOf } from '../../../core/ledger/bodies.ts';
import { DEFAULT_ROLES } from '../../../core/config/permissions.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
});
afterEach(() => host.close());

const all = <K extends EntryKind>(kind: K): EntryOf<K>[] =>
  [...host.store.entries()].map((e) => entryOf(e, kind)).filter((e): e is EntryOf<K> => e !== null);

const MEI = {
  name: '陳小明',
  phone: '0912-345-678',
  email: 'Mei.Chen@Example.COM',
  carrier: '/ab.1+-c',
  consent: { membership: true, marketing: false },
} as const;

describe('signing a customer up', () => {
  it('records the member with their consent, who took it and when, and the search finds them masked', async () => {
    const card = await host.call('member.create', MEI);
    expect(card).toMatchObject({
      name: '陳*明',
      phone: '09**-***-678',
      email: 'M***@example.com',
      contactShown: false,
      source: 'this-till',
    });
    expect(card.tier).toBe('member');
    const entry = all('member-created').at(-1)!;
    expect(entry.operatorId).toBe('101');
    expect(entry.body).toMatchObject({
      memberId: card.memberId,
      name: '陳小明',
      phone: '0912345678',
      email: 'Mei.Chen@example.com',
      carrier: '/AB.1+-C',
      consent: { membership: true, marketing: false },
      consentAt: '2026-11-20T02:00:00.000Z',
    });
    expect(host.verify().ok).toBe(true);

    const byPhone = await host.call('member.search', { phone: '+886 912 345 678' });
    expect(byPhone).toEqual({
      members: [{ memberId: card.memberId, name: '陳*明', phone: '09**-***-678', tier: 'member', source: 'this-till' }],
      more: false,
    });
    const byName = await host.call('member.search', { name: '小明' });
    expect(byName.members.map((m) => m.memberId)).toEqual([card.memberId]);
    // Nothing about the search reaches the screen unmasked.
    expect(JSON.stringify([byPhone, byName])).not.toMatch(/小明|345|Mei/);
  });

  it('is found again after a restart (the read model is in the ledger file)', async () => {
    const card = await host.call('member.create', MEI);
    host = host.restart();
    await loginAs(host, '101');
    expect((await host.call('member.search', { phone: '0912345678' })).members[0]?.memberId).toBe(card.memberId);
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const bad: Array<[unknown, string]> = [
      [{ ...MEI, phone: '02-2345-6789' }, 'payload.invalid'],
      [{ ...MEI, email: 'not-an-address' }, 'payload.invalid'],
      [{ ...MEI, carrier: '/AB,1234' }, 'payload.invalid'],
      [{ name: '王明', consent: { membership: true, marketing: true } }, 'payload.invalid'],
      [{ ...MEI, consent: { membership: false, marketing: false } }, 'payload.invalid'],
      [{ ...MEI, consent: undefined }, 'payload.invalid'],
    ];
    for (const [params, code] of bad) await expectRefused(host, 'member.create', params, code);
    const mistake = await host.fail('member.create', { ...MEI, carrier: '/AB,1234' });
    expect(mistake.message).toContain('mobile barcode');
    expect(all('member-created')).toHaveLength(0);
  });

  it('refuses the same mobile number twice and a sign-up in training', async () => {
    await host.call('member.create', MEI);
    await expectRefused(host, 'member.create', { ...MEI, name: '陳大明' }, 'member.exists');
    await host.call('session.logout');
    await loginAs(host, '102', true);
    await expectRefused(host, 'member.create', { ...MEI, phone: '0987654321' }, 'training.not-real');
  });
});

describe('what each role sees', () => {
  it('a cashier sees contact details masked; a manager sees them in full', async () => {
    const { memberId } = await host.call('member.create', MEI);
    expect(await host.call('member.view', { memberId })).toMatchObject({ contactShown: false, phone: '09**-***-678', name: '陳*明' });
    await host.call('session.logout');
    await loginAs(host, '301');
    expect(await host.call('member.view', { memberId })).toMatchObject({
      contactShown: true,
      name: '陳小明',
      phone: '0912345678',
      email: 'Mei.Chen@example.com',
      carrier: '/AB.1+-C',
    });
  });

  it('a role without the permissions is refused searching, viewing and signing up', async () => {
    host.close();
    const cashier = DEFAULT_ROLES.cashier.filter((p) => p !== 'member.search' && p !== 'member.create');
    host = startTestHost({ roles: { ...DEFAULT_ROLES, cashier } });
    await loginAs(host, '101');
    await expectRefused(host, 'member.search', { name: 'Lin' }, 'permission.denied');
    await expectRefused(host, 'member.view', { memberId: 'M-1001' }, 'permission.denied');
    await expectRefused(host, 'member.create', MEI, 'permission.denied');
    await host.call('session.logout');
    await expectRefused(host, 'member.search', { name: 'Lin' }, 'auth.required');
  });

  it('limits searches per operator: the next one after the limit is refused until the window passes', async () => {
    const { maxSearches } = { maxSearches: 20 };
    for (let i = 0; i < maxSearches; i++) await host.call('member.search', { name: 'Chen' });
    await expectRefused(host, 'member.search', { name: 'Chen' }, 'member.search-limit');
    // Another operator has their own allowance.
    await host.call('session.logout');
    await loginAs(host, '102');
    await host.call('member.search', { name: 'Chen' });
    await host.call('session.logout');
    await loginAs(host, '101');
    host.clock.advance(10 * 60_000 + 1);
    await host.call('member.search', { name: 'Chen' });
  });

  it('opening member cards by guessed numbers counts as searching', async () => {
    for (let i = 0; i < 20; i++) await host.fail('member.view', { memberId: `M-${9000 + i}` });
    await expectRefused(host, 'member.view', { memberId: 'M-2001' }, 'member.search-limit');
    await expectRefused(host, 'member.search', { name: 'VIP' }, 'member.search-limit');
  });
});

describe('a found member and the sale', () => {
  it('finding a VIP attaches nothing; attaching goes through the approved manual lookup', async () => {
    await openDrawer(host);
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    const found = await host.call('member.search', { name: 'vip' });
    expect(found.members).toEqual([{ memberId: 'M-2001', name: 'V*P C**n', phone: null, tier: 'vip', source: 'hq' }]);
    expect((await host.call('session.state')).sale).toMatchObject({ member: null });
    await expectRefused(host, 'sale.attachMember', { method: 'manual', memberId: 'M-2001' }, 'approval.required');
    const view = await host.call('sale.attachMember', { method: 'manual', memberId: 'M-2001', approval: approvalBy('201') });
    expect(view.member).toMatchObject({ memberId: 'M-2001', verification: 'manual-lookup' });
  });

  it('the member card lists the member’s latest sales at this till', async () => {
    await openDrawer(host);
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    await host.call('sale.attachMember', { method: 'manual', memberId: 'M-1001', approval: approvalBy('201') });
    const view = await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: view.total });
    await host.call('sale.complete');
    const card = await host.call('member.view', { memberId: 'M-1001' });
    const sale = all('sale').at(-1)!;
    expect(card.purchases).toEqual([{ receiptNo: sale.body.receiptNo, at: sale.endedAt, total: sale.body.total, status: 'completed' }]);
    expect(card).toMatchObject({ name: 'L*n M*i', source: 'hq', email: 'l***@example.com' });
  });
});
