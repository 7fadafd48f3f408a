// Hostile or broken input from the (untrusted) UI side: each is refused with a typed error and
// the ledger does not change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { dispatchFrame } from '../../../host/dispatch.ts';
import { MAX_FRAME_BYTES, ERROR_CODES } from '../../../core/contract/index.ts';
import type { ParamsInput } from '../../../core/contract/methods.ts';

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
    ['prototype pollution key', 'sale.scan', JSON.parse('{"code":"4710000000011","source":"hid","__proto__":{"admin":true}}'), 'payload.invalid'],
    ['unknown method', 'sale.giveAway', {}, 'method.unknown'],
    ['internal-looking method', '__proto__', {}, 'method.unknown'],
  ])('%s', async (_label, method, params, code) => {
    await expectRefused(method, params, code);
  });

  it('scanner noise, bad check digits and unknown products never add an item', async () => {
    await expectRefused('sale.scan', { code: '4710000000012', source: 'hid' }, 'scan.invalid-barcode');
    await expectRefused('sale.scan', { code: '47100\u001b\u0070000011', source: 'serial' }, 'scan.invalid-barcode');
    await expectRefused('sale.scan', { code: '4006381333931', source: 'hid' }, 'scan.unknown-product');
    expect((await host.call('session.state')).sale).toBeNull();
  });
});

describe('transport frames', () => {
  it('rejects non-JSON, non-call and oversized frames before any handler runs', async () => {
    const h = {} as Parameters<typeof dispatchFrame>[0];
    const log = { error: () => undefined };
    expect(await dispatchFrame(h, 'not json', log)).toMatchObject({ ok: false, error: { code: 'payload.invalid' } });
    expect(await dispatchFrame(h, '{"type":"call","id":1}', log)).toMatchObject({ ok: false, error: { code: 'payload.invalid' } });
    expect(await dispatchFrame(h, JSON.stringify({ type: 'call', id: 1, method: 'x', params: 'y'.repeat(MAX_FRAME_BYTES) }), log)).toMatchObject({ ok: false, error: { code: 'payload.too-large' } });
  });
});

describe('permissions are checked in the host against the logged-in operator', () => {
  it('nothing works before login', async () => {
    await host.call('session.logout', {});
    await expectRefused('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' }, 'auth.required');
    await expectRefused('report.x', {}, 'auth.required');
  });

  it('a cashier cannot post-void, open the drawer, close the day or read the X report without a manager', async () => {
    await expectRefused('drawer.noSale', { reason: 'x' }, 'approval.required');
    await expectRefused('report.z', {}, 'approval.required');
    await expectRefused('report.x', {}, 'permission.denied');
    await expectRefused('till.cashMovement', { kind: 'pickup', amount: 500, reason: 'safe' }, 'approval.required');
  });

  it('a cashier cannot approve for another cashier', async () => {
    await expectRefused('drawer.noSale', { reason: 'x', approval: approvalBy('102') }, 'approval.denied');
  });

  it('a wrong manager PIN is refused, and the failed attempt itself is logged', async () => {
    const before = host.store.head().seq;
    const r = await host.raw('drawer.noSale', { reason: 'x', approval: { method: 'pin', staffId: '301', pin: '0000' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'approval.denied' } });
    const logged = [...host.store.entries({ from: before + 1 })];
    expect(logged.map((e) => [e.kind, e.body])).toEqual([['login-failed', { method: 'pin', staffId: '301', attempts: 1, lockedOut: false }]]);
  });

  it('a second sale cannot start while a receipt is still owed', async () => {
    host.printer.setFault('paper-out');
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 25 });
    await host.call('sale.complete');
    await expectRefused('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' }, 'sale.obligation-open');
    await expectRefused('sale.addItem', { productId: 'p-cake' }, 'sale.obligation-open');
    await expectRefused('return.complete', { lines: [{ productId: 'p-cake', qtyMilli: 1000 }], reason: 'r', approval: approvalBy('301') }, 'sale.obligation-open');
  });

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

