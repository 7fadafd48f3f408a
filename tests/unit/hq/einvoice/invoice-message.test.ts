import { describe, expect, it } from 'vitest';
import { invoiceXml, type InvoiceIssue } from '../../../../hq/einvoice/invoice-message.ts';
import { checkAgainstSchema } from '../../../../hq/einvoice/schema.ts';

// The spec's example invoice (AB11223344, 2013-05-23, random 9999, total 340), sold by a store
// with a valid UBN (the spec's 01234567 fails the checksum HQ applies).
const consumer: InvoiceIssue = {
  invoiceNumber: 'AB11223344',
  issuedAt: '2013-05-23T02:15:00Z',
  seller: { ubn: '04595257', name: 'Tillproof 示範店 & Co.', address: '臺北市中正區' },
  buyer: null,
  identification: { kind: 'print' },
  randomNumber: '9999',
  lines: [
    { description: '乾電池', quantity: 1, unitPrice: 105, amount: 105, taxType: 'taxable' },
    { description: '口罩', quantity: 1, unitPrice: 210, amount: 210, taxType: 'taxable' },
    { description: '牛奶', quantity: 1, unitPrice: 25, amount: 25, taxType: 'taxable' },
  ],
  taxAmount: 0,
};

const business: InvoiceIssue = {
  ...consumer,
  buyer: { ubn: '22099131', name: '買方股份有限公司' },
  lines: [
    { description: '乾電池', quantity: 1, unitPrice: 100, amount: 100, taxType: 'taxable' },
    { description: '口罩', quantity: 2, unit: '盒', unitPrice: 100, amount: 200, taxType: 'taxable' },
    { description: '牛奶', quantity: 1, unitPrice: 24, amount: 24, taxType: 'taxable' },
  ],
  taxAmount: 16,
};

async function expectValid(xml: string) {
  expect(await checkAgainstSchema('F0401', xml)).toEqual({ valid: true, errors: [] });
}

describe('F0401 issued invoice', () => {
  it('a consumer invoice with a printed 證明聯: buyer 0000000000, tax-inclusive amounts, tax 0', async () => {
    const xml = invoiceXml(consumer);
    await expectValid(xml);
    expect(xml).toContain('<Invoice xmlns="urn:GEINV:eInvoiceMessage:F0401:4.1">');
    expect(xml).toContain('<InvoiceDate>20130523</InvoiceDate>');
    expect(xml).toContain('<InvoiceTime>10:15:00</InvoiceTime>');
    expect(xml).toContain('<Identifier>0000000000</Identifier>');
    expect(xml).toContain('<Name>Tillproof 示範店 &amp; Co.</Name>');
    expect(xml).toContain('<PrintMark>Y</PrintMark>');
    expect(xml).toContain('<DonateMark>0</DonateMark>');
    expect(xml).toContain('<SalesAmount>340</SalesAmount>');
    expect(xml).toContain('<TaxAmount>0</TaxAmount>');
    expect(xml).toContain('<TotalAmount>340</TotalAmount>');
    expect(xml).toContain('<SequenceNumber>003</SequenceNumber>');
    expect(xml).not.toContain('CarrierType');
  });

  it('a buyer with a UBN: pre-tax amounts plus tax, always printed, even with a carrier', async () => {
    const xml = invoiceXml({ ...business, identification: { kind: 'carrier', carrierType: '3J0002', carrierId1: '/ABC+123' } });
    await expectValid(xml);
    expect(xml).toContain('<Identifier>22099131</Identifier>');
    expect(xml).toContain('<SalesAmount>324</SalesAmount>');
    expect(xml).toContain('<TaxAmount>16</TaxAmount>');
    expect(xml).toContain('<TotalAmount>340</TotalAmount>');
    expect(xml).toContain('<PrintMark>Y</PrintMark>');
    expect(xml).toContain('<Unit>盒</Unit>');
  });

  it('a mobile barcode carrier: not printed, carrier ids written (hidden id defaults to the shown one)', async () => {
    const xml = invoiceXml({ ...consumer, identification: { kind: 'carrier', carrierType: '3J0002', carrierId1: '/ABC+123' } });
    await expectValid(xml);
    expect(xml).toContain(
      '<CarrierType>3J0002</CarrierType>\n    <CarrierId1>/ABC+123</CarrierId1>\n    <CarrierId2>/ABC+123</CarrierId2>\n    <PrintMark>N</PrintMark>',
    );
  });

  it('a donation: not printed, DonateMark 1 and the 愛心碼', async () => {
    const xml = invoiceXml({ ...consumer, identification: { kind: 'donation', npoban: '25885' } });
    await expectValid(xml);
    expect(xml).toContain('<DonateMark>1</DonateMark>');
    expect(xml).toContain('<PrintMark>N</PrintMark>\n    <NPOBAN>25885</NPOBAN>');
  });

  it('mixed taxable and exempt lines on a consumer invoice: header tax type 9', async () => {
    const xml = invoiceXml({ ...consumer, lines: [consumer.lines[0]!, { ...consumer.lines[2]!, taxType: 'exempt' }] });
    await expectValid(xml);
    expect(xml).toContain('<FreeTaxSalesAmount>25</FreeTaxSalesAmount>');
    expect(xml).toMatch(/<TaxType>9<\/TaxType>/);
  });

  it('refuses what the MIG rules forbid, naming the field', () => {
    const refuse = (issue: InvoiceIssue, field: RegExp) => expect(() => invoiceXml(issue)).toThrow(field);
    refuse({ ...consumer, invoiceNumber: 'AB-1122334' }, /InvoiceNumber/);
    refuse({ ...consumer, seller: { ...consumer.seller, ubn: '01234567' } }, /Seller.Identifier/);
    refuse({ ...business, buyer: { ubn: '22099132', name: 'x' } }, /Buyer.Identifier/);
    refuse({ ...consumer, randomNumber: '999' }, /random number/);
    refuse({ ...consumer, lines: [] }, /at least one line/);
    refuse({ ...consumer, taxAmount: 16 }, /consumer invoice carries tax 0/);
    refuse({ ...business, identification: { kind: 'donation', npoban: '25885' } }, /cannot be donated/);
    refuse({ ...consumer, identification: { kind: 'donation', npoban: '12' } }, /3 to 7 digits/);
    refuse({ ...consumer, identification: { kind: 'carrier', carrierType: '3J0002', carrierId1: '/ABC,123' } }, /mobile barcode/);
    refuse({ ...consumer, identification: { kind: 'carrier', carrierType: 'CQ0001', carrierId1: 'AB123' } }, /citizen certificate/);
    refuse({ ...business, lines: [business.lines[0]!, { ...business.lines[1]!, taxType: 'exempt' }] }, /cannot mix/);
    refuse({ ...consumer, seller: { ...consumer.seller, name: 'Bell\u0007 Shop' } }, /Seller.Name holds a character/);
  });
});
