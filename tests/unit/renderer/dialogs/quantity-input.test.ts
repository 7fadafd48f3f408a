// What the quantity dialog (F3) makes of what the cashier typed.
import { describe, expect, it } from 'vitest';
import { isLargeQuantity, readQuantity } from '../../../../renderer/dialogs/quantity-input.ts';

describe('a typed quantity', () => {
  it('reads whole pieces and kilograms to the gram, with digit grouping and full-width digits', () => {
    expect(readQuantity('3', 'each')).toEqual({ ok: true, qtyMilli: 3000 });
    expect(readQuantity(' 1,200 ', 'each')).toEqual({ ok: true, qtyMilli: 1_200_000 });
    expect(readQuantity('１２', 'each')).toEqual({ ok: true, qtyMilli: 12_000 });
    expect(readQuantity('0.350', 'kg')).toEqual({ ok: true, qtyMilli: 350 });
  });

  it('says 0 is the problem, not the number format', () => {
    expect(readQuantity('0', 'each')).toEqual({ ok: false, problem: 'zero' });
    expect(readQuantity('000', 'each')).toEqual({ ok: false, problem: 'zero' });
    expect(readQuantity('0.000', 'kg')).toEqual({ ok: false, problem: 'zero' });
  });

  it('tells a fraction of a piece, a bad weight and a quantity no line can hold apart', () => {
    expect(readQuantity('1.5', 'each')).toEqual({ ok: false, problem: 'not-whole' });
    expect(readQuantity('', 'each')).toEqual({ ok: false, problem: 'not-whole' });
    expect(readQuantity('0.3505', 'kg')).toEqual({ ok: false, problem: 'bad-weight' });
    expect(readQuantity('1000000', 'each')).toEqual({ ok: false, problem: 'too-large' });
    expect(readQuantity('999999', 'each')).toEqual({ ok: true, qtyMilli: 999_999_000 });
  });

  it('asks about more than 999 pieces or kilograms: 99,999 typed for 9', () => {
    expect(isLargeQuantity(999_000)).toBe(false);
    expect(isLargeQuantity(1_000_000)).toBe(true);
    const typo = readQuantity('99999', 'each');
    expect(typo.ok && isLargeQuantity(typo.qtyMilli)).toBe(true);
  });
});
