// The serial of a serialized line given from the screen (issue #14): typed, so approved; checked
// against the sale and the ledger before any approval is written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, expectRefused, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';

const RING = {
  productId: 'p-ring',
  sku: 'RING',
  name: 'Ring',
  names: {},
  department: 'jewellery',
  taxClass: 'standard',
  unit: 'each' as const,
  prices: { retail: 5000 },
  barcodes: ['04710000000073'],
  active: true,
  serialized: true,
};

let host: TestHost;
beforeEach(async () => {
  host = startTestHost({}, undefined, { products: [RING] });
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

describe('sale.setSerial', () => {
  it('is for serialized lines only, one serial per sale', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await expectRefused(host, 'sale.setSerial', { lineNo: 1, serial: 'R-1', approval: approvalBy('201') }, 'serial.invalid');
    await host.call('sale.addItem', { productId: 'p-ring' });
    await host.call('sale.setSerial', { lineNo: 2, serial: 'R-1', approval: approvalBy('201') });
    await host.call('sale.addItem', { productId: 'p-ring' });
    await expectRefused(host, 'sale.setSerial', { lineNo: 3, serial: 'r-1', approval: approvalBy('201') }, 'serial.sold');
    await expectRefused(host, 'sale.setSerial', { lineNo: 9, serial: 'R-2', approval: approvalBy('201') }, 'sale.line-not-found');
  });

  it('a supervisor signed in types a serial without another approval', async () => {
    await loginAs(host, '201');
    await host.call('sale.addItem', { productId: 'p-ring' });
    const view = await host.call('sale.setSerial', { lineNo: 1, serial: 'R-3' });
    expect(view.lines[0]).toMatchObject({ serialRequired: true, serial: 'R-3' });
    expect([...host.store.entries()].filter((e) => e.kind === 'approval')).toHaveLength(0);
  });
});
