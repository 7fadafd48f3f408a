// Hostile or broken input from the (untrusted) UI side: each is refused with a typed error and
// the ledger does not change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRefused, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { dispatchFrame } from '../../../host/dispatch.ts';
import { MAX_FRAME_BYTES } from '../../../core/contract/index.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

describe('malformed payloads', () => {
  it.each([
    ['params not an object', 'sale.scan', 'TEA', 'payload.invalid'],
    ['missing field', 'sale.scan', { source: 'hid' }, 'payload.invalid'],
    ['wrong type', 'sale.setQuantity', { lineNo: '1', qtyMilli: 1000 }, 'payload.invalid'],
    ['unknown field', 'sale.scan', { code: '4710000000011', source: 'hid', price: 1 }, 'payload.invalid'],
    ['bad enum', 'sale.scan', { code: '4710000000011', source: 'telepathy' }, 'payload.invalid'],
    ['negative amount', 'sale.addTender', { type: 'cash', amount: -100 }, 'payload.invalid'],
    ['fractional money', 'sale.addTender', { type: 'cash', amount: 10.5 }, 'payload.invalid'],
    ['huge quantity', 'sale.setQuantity', { lineNo: 1, qtyMilli: 1e15 }, 'payload.invalid'],
    ['oversized string', 'sale.scan', { code: 'x'.repeat(10_000), source: 'hid' }, 'payload.invalid'],
    ['card without last 4', 'sale.addTender', { type: 'card', amount: 10, reference: 'R' }, 'payload.invalid'],
    ['bad PIN format', 'session.login', { method: 'pin', staffId: '101', pin: '12' }, 'payload.invalid'],
    [
      'prototype pollution key',
      'sale.scan',
      JSON.parse('{"code":"4710000000011","source":"hid","__proto__":{"admin":true}}'),
      'payload.invalid',
    ],
    ['unknown method', 'sale.giveAway', {}, 'method.unknown'],
    ['internal-looking method', '__proto__', {}, 'method.unknown'],
  ])('%s', async (_label, method, params, code) => {
    await expectRefused(host, method, params, code);
  });

  it('scanner noise, bad check digits and unknown products never add an item', async () => {
    await expectRefused(host, 'sale.scan', { code: '4710000000012', source: 'hid' }, 'scan.invalid-barcode');
    await expectRefused(host, 'sale.scan', { code: '47100\u001b\u0070000011', source: 'serial' }, 'scan.invalid-barcode');
    await expectRefused(host, 'sale.scan', { code: '4006381333931', source: 'hid' }, 'scan.unknown-product');
    expect((await host.call('session.state')).sale).toBeNull();
  });
});

describe('transport frames', () => {
  it('rejects non-JSON, non-call and oversized frames before any handler runs', async () => {
    const h = {} as Parameters<typeof dispatchFrame>[0];
    const log = { error: () => undefined };
    expect(await dispatchFrame(h, 'not json', log)).toMatchObject({ ok: false, error: { code: 'payload.invalid' } });
    expect(await dispatchFrame(h, '{"type":"call","id":1}', log)).toMatchObject({ ok: false, error: { code: 'payload.invalid' } });
    const oversized = JSON.stringify({ type: 'call', id: 1, method: 'x', params: 'y'.repeat(MAX_FRAME_BYTES) });
    expect(await dispatchFrame(h, oversized, log)).toMatchObject({ ok: false, error: { code: 'payload.too-large' } });
  });
});

describe('ledger failures', () => {
  it('a full disk fails the sale with ledger.disk-full, loses nothing, and the sale completes once space is freed', async () => {
    const db = host.store.database;
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 2}`);
    let failure: unknown;
    let completed = 0;
    for (let i = 0; i < 60 && !failure; i++) {
      await host.call('sale.scan', { code: barcodeOf('p-noodle'), source: 'hid' });
      await host.call('sale.present');
      await host.call('sale.addTender', { type: 'cash', amount: 120 });
      const before = host.store.head();
      const r = await host.raw('sale.complete', {});
      if (r.ok) {
        completed++;
        continue;
      }
      failure = r.error;
      expect(r.error.code).toBe('ledger.disk-full');
      expect(r.error.message).toMatch(/disk is full/);
      expect(host.store.head()).toEqual(before);
    }
    expect(failure).toBeDefined();
    expect(host.printer.printed).toHaveLength(completed);
    db.pragma('max_page_count = 1073741823');
    // The sale is still there to complete once space is freed: nothing was lost or doubled.
    const done = await host.call('sale.complete');
    expect(done).toMatchObject({ status: 'printed', receiptNo: completed + 1 });
    expect(host.verify()).toMatchObject({ ok: true });
  });
});
