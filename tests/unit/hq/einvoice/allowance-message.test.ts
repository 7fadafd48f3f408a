import { describe, expect, it } from 'vitest';
import { allowanceXml, type AllowanceIssue } from '../../../../hq/einvoice/allowance-message.ts';
import { checkAgainstSchema } from '../../../../hq/einvoice/schema.ts';

const allowance: AllowanceIssue = {
  allowanceNumber: 'AL2026112000001',
  issuedAt: '2026-11-20T04:00:00Z',
  seller: { ubn: '04595257', name: 'Tillproof 示範店' },
  buyer: null,
  allowanceType: '2',
  lines: [
    {
      originalInvoiceNumber: 'AB11223344',
      originalInvoiceIssuedAt: '2026-10-31T17:00:00Z',
      originalSequenceNumber: 2,
      originalDescription: '口罩',
      quantity: 1,
      unitPrice: 200,
      amount: 200,
      tax: 10,
      taxType: 'taxable',
    },
    {
      originalInvoiceNumber: 'AB11223345',
      originalInvoiceIssuedAt: '2026-11-02T01:00:00Z',
      originalDescription: '牛奶',
      quantity: 0.5,
      unit: '瓶',
      unitPrice: 24,
      amount: 12,
      tax: 1,
      taxType: 'taxable',
    },
  ],
};

describe('G0401 allowance', () => {
  it('lists each original invoice, its Taiwan date and line, and totals the amounts and tax', async () => {
    const xml = allowanceXml(allowance);
    expect(await checkAgainstSchema('G0401', xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain('<Allowance xmlns="urn:GEINV:eInvoiceMessage:G0401:4.1">');
    // 2026-10-31 17:00 UTC is 11-01 in Taiwan: the original invoice belongs to 11-12, not 09-10.
    expect(xml).toContain(
      '<OriginalInvoiceDate>20261101</OriginalInvoiceDate>\n      <OriginalInvoiceNumber>AB11223344</OriginalInvoiceNumber>\n      <OriginalSequenceNumber>002</OriginalSequenceNumber>',
    );
    expect(xml).toContain('<AllowanceSequenceNumber>002</AllowanceSequenceNumber>');
    expect(xml).toContain('<Quantity>0.5</Quantity>');
    expect(xml).toContain('<TaxAmount>11</TaxAmount>\n    <TotalAmount>212</TotalAmount>');
  });

  it('refuses an allowance without lines or against a malformed invoice number', () => {
    expect(() => allowanceXml({ ...allowance, lines: [] })).toThrow(/at least one line/);
    expect(() => allowanceXml({ ...allowance, lines: [{ ...allowance.lines[0]!, originalInvoiceNumber: 'AB1122334' }] })).toThrow(
      /line 1 OriginalInvoiceNumber/,
    );
    expect(() => allowanceXml({ ...allowance, allowanceNumber: 'TOO-LONG-ALLOWANCE-NUMBER' })).toThrow(/allowance number/);
  });
});
