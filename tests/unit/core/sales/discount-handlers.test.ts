// Discounts and price overrides, and the store's limit on the sale's discounts together.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRefused, approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../../helpers/host.ts';
import { entryOf, type EntryKind } from '../../../../core/ledger/bodies.ts';
import type { ParamsInput } from '../../../../core/contract/methods.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

/** These cases are about the amount: the share limit is put out of the way (100 %). */
async function amountLimitOnly(): Promise<void> {
  host.close();
  host = startTestHost({ approvals: { discountPercent: 100, discountAmountMajor: 50 } });
  await loginAs(host, '101');
  await openDrawer(host);
}

const lastOf = <K extends EntryKind>(kind: K) => entryOf([...host.store.entries()].filter((e) => e.kind === kind).at(-1), kind)!;

describe('discounts', () => {
  it("a small discount is the cashier's; above the limit it is refused without approval and logged with it", async () => {
    await host.call('sale.scan', { code: barcodeOf('p-noodle'), source: 'hid' });
    const small = await host.call('sale.applyDiscount', { scope: 'line', lineNo: 1, kind: 'percent', value: 500, reason: 'dented can' });
    expect(small.total).toBe(114);
    const before = host.store.head().seq;
    const refused = await host.fail('sale.applyDiscount', { scope: 'order', kind: 'percent', value: 2000, reason: 'friend' });
    expect(refused).toMatchObject({ code: 'approval.required', details: { permission: 'sale.discount.large' } });
    expect(host.store.head().seq).toBe(before);
    expect((await host.call('session.state')).sale!.total).toBe(114);
    const byManager = { scope: 'order', kind: 'percent', value: 2000, reason: 'damaged box', approval: approvalBy('201') } as const;
    const approved = await host.call('sale.applyDiscount', byManager);
    expect(approved.total).toBe(91);
    expect(lastOf('approval').body).toMatchObject({ approverId: '201', requesterId: '101', subject: { kind: 'percent', value: 2000 } });
  });

  it('a price override always needs a supervisor', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    expect((await host.fail('sale.overridePrice', { lineNo: 1, unitPrice: 1, reason: 'x' })).code).toBe('approval.required');
    const v = await host.call('sale.overridePrice', {
      lineNo: 1,
      unitPrice: 40,
      reason: 'shelf label says 40',
      approval: approvalBy('201'),
    });
    expect(v.lines[0]).toMatchObject({ unitPrice: 40, priceOverridden: true });
  });
});

