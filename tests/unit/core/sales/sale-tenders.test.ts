import { describe, expect, it } from 'vitest';
import { newSale, product, thrownCode as code } from '../../../helpers/selling.ts';

const cake = product('cake', { retail: 45, member: 40 });

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
});
