// The till's Loss prevention screen reads loss.cases: the seed pattern rung up at this till shows
// as a case for a manager, in the screen's language, with its entries; a cashier is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

let host: TestHost;
beforeEach(async () => {
  // A small store: a sale of 50 at a member price is "high value" here.
  host = startTestHost({ lossRules: { seedPattern: { highValue: 50 } } });
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

async function seedPattern(): Promise<void> {
  // The member buys a tea with the app's code...
  await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
  await host.call('sale.scan', { code: host.token('M-2001'), source: 'hid' });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: 100 });
  await host.call('sale.complete');
  host.clock.advance(3 * 3600_000);
  // ...and later the same cashier sells cakes at the member's price, the member number typed in.
  for (let i = 0; i < 3; i++) await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
  await host.call('sale.attachMember', { method: 'manual', memberId: 'M-2001', approval: approvalBy('201') });
  await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: 500 });
  await host.call('sale.complete');
}

describe('loss.cases', () => {
  it('shows a manager the seed pattern, worded in the language asked for, with its entries', async () => {
    await seedPattern();
    await host.call('session.logout', {});
    await loginAs(host, '301');
    const en = await host.call('loss.cases', { days: 7, locale: 'en' });
    expect(en.to).toBe('2026-11-20');
    expect(en.from).toBe('2026-11-14');
    const seed = en.cases.find((c) => c.rule === 'seed-pattern');
    expect(seed).toMatchObject({ memberId: 'M-2001', staffIds: ['101'], businessDay: '2026-11-20' });
    expect(seed!.score).toBeGreaterThan(0);
    expect(seed!.explanation).toMatch(/M-2001/);
    expect(seed!.evidence.map((e) => e.kind)).toContain('sale');
    expect(seed!.evidence.every((e) => seed!.seqs.includes(e.seq))).toBe(true);
    expect(seed!.evidence.find((e) => e.kind === 'sale' && (e.amount ?? 0) > 50)).toBeDefined();
    const tw = await host.call('loss.cases', { days: 1, locale: 'zh-TW' });
    const seedTw = tw.cases.find((c) => c.rule === 'seed-pattern')!;
    expect(seedTw.explanation).not.toBe(seed!.explanation);
    expect(seedTw.explanation).toMatch(/[\u4e00-\u9fff]/);
  });

  it("charts each cashier's exceptions and each salesperson's sales at a member tier price", async () => {
    await seedPattern();
    await host.call('session.logout', {});
    await loginAs(host, '301');
    const { charts } = await host.call('loss.cases', { days: 7, locale: 'en' });
    // Both sales were the cashier's (no salesperson named), both at the member's price; the second
    // with the member typed in and a manager's approval: a manual member for the cashier.
    expect(charts.tierSales).toEqual([{ staffId: '101', sales: 2, atTier: 2 }]);
    expect(charts.exceptions).toContainEqual({ staffId: '101', kind: 'manualMembers', count: 1 });
  });

  it('records a review in the ledger; a pattern reviewed fine stays quiet but shown, last', async () => {
    await seedPattern();
    await host.call('session.logout', {});
    await loginAs(host, '301');
    const before = await host.call('loss.cases', { days: 7, locale: 'en' });
    const seed = before.cases.find((c) => c.rule === 'seed-pattern')!;
    expect(seed.review).toBeNull();
    const { seq } = await host.call('loss.review', {
      days: 7,
      rule: seed.rule,
      refs: seed.refs,
      outcome: 'fine',
      note: 'the member came back for cakes',
    });
    const entry = host.store.entry(seq)!;
    expect(entry).toMatchObject({ kind: 'loss-review', operatorId: '301' });
    expect(entry.body).toMatchObject({ rule: 'seed-pattern', outcome: 'fine', memberId: 'M-2001', staffIds: ['101'], evidence: seed.refs });
    const after = await host.call('loss.cases', { days: 7, locale: 'en' });
    expect(after.cases.find((c) => c.rule === 'seed-pattern')!.review).toMatchObject({ outcome: 'fine', by: '301', seq });

    // The same pattern the next day (the same cashier, the same member): accepted, listed after the rest.
    host.clock.advance(24 * 3600_000);
    await host.call('session.logout', {});
    await loginAs(host, '101');
    await seedPattern();
    await host.call('session.logout', {});
    await loginAs(host, '301');
    const next = await host.call('loss.cases', { days: 7, locale: 'en' });
    const again = next.cases.filter((c) => c.rule === 'seed-pattern' && c.review === null);
    expect(again.length).toBeGreaterThan(0);
    expect(again.every((c) => c.acceptedBy?.seq === seq)).toBe(true);
    expect(next.cases.at(-1)!.acceptedBy).not.toBeNull();
  });

  it('refuses a review of a case the rules do not find, and a cashier', async () => {
    await seedPattern();
    const refs = [{ terminalId: host.store.terminalId, seq: 2 }];
    expect((await host.fail('loss.review', { days: 7, rule: 'seed-pattern', refs, outcome: 'fraud', note: 'made up' })).code).toMatch(
      /permission/,
    );
    await host.call('session.logout', {});
    await loginAs(host, '301');
    expect((await host.fail('loss.review', { days: 7, rule: 'seed-pattern', refs, outcome: 'fraud', note: 'made up' })).code).toBe(
      'loss.case-not-found',
    );
    expect((await host.fail('loss.review', { days: 7, rule: 'seed-pattern', refs, outcome: 'fraud', note: '' })).code).toMatch(
      /invalid|params/,
    );
  });

  it('refuses a cashier and a number of days out of range', async () => {
    await seedPattern();
    expect((await host.fail('loss.cases', { days: 7, locale: 'en' })).code).toMatch(/permission|denied|forbidden/);
    await host.call('session.logout', {});
    await loginAs(host, '301');
    expect((await host.fail('loss.cases', { days: 32 } as never)).code).toMatch(/invalid|params/);
  });
});
