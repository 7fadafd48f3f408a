import { describe, expect, it } from 'vitest';
import { receiptDisplay, saleDisplay, notAddedDisplay } from '../../../../core/sales/customer-display-content.ts';
import type { ReceiptView, SaleView } from '../../../../core/contract/views.ts';

const rules = { locale: 'en', minorDigits: 2 } as const;
const line = {
  lineNo: 1,
  productId: 'p',
  sku: '1',
  name: '烏龍茶',
  names: { en: 'Oolong tea' },
  qtyMilli: 2000,
  unit: 'each',
  unitPrice: 3500,
  priceTier: 'retail',
  discount: 0,
  amount: 7000,
  tax: 0,
  voided: false,
  priceOverridden: false,
} as const;
const sale: SaleView = {
  saleId: 's',
  status: 'open',
  currency: 'TWD',
  taxMode: 'inclusive',
  lines: [line],
  member: null,
  itemCount: 2,
  subtotal: 7000,
  lineDiscounts: 0,
  orderDiscount: 0,
  tax: 0,
  total: 7000,
  cashRounding: 0,
  paid: 0,
  due: 7000,
  change: 0,
  tenders: [],
  training: false,
};

describe('what the customer display shows', () => {
  it('the last item with its quantity and amount over the total, with the Latin name for ASCII displays', () => {
    expect(saleDisplay(sale, rules)).toEqual({
      item: { name: '烏龍茶', amount: '2x 70.00', latinName: 'Oolong tea' },
      total: { label: 'TOTAL', amount: '70.00' },
    });
  });

  it('at Pay the total, then paid and change', () => {
    expect(saleDisplay({ ...sale, status: 'tendering' }, rules)).toEqual({ item: { name: 'TOTAL', amount: '70.00' } });
    expect(saleDisplay({ ...sale, status: 'tendering', paid: 10000, due: 0, change: 3000 }, rules)).toEqual({
      item: { name: 'PAID', amount: '100.00' },
      total: { label: 'CHANGE', amount: '30.00' },
    });
  });

  it('closes with thanks, or TRAINING on a training receipt; a refused scan says NOT ADDED', () => {
    const receipt = { kind: 'sale', total: 7000, change: 3000, document: { training: false } } as unknown as ReceiptView;
    expect(receiptDisplay(receipt, rules).total?.label).toBe('Thank you!');
    expect(receiptDisplay({ ...receipt, document: { ...receipt.document, training: true } }, rules).total?.label).toBe(
      'TRAINING - NOT A SALE',
    );
    expect(notAddedDisplay(sale, rules).item?.name).toBe('NOT ADDED');
  });
});