describe('discount limits cannot be beaten by stacking (issue #3)', () => {
  const discount = (params: Omit<ParamsInput<'sale.applyDiscount'>, 'reason'>): ParamsInput<'sale.applyDiscount'> => ({ reason: 'r', ...params });
  const approvals = () => [...host.store.entries()].filter((e) => e.kind === 'approval');

  it('10 % on each line and 10 % on the order is 19 % off: the order discount needs a manager', async () => {
    await host.call('sale.addItem', { productId: 'p-noodle', qtyMilli: 2000 }); // 240
    await host.call('sale.addItem', { productId: 'p-cake', qtyMilli: 2000 }); // 90
    await host.call('sale.addItem', { productId: 'p-tea' }); // 25: 10 % is 2.5, rounded to 3, still 10 %
    for (const lineNo of [1, 2, 3]) await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo, kind: 'percent', value: 1000 }));
    expect((await host.call('session.state')).sale!.total).toBe(355 - 24 - 9 - 3);
    await expectRefused('sale.applyDiscount', discount({ scope: 'order', kind: 'percent', value: 1000 }), 'approval.required');
    const r = await host.raw('sale.applyDiscount', discount({ scope: 'order', kind: 'percent', value: 1000 }));
    expect(r).toMatchObject({ ok: false, error: { details: { permission: 'sale.discount.large' } } });
    const approved = await host.call('sale.applyDiscount', discount({ scope: 'order', kind: 'percent', value: 1000, approval: approvalBy('201') }));
    expect(approved.total).toBe(319 - 32);
    const approval = approvals().at(-1)!;
    expect(approval.body).toMatchObject({ action: 'sale.discount.large', approverId: '201', requesterId: '101', subject: { scope: 'order', kind: 'percent', value: 1000, saleDiscount: { amount: 68, percentBp: 1899 } } });
    // The approval covers the total it was given for, not more.
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'percent', value: 500 }));
    await expectRefused('sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'percent', value: 2000 }), 'approval.required');
    // The completed sale names the approval.
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 500 });
    await host.call('sale.complete');
    const sale = [...host.store.entries()].filter((e) => e.kind === 'sale').at(-1)!;
    expect((sale.body as { approvals?: number[] }).approvals).toContain(approval.seq);
  });

  it('small amount discounts on separate lines need a manager once together they pass the limit', async () => {
    for (const productId of ['p-noodle', 'p-cake', 'p-noodle', 'p-cake']) await host.call('sale.addItem', { productId });
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'amount', value: 20 }));
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'amount', value: 20 }));
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'amount', value: 10 })); // 50: at the limit
    expect(approvals()).toHaveLength(0);
    await expectRefused('sale.applyDiscount', discount({ scope: 'line', lineNo: 4, kind: 'amount', value: 1 }), 'approval.required');
    await expectRefused('sale.applyDiscount', discount({ scope: 'order', kind: 'amount', value: 1 }), 'approval.required');
    // A percentage on top is over the share too: 50 of 330 is already 15 %.
    await expectRefused('sale.applyDiscount', discount({ scope: 'line', lineNo: 4, kind: 'percent', value: 100 }), 'approval.required');
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 4, kind: 'amount', value: 5, approval: approvalBy('201') }));
    expect(approvals().map((e) => e.body)).toEqual([expect.objectContaining({ action: 'sale.discount.large', subject: expect.objectContaining({ saleDiscount: { amount: 55, percentBp: 1667 } }) })]);
  });

  it('removing and re-adding a discounted line, or replacing a discount, is judged on the new total', async () => {
    await host.call('sale.addItem', { productId: 'p-noodle' });
    await host.call('sale.addItem', { productId: 'p-cake' });
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'amount', value: 40 }));
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'amount', value: 10 }));
    // Replacing line 2's 10 by 11 makes 51.
    await expectRefused('sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'amount', value: 11 }), 'approval.required');
    // Void the discounted noodles and ring them up again: the same 40 again is 50, still within.
    await host.call('sale.voidLine', { lineNo: 1, reason: 'rescan' });
    await host.call('sale.addItem', { productId: 'p-noodle' });
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'amount', value: 40 }));
    expect(approvals()).toHaveLength(0);
    await expectRefused('sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'amount', value: 41 }), 'approval.required');
    // Replacing a discount by a smaller one never needs a manager.
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'amount', value: 5 }));
    expect((await host.call('session.state')).sale!.total).toBe(120 + 45 - 5 - 10);
  });

  it('a discount on a line whose price was overridden counts too', async () => {
    await host.call('sale.addItem', { productId: 'p-noodle' });
    await host.call('sale.addItem', { productId: 'p-cake' });
    await host.call('sale.overridePrice', { lineNo: 1, unitPrice: 100, reason: 'shelf label', approval: approvalBy('201') });
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'amount', value: 45 }));
    await expectRefused('sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'amount', value: 10 }), 'approval.required');
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'percent', value: 1000 }));
    await expectRefused('sale.applyDiscount', discount({ scope: 'order', kind: 'percent', value: 500 }), 'approval.required');
  });

  it('more of a line with a percentage off, past the limit, needs a manager; the approval covers that level', async () => {
    await host.call('sale.addItem', { productId: 'p-noodle' }); // 120
    await host.call('sale.addItem', { productId: 'p-tea' }); // 25
    // 40 % off the tea is 10 of 145: 6.9 % of the sale, within the 10 % limit.
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'percent', value: 4000 }));
    // Five teas: 50 off 245 is 20 %. Refused without a manager, and nothing changed.
    await expectRefused('sale.setQuantity', { lineNo: 2, qtyMilli: 5000 }, 'approval.required');
    const r = await host.raw('sale.setQuantity', { lineNo: 2, qtyMilli: 5000 });
    expect(r).toMatchObject({ ok: false, error: { details: { permission: 'sale.discount.large' } } });
    expect((await host.call('session.state')).sale!.total).toBe(145 - 10);
    const view = await host.call('sale.setQuantity', { lineNo: 2, qtyMilli: 5000, approval: approvalBy('201') });
    expect(view.total).toBe(245 - 50);
    expect(approvals().at(-1)!.body).toMatchObject({ action: 'sale.discount.large', approverId: '201', requesterId: '101', subject: { lineNo: 2, qtyMilli: 5000, saleDiscount: { amount: 50, percentBp: 2041 } } });
    // Back to four and up to five again: within what was approved, no new approval.
    await host.call('sale.setQuantity', { lineNo: 2, qtyMilli: 4000 });
    await host.call('sale.setQuantity', { lineNo: 2, qtyMilli: 5000 });
    await expectRefused('sale.setQuantity', { lineNo: 2, qtyMilli: 6000 }, 'approval.required');
    // Adding a line without a discount lowers the share: no manager needed.
    await host.call('sale.addItem', { productId: 'p-cake' });
    expect(approvals()).toHaveLength(1);
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 500 });
    await host.call('sale.complete');
    const sale = [...host.store.entries()].filter((e) => e.kind === 'sale').at(-1)!;
    expect((sale.body as { approvals?: number[] }).approvals).toContain(approvals().at(-1)!.seq);
  });

  it('voiding the lines without a discount, or lowering their price, is judged on what is left', async () => {
    await host.call('sale.addItem', { productId: 'p-noodle' }); // 120
    await host.call('sale.addItem', { productId: 'p-tea' }); // 25
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'percent', value: 4000 }));
    // Without the noodles the sale is the tea at 40 % off.
    await expectRefused('sale.voidLine', { lineNo: 1, reason: 'changed mind' }, 'approval.required');
    // A supervisor may override the noodles' price, but 10 of 45 off is 22 %: the override needs the large-discount right as well.
    const r = await host.raw('sale.overridePrice', { lineNo: 1, unitPrice: 20, reason: 'shelf label' });
    expect(r).toMatchObject({ ok: false, error: { code: 'approval.required', details: { permission: 'sale.price-override' } } });
    const overridden = await host.call('sale.overridePrice', { lineNo: 1, unitPrice: 20, reason: 'shelf label', approval: approvalBy('201') });
    expect(overridden.total).toBe(20 + 25 - 10);
    expect(approvals().map((e) => (e.body as { action: string }).action)).toEqual(['sale.price-override', 'sale.discount.large']);
    const voided = await host.call('sale.voidLine', { lineNo: 1, reason: 'changed mind', approval: approvalBy('201') });
    expect(voided.total).toBe(15);
    expect(approvals()).toHaveLength(3);
  });

  it('a change that leaves a discount bigger than its line is refused and the sale stays usable', async () => {
    await host.call('sale.addItem', { productId: 'p-cake', qtyMilli: 2000 }); // 90
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'amount', value: 50 }));
    await expectRefused('sale.setQuantity', { lineNo: 1, qtyMilli: 1000, approval: approvalBy('201') }, 'discount.invalid');
    await expectRefused('sale.overridePrice', { lineNo: 1, unitPrice: 20, reason: 'label', approval: approvalBy('201') }, 'discount.invalid');
    const r = await host.raw('sale.setQuantity', { lineNo: 1, qtyMilli: 1000, approval: approvalBy('201') });
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/remove or change the discount first/) } });
    // The sale still prices, and once the discount is smaller the quantity can go down.
    expect((await host.call('session.state')).sale!.total).toBe(40);
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'amount', value: 5 }));
    expect((await host.call('sale.setQuantity', { lineNo: 1, qtyMilli: 1000, approval: approvalBy('201') })).total).toBe(40);
  });
});

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

  it('a wrong manager PIN at an approval counts toward that manager\'s lockout', async () => {
    await loginAs(host, '101');
    for (let i = 0; i < 5; i++) await host.raw('drawer.noSale', { reason: 'x', approval: { method: 'pin', staffId: '301', pin: '0000' } });
    const r = await host.raw('drawer.noSale', { reason: 'x', approval: approvalBy('301') });
    expect(r).toMatchObject({ ok: false, error: { code: 'approval.denied' } });
    expect(r.ok ? '' : r.error.message).toMatch(/too many failed sign-ins/);
  });

  it('trying badges locks badge sign-in on the till (PINs still work), across a restart, for the window', async () => {
    for (let i = 1; i < 5; i++) expect(await code(host.raw('session.login', { method: 'badge', badge: `BADGE-GUESS-000${i}` }))).toBe('auth.bad-credentials');
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
