import { describe, expect, it } from 'vitest';
import { EInvoiceError } from '../../../../../core/fiscal/tw-einvoice/errors.ts';
import { TillproofError } from '../../../../../core/shared/errors.ts';

describe('EInvoiceError', () => {
  it('is a TillproofError with a stable code the till can explain', () => {
    const e = new EInvoiceError('einvoice.invalid-ubn', 'seller UBN: 12345678 is not a valid UBN');
    expect(e).toBeInstanceOf(TillproofError);
    expect(e).toMatchObject({ name: 'EInvoiceError', code: 'einvoice.invalid-ubn', message: 'seller UBN: 12345678 is not a valid UBN' });
  });
});