describe('discount limits cannot be beaten by stacking (issue #3)', () => {
  const discount = (params: Omit<ParamsInput<'sale.applyDiscount'>, 'reason'>): ParamsInput<'sale.applyDiscount'> => ({
    reason: 'r',
    ...params,
  });
  const approvals = () => [...host.store.entries()].filter((e) => e.kind === 'approval');

  it('10 % on each line and 10 % on the order is 19 % off: the order discount needs a manager', async () => {
    await host.call('sale.addItem', { productId: 'p-noodle', qtyMilli: 2000 }); // 240
    await host.call('sale.addItem', { productId: 'p-cake', qtyMilli: 2000 }); // 90
    await host.call('sale.addItem', { productId: 'p-tea' }); // 25: 10 % is 2.5, rounded to 3, still 10 %
    for (const lineNo of [1, 2, 3])
      await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo, kind: 'percent', value: 1000 }));
    expect((await host.call('session.state')).sale!.total).toBe(355 - 24 - 9 - 3);
    await expectRefused(host, 'sale.applyDiscount', discount({ scope: 'order', kind: 'percent', value: 1000 }), 'approval.required');
    const r = await host.raw('sale.applyDiscount', discount({ scope: 'order', kind: 'percent', value: 1000 }));
    expect(r).toMatchObject({ ok: false, error: { details: { permission: 'sale.discount.large' } } });
    const approved = await host.call(
      'sale.applyDiscount',
      discount({ scope: 'order', kind: 'percent', value: 1000, approval: approvalBy('201') }),
    );
    expect(approved.total).toBe(319 - 32);
    const approval = approvals().at(-1)!;
    expect(approval.body).toMatchObject({
      action: 'sale.discount.large',
      approverId: '201',
      requesterId: '101',
      subject: { scope: 'order', kind: 'percent', value: 1000, saleDiscount: { amount: 68, percentBp: 1899 } },
    });
    // The approval covers the total it was given for, not more.
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'percent', value: 500 }));
    await expectRefused(
      host,
      'sale.applyDiscount',
      discount({ scope: 'line', lineNo: 3, kind: 'percent', value: 2000 }),
      'approval.required',
    );
    // The completed sale names the approval.
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: 500 });
    await host.call('sale.complete');
    const sale = [...host.store.entries()].filter((e) => e.kind === 'sale').at(-1)!;
    expect((sale.body as { approvals?: number[] }).approvals).toContain(approval.seq);
  });

  it('small amount discounts on separate lines need a manager once together they pass the limit', async () => {
    await amountLimitOnly();
    for (const productId of ['p-noodle', 'p-cake', 'p-noodle', 'p-cake']) await host.call('sale.addItem', { productId });
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'amount', value: 20 }));
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'amount', value: 20 }));
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'amount', value: 10 })); // 50: at the limit
    expect(approvals()).toHaveLength(0);
    await expectRefused(host, 'sale.applyDiscount', discount({ scope: 'line', lineNo: 4, kind: 'amount', value: 1 }), 'approval.required');
    await expectRefused(host, 'sale.applyDiscount', discount({ scope: 'order', kind: 'amount', value: 1 }), 'approval.required');
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 4, kind: 'amount', value: 5, approval: approvalBy('201') }));
    expect(approvals().map((e) => e.body)).toEqual([
      expect.objectContaining({
        action: 'sale.discount.large',
        subject: expect.objectContaining({ saleDiscount: { amount: 55, percentBp: 1667 } }),
      }),
    ]);
  });

  it('removing and re-adding a discounted line, or replacing a discount, is judged on the new total', async () => {
    await amountLimitOnly();
    await host.call('sale.addItem', { productId: 'p-noodle' });
    await host.call('sale.addItem', { productId: 'p-cake' });
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'amount', value: 40 }));
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'amount', value: 10 }));
    // Replacing line 2's 10 by 11 makes 51.
    await expectRefused(host, 'sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'amount', value: 11 }), 'approval.required');
    // Void the discounted noodles and ring them up again: the same 40 again is 50, still within.
    await host.call('sale.voidLine', { lineNo: 1, reason: 'rescan' });
    await host.call('sale.addItem', { productId: 'p-noodle' });
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'amount', value: 40 }));
    expect(approvals()).toHaveLength(0);
    await expectRefused(host, 'sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'amount', value: 41 }), 'approval.required');
    // Replacing a discount by a smaller one never needs a manager.
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 3, kind: 'amount', value: 5 }));
    expect((await host.call('session.state')).sale!.total).toBe(120 + 45 - 5 - 10);
  });

  it('a discount on a line whose price was overridden counts too', async () => {
    await amountLimitOnly();
    await host.call('sale.addItem', { productId: 'p-noodle' });
    await host.call('sale.addItem', { productId: 'p-cake' });
    await host.call('sale.overridePrice', { lineNo: 1, unitPrice: 100, reason: 'shelf label', approval: approvalBy('201') });
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'amount', value: 45 }));
    await expectRefused(host, 'sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'amount', value: 10 }), 'approval.required');
    // A percentage in place of the amount is judged on the same total.
    await expectRefused(host, 'sale.applyDiscount', discount({ scope: 'order', kind: 'percent', value: 1000 }), 'approval.required');
  });

  it('more of a line with a percentage off, past the limit, needs a manager; the approval covers that level', async () => {
    await host.call('sale.addItem', { productId: 'p-noodle' }); // 120
    await host.call('sale.addItem', { productId: 'p-tea' }); // 25
    // 40 % off the tea is 10 of 145: 6.9 % of the sale, within the 10 % limit.
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 2, kind: 'percent', value: 4000 }));
    // Five teas: 50 off 245 is 20 %. Refused without a manager, and nothing changed.
    await expectRefused(host, 'sale.setQuantity', { lineNo: 2, qtyMilli: 5000 }, 'approval.required');
    const r = await host.raw('sale.setQuantity', { lineNo: 2, qtyMilli: 5000 });
    expect(r).toMatchObject({ ok: false, error: { details: { permission: 'sale.discount.large' } } });
    expect((await host.call('session.state')).sale!.total).toBe(145 - 10);
    const view = await host.call('sale.setQuantity', { lineNo: 2, qtyMilli: 5000, approval: approvalBy('201') });
    expect(view.total).toBe(245 - 50);
    expect(approvals().at(-1)!.body).toMatchObject({
      action: 'sale.discount.large',
      approverId: '201',
      requesterId: '101',
      subject: { lineNo: 2, qtyMilli: 5000, saleDiscount: { amount: 50, percentBp: 2041 } },
    });
    // Back to four and up to five again: within what was approved, no new approval.
    await host.call('sale.setQuantity', { lineNo: 2, qtyMilli: 4000 });
    await host.call('sale.setQuantity', { lineNo: 2, qtyMilli: 5000 });
    await expectRefused(host, 'sale.setQuantity', { lineNo: 2, qtyMilli: 6000 }, 'approval.required');
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
    await expectRefused(host, 'sale.voidLine', { lineNo: 1, reason: 'changed mind' }, 'approval.required');
    // A supervisor may override the noodles' price, but 10 of 45 off is 22 %: the override needs the large-discount right as well.
    const r = await host.raw('sale.overridePrice', { lineNo: 1, unitPrice: 20, reason: 'shelf label' });
    expect(r).toMatchObject({ ok: false, error: { code: 'approval.required', details: { permission: 'sale.price-override' } } });
    const overridden = await host.call('sale.overridePrice', {
      lineNo: 1,
      unitPrice: 20,
      reason: 'shelf label',
      approval: approvalBy('201'),
    });
    expect(overridden.total).toBe(20 + 25 - 10);
    expect(approvals().map((e) => (e.body as { action: string }).action)).toEqual(['sale.price-override', 'sale.discount.large']);
    const voided = await host.call('sale.voidLine', { lineNo: 1, reason: 'changed mind', approval: approvalBy('201') });
    expect(voided.total).toBe(15);
    expect(approvals()).toHaveLength(3);
  });

  it('a change that leaves a discount bigger than its line is refused and the sale stays usable', async () => {
    await amountLimitOnly();
    await host.call('sale.addItem', { productId: 'p-cake', qtyMilli: 2000 }); // 90
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'amount', value: 50 }));
    await expectRefused(host, 'sale.setQuantity', { lineNo: 1, qtyMilli: 1000, approval: approvalBy('201') }, 'discount.invalid');
    await expectRefused(
      host,
      'sale.overridePrice',
      { lineNo: 1, unitPrice: 20, reason: 'label', approval: approvalBy('201') },
      'discount.invalid',
    );
    const r = await host.raw('sale.setQuantity', { lineNo: 1, qtyMilli: 1000, approval: approvalBy('201') });
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/remove or change the discount first/) } });
    // The sale still prices, and once the discount is smaller the quantity can go down.
    expect((await host.call('session.state')).sale!.total).toBe(40);
    await host.call('sale.applyDiscount', discount({ scope: 'line', lineNo: 1, kind: 'amount', value: 5 }));
    expect((await host.call('sale.setQuantity', { lineNo: 1, qtyMilli: 1000, approval: approvalBy('201') })).total).toBe(40);
  });
});
