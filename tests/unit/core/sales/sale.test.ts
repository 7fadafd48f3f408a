import { describe, expect, it } from 'vitest';
import { overDiscountLimit } from '../../../../core/sales/discount-limit.ts';
import { newSale, product, thrownCode as code } from '../../../helpers/selling.ts';

const tea = product('tea', { retail: 25, member: 22, vip: 20 });
const cake = product('cake', { retail: 45, member: 40 });
const rice = product('rice', { retail: 120 }, { unit: 'kg' });

describe('customer lock', () => {
  it('locks the customer and tier once the total is presented, even after reopening', () => {
    const sale = newSale();
    sale.addProduct(tea, 1000);
    sale.present();
    expect(code(() => sale.attachMember({ memberId: 'M1', name: 'Lin', tier: 'vip', verification: 'manual' }))).toBe('sale.locked');
    expect(code(() => sale.addProduct(cake, 1000))).toBe('sale.locked');
    sale.reopen();
    sale.addProduct(cake, 1000);
    expect(code(() => sale.attachMember({ memberId: 'M1', name: 'Lin', tier: 'vip', verification: 'token' }))).toBe('sale.locked');
  });
});

describe('lines', () => {
  it('scanning the same item again adds to the line; weighed goods take thousandths', () => {
    const sale = newSale();
    sale.addProduct(tea, 1000);
    sale.addProduct(tea, 1000);
    sale.addProduct(rice, 1234);
    const v = sale.view();
    expect(v.lines.map((l) => [l.sku, l.qtyMilli, l.amount])).toEqual([
      ['tea', 2000, 50],
      ['rice', 1234, 148],
    ]);
    expect(v.itemCount).toBe(3);
  });

  it('a voided line leaves the total; an unknown line is refused', () => {
    const sale = newSale();
    sale.addProduct(tea, 1000);
    sale.addProduct(cake, 1000);
    expect(sale.voidLine(1).amount).toBe(25);
    expect(sale.view().total).toBe(45);
    expect(code(() => sale.voidLine(1))).toBe('sale.line-not-found');
  });
});

describe('discount limit on the whole sale', () => {
  const limits = { percentBp: 1000, amount: 50 };
  const none = { amount: 0, shareBp: 0 };

  it('measures line and order discounts together, before rounding', () => {
    const sale = newSale();
    sale.addProduct(tea, 1000); // 25: 10 % is 2.5, rounded to 3
    sale.addProduct(cake, 2000); // 90
    sale.setLineDiscount(1, { kind: 'percent', bp: 1000 }, 'r');
    sale.setLineDiscount(2, { kind: 'percent', bp: 1000 }, 'r');
    expect(sale.discountLevel()).toEqual({ amount: 12, shareBp: 1000 });
    expect(overDiscountLimit(sale.discountLevel(), limits, none)).toBe(false);
    const stacked = sale.discountLevelWith('order', undefined, { kind: 'percent', bp: 1000 }, 'r');
    expect(stacked.amount).toBe(12 + 10);
    expect(overDiscountLimit(stacked, limits, none)).toBe(true);
    // Only a preview: the sale is unchanged.
    expect(sale.view().orderDiscount).toBe(0);
    expect(overDiscountLimit(stacked, limits, stacked)).toBe(false);
  });
});

describe('re-pricing a held sale on recall', () => {
  it('takes the prices given now, keeps an overridden price, and names each change', () => {
    const sale = newSale();
    sale.addProduct(tea, 2000);
    sale.addProduct(cake, 1000);
    sale.overridePrice(2, 30, 'damaged box');
    const now = { tea: { ...tea, prices: { retail: 27, member: 24 } }, cake: { ...cake, prices: { retail: 50 } } };
    const changed = sale.reprice((id) => now[id as keyof typeof now]);
    expect(changed).toEqual([{ lineNo: 1, sku: 'tea', from: 25, to: 27 }]);
    expect(sale.view().total).toBe(27 * 2 + 30);
  });

  it('a product gone from the catalog keeps the price it was held at', () => {
    const sale = newSale();
    sale.addProduct(tea, 1000);
    expect(sale.reprice(() => undefined)).toEqual([]);
    expect(sale.view().total).toBe(25);
  });

  it('keeps the held prices when today a discount would take off more than the line costs', () => {
    const sale = newSale();
    sale.addProduct(tea, 1000);
    sale.setLineDiscount(1, { kind: 'amount', minor: 20 }, 'r');
    expect(sale.reprice(() => ({ ...tea, prices: { retail: 10 } }))).toEqual([]);
    expect(sale.view().total).toBe(5);
  });
});
