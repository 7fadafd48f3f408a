// The discount limit is judged as an amount and as a share of the sale, with defaults that make
// sense in the store's currency: NT$250 off a NT$298 sale needs a manager.
import { afterEach, describe, expect, it } from 'vitest';
import { approvalBy, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';

let host: TestHost;
afterEach(() => host.close());

async function ringUp298(config: Parameters<typeof startTestHost>[0]): Promise<void> {
  host = startTestHost(config);
  await loginAs(host, '101');
  await openDrawer(host);
  for (const productId of ['p-noodle', 'p-noodle', 'p-tea', 'p-milk']) await host.call('sale.addItem', { productId });
  expect((await host.call('session.state')).sale!.total).toBe(298);
}

const off250 = { scope: 'order', kind: 'amount', value: 250, reason: 'regular customer' } as const;

describe('discount limit', () => {
  it('NT$250 off NT$298 needs a manager with the default limits', async () => {
    await ringUp298({ approvals: {} });
    await expectRefused(host, 'sale.applyDiscount', off250, 'approval.required');
    const approved = await host.call('sale.applyDiscount', { ...off250, approval: approvalBy('201') });
    expect(approved.total).toBe(48);
  });

  it('an older config with the limit in minor units (5000 = NT$5,000) still asks for 84 % off', async () => {
    await ringUp298({ approvals: { discountPercentBp: 1000, discountAmount: 5000, freeReprints: 1 } });
    await expectRefused(host, 'sale.applyDiscount', off250, 'approval.required');
  });

  it('a small discount within both limits is the cashier’s', async () => {
    await ringUp298({ approvals: { discountPercent: 10, discountAmountMajor: 500 } });
    const given = await host.call('sale.applyDiscount', { scope: 'order', kind: 'amount', value: 29, reason: 'dented can' });
    expect(given.total).toBe(269);
    // NT$30 is over 10 % of NT$298 together with what was given.
    await expectRefused(
      host,
      'sale.applyDiscount',
      { scope: 'line', lineNo: 3, kind: 'amount', value: 2, reason: 'x' },
      'approval.required',
    );
  });
});
