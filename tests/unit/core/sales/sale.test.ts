import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Sale } from '../../../../core/sales/sale.ts';
import { overDiscountLimit } from '../../../../core/sales/discount-limit.ts';
import type { HostError } from '../../../../core/contract/errors.ts';
import { entryBodies } from '../../../../core/ledger/bodies.ts';
import { exclusiveRules, inclusiveRules, product } from '../../../helpers/selling.ts';

const tea = product('tea', { retail: 25, member: 22, vip: 20 });
const cake = product('cake', { retail: 45, member: 40 });
const rice = product('rice', { retail: 120 }, { unit: 'kg' });

function newSale(rules = inclusiveRules) {
  return new Sale('sale-1', '2026-11-20T02:00:00.000Z', rules, false);
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as HostError).code;
  }
  return 'no error';
}

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

describe('tenders', () => {
  it('cash gives change; a card may not exceed what is due; paying too little is refused', () => {
    const sale = newSale();
    sale.addProduct(cake, 1000);
    expect(code(() => sale.addTender({ type: 'cash', amount: 100 }))).toBe('sale.not-locked');
    sale.present();
    expect(code(() => sale.addTender({ type: 'card', amount: 46, reference: 'R', last4: '1111' }))).toBe('tender.invalid');
    sale.addTender({ type: 'cash', amount: 20 });
    expect(sale.view().due).toBe(25);
    expect(code(() => sale.settle())).toBe('sale.underpaid');
    sale.addTender({ type: 'cash', amount: 100 });
    const s = sale.settle();
    expect(s.change).toBe(75);
    expect(s.tenders.map((t) => t.amount).reduce((a, b) => a + b, 0)).toBe(45);
  });

  it('the ledger body of a completed sale passes the ledger schema and adds up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ price: fc.integer({ min: 1, max: 50_000 }), qty: fc.integer({ min: 1, max: 5 }), zero: fc.boolean() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
        fc.integer({ min: 0, max: 3 }),
        (items, discountBp, cardShare) => {
          const sale = newSale();
          items.forEach((it, i) =>
            sale.addProduct(product(`p${i}`, { retail: it.price }, { taxClass: it.zero ? 'zero' : 'standard' }), it.qty * 1000),
          );
          if (discountBp) sale.setOrderDiscount({ kind: 'percent', bp: discountBp }, 'promo');
          sale.present();
          const total = sale.view().total;
          const card = Math.floor((total * cardShare) / 4);
          if (card > 0) sale.addTender({ type: 'card', amount: card, reference: 'X', last4: '0000' });
          sale.addTender({ type: 'cash', amount: total - card + 37 });
          const settlement = sale.settle();
          const body = sale.toBody(1, settlement);
          expect(entryBodies.sale.safeParse(body).success).toBe(true);
          expect(body.lines.reduce((s, l) => s + l.amount, 0)).toBe(body.total);
          expect(body.tenders.reduce((s, t) => s + t.amount, 0)).toBe(body.total);
          expect(body.tenders.reduce((s, t) => s + (t.change ?? 0), 0)).toBe(37);
          expect(body.lines.reduce((s, l) => s + l.tax, 0)).toBe(body.tax);
        },
      ),
      { numRuns: 150 },
    );
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
    expect(overDiscountLimit('percent', sale.discountLevel(), limits, none)).toBe(false);
    const stacked = sale.discountLevelWith('order', undefined, { kind: 'percent', bp: 1000 }, 'r');
    expect(stacked.amount).toBe(12 + 10);
    expect(overDiscountLimit('percent', stacked, limits, none)).toBe(true);
    // Only a preview: the sale is unchanged.
    expect(sale.view().orderDiscount).toBe(0);
    expect(overDiscountLimit('percent', stacked, limits, stacked)).toBe(false);
  });
});
