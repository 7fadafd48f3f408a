import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { entryBodies } from '../../../../core/ledger/bodies.ts';
import { newSale, product } from '../../../helpers/selling.ts';

describe('ledger body', () => {
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
