import { describe, expect, it } from 'vitest';
import { exclusiveRules, newSale, product, thrownCode as code } from '../../../helpers/selling.ts';

const tea = product('tea', { retail: 25, member: 22, vip: 20 });
const cake = product('cake', { retail: 45, member: 40 });

describe('pricing tiers', () => {
  it('charges the retail price until a verified member is attached, then the member tier', () => {
    const sale = newSale();
    sale.addProduct(tea, 2000);
    sale.addProduct(cake, 1000);
    expect(sale.view().total).toBe(2 * 25 + 45);
    sale.attachMember({ memberId: 'M1', name: 'Lin', tier: 'vip', verification: 'token' });
    // VIP price for tea; cake has no VIP price so stays at retail.
    expect(sale.view().lines.map((l) => [l.priceTier, l.unitPrice])).toEqual([
      ['vip', 20],
      ['retail', 45],
    ]);
    expect(sale.view().total).toBe(2 * 20 + 45);
  });

  it('keeps the price a line was scanned at (a snapshot of the product)', () => {
    const sale = newSale();
    const p = product('gum', { retail: 30 });
    sale.addProduct(p, 1000);
    p.prices.retail = 99;
    expect(sale.view().total).toBe(30);
  });

  it('charges a product the price it had when first scanned for the whole sale, even after HQ changed it', () => {
    const sale = newSale();
    sale.addProduct(product('gum', { retail: 30, member: 28 }), 1000);
    sale.addProduct(cake, 1000);
    // HQ's new price arrives mid-sale; the same product scanned again after another item (a new line) keeps the old price table.
    sale.addProduct(product('gum', { retail: 35, member: 33 }), 1000);
    expect(sale.view().lines.map((l) => l.unitPrice)).toEqual([30, 45, 30]);
    sale.attachMember({ memberId: 'M1', name: 'Lin', tier: 'member', verification: 'token' });
    expect(sale.view().lines.map((l) => l.unitPrice)).toEqual([28, 40, 28]);
    // A product first scanned after the change gets the new price.
    const next = newSale();
    next.addProduct(product('gum', { retail: 35 }), 1000);
    expect(next.view().total).toBe(35);
  });
});

describe('discounts and tax', () => {
  it('an order discount is shared over the lines so that line amounts add up to the total', () => {
    const sale = newSale();
    sale.addProduct(tea, 3000);
    sale.addProduct(cake, 1000);
    sale.setOrderDiscount({ kind: 'percent', bp: 1000 }, 'staff');
    const v = sale.view();
    expect(v.orderDiscount).toBe(12); // 10 % of 120, rounded half-up
    expect(v.total).toBe(108);
    expect(v.lines.reduce((s, l) => s + l.amount, 0)).toBe(108);
  });

  it('a discount larger than the line is refused', () => {
    const sale = newSale();
    sale.addProduct(tea, 1000);
    expect(code(() => sale.setLineDiscount(1, { kind: 'amount', minor: 26 }, 'x'))).toBe('discount.invalid');
  });

  it('adds tax on top when prices exclude it, with cash rounding only on the cash part', () => {
    const sale = newSale(exclusiveRules);
    sale.addProduct(product('a', { retail: 1999 }), 1000);
    const v = sale.view();
    expect(v.tax).toBe(165); // 8.25 % of 19.99 = 1.649...
    expect(v.total).toBe(2164);
    expect(v.cashRounding).toBe(1); // 21.64 -> 21.65 in cash
    sale.present();
    sale.addTender({ type: 'card', amount: 1000, reference: 'A1', last4: '4242' });
    sale.addTender({ type: 'cash', amount: 2000 });
    const settled = sale.settle();
    expect(settled.rounding).toBe(1); // 11.64 in cash -> 11.65
    expect(settled.change).toBe(2000 - 1165);
    expect(settled.total).toBe(2165);
  });
});
