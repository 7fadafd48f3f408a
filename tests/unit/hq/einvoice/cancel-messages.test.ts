import { describe, expect, it } from 'vitest';
import { allowanceVoidXml, invoiceCancelXml, invoiceVoidXml } from '../../../../hq/einvoice/cancel-messages.ts';
import { checkAgainstSchema } from '../../../../hq/einvoice/schema.ts';

const base = { sellerUbn: '04595257', buyerUbn: null, at: '2026-11-20T05:00:00Z', reason: '顧客退貨 <全額>' } as const;

describe('F0501 void, F0701 cancel, G0501 allowance void', () => {
  it('F0501 names the invoice, its date, buyer 0000000000 for a consumer, when and why', async () => {
    const xml = invoiceVoidXml({ ...base, invoiceNumber: 'AB11223344', invoiceIssuedAt: '2026-11-19T16:30:00Z' });
    expect(await checkAgainstSchema('F0501', xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<CancelInvoice xmlns="urn:GEINV:eInvoiceMessage:F0501:4.1">');
    expect(xml).toContain('<CancelInvoiceNumber>AB11223344</CancelInvoiceNumber>\n  <InvoiceDate>20261120</InvoiceDate>');
    expect(xml).toContain('<BuyerId>0000000000</BuyerId>\n  <SellerId>04595257</SellerId>');
    expect(xml).toContain('<CancelDate>20261120</CancelDate>\n  <CancelTime>13:00:00</CancelTime>');
    expect(xml).toContain('<CancelReason>顧客退貨 &lt;全額&gt;</CancelReason>');
  });

  it('F0701 cancels with a buyer UBN and a remark', async () => {
    const xml = invoiceCancelXml({
      ...base,
      buyerUbn: '22099131',
      invoiceNumber: 'AB11223344',
      invoiceIssuedAt: '2026-11-19T02:00:00Z',
      remark: '重新開立',
    });
    expect(await checkAgainstSchema('F0701', xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<VoidInvoiceNumber>AB11223344</VoidInvoiceNumber>');
    expect(xml).toContain('<BuyerId>22099131</BuyerId>');
    expect(xml).toContain('<VoidReason>');
    expect(xml).toContain('<Remark>重新開立</Remark>');
  });

  it('G0501 voids an allowance', async () => {
    const xml = allowanceVoidXml({
      ...base,
      allowanceNumber: 'AL2026112000001',
      allowanceIssuedAt: '2026-11-20T03:00:00Z',
      allowanceType: '2',
    });
    expect(await checkAgainstSchema('G0501', xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<CancelAllowanceNumber>AL2026112000001</CancelAllowanceNumber>\n  <AllowanceType>2</AllowanceType>');
  });

  it('refuses a bad number or UBN before any file exists', () => {
    expect(() => invoiceVoidXml({ ...base, invoiceNumber: 'ab11223344', invoiceIssuedAt: base.at })).toThrow(/CancelInvoiceNumber/);
    expect(() => invoiceCancelXml({ ...base, sellerUbn: '12345678', invoiceNumber: 'AB11223344', invoiceIssuedAt: base.at })).toThrow(
      /SellerId/,
    );
    expect(() => allowanceVoidXml({ ...base, allowanceNumber: 'AL 1', allowanceIssuedAt: base.at, allowanceType: '2' })).toThrow(
      /allowance number/,
    );
  });
});
