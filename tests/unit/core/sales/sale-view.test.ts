import { describe, expect, it } from 'vitest';
import { newSale, product } from '../../../helpers/selling.ts';

describe('sale view', () => {
  it('counts each-items by quantity and a weighed line as one item, and marks an overridden price', () => {
    const sale = newSale();
    sale.addProduct(product('tea', { retail: 25 }), 3000);
    sale.addProduct(product('rice', { retail: 120 }, { unit: 'kg' }), 1500);
    sale.overridePrice(1, 20, 'damaged');
    const v = sale.view();
    expect(v.itemCount).toBe(4);
    expect(v.lines.map((l) => [l.sku, l.priceTier, l.priceOverridden])).toEqual([
      ['tea', 'override', true],
      ['rice', 'retail', false],
    ]);
    expect(v.member).toBeNull();
    expect(v.status).toBe('open');
  });

  it('shows cash as tendered, a card with its reference and last digits, and the change once settled', () => {
    const sale = newSale();
    sale.addProduct(product('cake', { retail: 45 }), 1000);
    sale.present();
    sale.addTender({ type: 'card', amount: 20, reference: 'R1', last4: '4242' });
    expect(sale.view().change).toBe(0);
    sale.addTender({ type: 'cash', amount: 50 });
    const v = sale.view();
    expect(v.tenders).toEqual([
      { index: 0, type: 'card', amount: 20, reference: 'R1', last4: '4242' },
      { index: 1, type: 'cash', amount: 50, tendered: 50 },
    ]);
    expect(v.paid).toBe(70);
    expect(v.due).toBe(0);
    expect(v.change).toBe(25);
  });
});
