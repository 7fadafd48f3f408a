// The checks every domain shares: a receipt still owed blocks the next sale or return.
import { afterEach, beforeEach, describe, it } from 'vitest';
import { expectRefused, approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

describe('a receipt owed to a customer', () => {
  it('a second sale cannot start while a receipt is still owed', async () => {
    host.printer.setFault('paper-out');
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    await host.call('sale.complete');
    await expectRefused(host, 'sale.scan', { code: barcodeOf('p-cake'), source: 'hid' }, 'sale.obligation-open');
    await expectRefused(host, 'sale.addItem', { productId: 'p-cake' }, 'sale.obligation-open');
    const aReturn = { lines: [{ productId: 'p-cake', qtyMilli: 1000 }], reason: 'r', approval: approvalBy('301') };
    await expectRefused(host, 'return.complete', aReturn, 'sale.obligation-open');
  });
});
