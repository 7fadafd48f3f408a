// The checks every domain shares: a receipt still owed blocks the next sale or return.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { ERROR_CODES } from '../../../../core/contract/index.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

async function expectRefused(method: string, params: unknown, code: string): Promise<void> {
  const before = host.store.head();
  const r = await host.raw(method, params);
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.code).toBe(code);
    expect(ERROR_CODES).toContain(r.error.code);
    expect(r.error.messageKey).toBe(`error.${r.error.code}`);
    expect(r.error.message).not.toMatch(/\n\s+at /); // never a stack trace
  }
  expect(host.store.head()).toEqual(before);
}

describe('a receipt owed to a customer', () => {
  it('a second sale cannot start while a receipt is still owed', async () => {
    host.printer.setFault('paper-out');
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    await host.call('sale.complete');
    await expectRefused('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' }, 'sale.obligation-open');
    await expectRefused('sale.addItem', { productId: 'p-cake' }, 'sale.obligation-open');
    const aReturn = { lines: [{ productId: 'p-cake', qtyMilli: 1000 }], reason: 'r', approval: approvalBy('301') };
    await expectRefused('return.complete', aReturn, 'sale.obligation-open');
  });
});
