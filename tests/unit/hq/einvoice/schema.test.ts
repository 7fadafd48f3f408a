import { describe, expect, it } from 'vitest';
import { allowanceXml } from '../../../../hq/einvoice/allowance-message.ts';
import { blankNumbersXml } from '../../../../hq/einvoice/blank-numbers-message.ts';
import { allowanceVoidXml, invoiceCancelXml, invoiceVoidXml } from '../../../../hq/einvoice/cancel-messages.ts';
import { invoiceXml } from '../../../../hq/einvoice/invoice-message.ts';
import { assertValid, checkAgainstSchema, MESSAGE_TYPES, schemaOf, type MessageType } from '../../../../hq/einvoice/schema.ts';

// The schemas are shipped files (hq/einvoice/schemas/*.xsd). These tests feed the schema XML our
// writers would never produce, to show the schema itself catches each kind of mistake.

const seller = { ubn: '04595257', name: '示範店' };
const at = '2026-11-20T05:00:00Z';
const valid: Record<MessageType, string> = {
  F0401: invoiceXml({
    invoiceNumber: 'AB11223344',
    issuedAt: at,
    seller,
    buyer: null,
    identification: { kind: 'print' },
    randomNumber: '0122',
    lines: [{ description: '乾電池', quantity: 1, unitPrice: 105, amount: 105, taxType: 'taxable' }],
    taxAmount: 0,
  }),
  F0501: invoiceVoidXml({ invoiceNumber: 'AB11223344', invoiceIssuedAt: at, sellerUbn: seller.ubn, buyerUbn: null, at, reason: '退貨' }),
  F0701: invoiceCancelXml({ invoiceNumber: 'AB11223344', invoiceIssuedAt: at, sellerUbn: seller.ubn, buyerUbn: null, at, reason: '重開' }),
  G0401: allowanceXml({
    allowanceNumber: 'AL1',
    issuedAt: at,
    seller,
    buyer: null,
    allowanceType: '2',
    lines: [
      {
        originalInvoiceNumber: 'AB11223344',
        originalInvoiceIssuedAt: at,
        originalDescription: '乾電池',
        quantity: 1,
        unitPrice: 100,
        amount: 100,
        tax: 5,
        taxType: 'taxable',
      },
    ],
  }),
  G0501: allowanceVoidXml({
    allowanceNumber: 'AL1',
    allowanceIssuedAt: at,
    allowanceType: '2',
    sellerUbn: seller.ubn,
    buyerUbn: null,
    at,
    reason: '折讓有誤',
  }),
  E0402: blankNumbersXml({
    headUbn: seller.ubn,
    branchUbn: seller.ubn,
    invoiceType: '07',
    period: { year: 2026, firstMonth: 11 },
    track: 'AB',
    ranges: [{ start: 11223350, end: 11223399 }],
  }),
};

async function refusal(type: MessageType, xml: string): Promise<string> {
  const check = await checkAgainstSchema(type, xml);
  expect(check.valid).toBe(false);
  return check.errors.join('\n');
}

describe('MIG 4.1 schemas', () => {
  it('each schema names its message namespace and accepts what the writers write', async () => {
    for (const type of MESSAGE_TYPES) {
      expect(schemaOf(type)).toContain(`targetNamespace="urn:GEINV:eInvoiceMessage:${type}:4.1"`);
      expect(await checkAgainstSchema(type, valid[type]), type).toEqual({ valid: true, errors: [] });
    }
  });

  it('refuses a missing required field', async () => {
    expect(await refusal('F0401', valid.F0401.replace(/\s*<RandomNumber>0122<\/RandomNumber>/, ''))).toMatch(/RandomNumber/);
    expect(await refusal('F0501', valid.F0501.replace(/\s*<CancelReason>.*<\/CancelReason>/, ''))).toMatch(/CancelReason/);
    expect(await refusal('G0401', valid.G0401.replace(/\s*<Tax>5<\/Tax>/, ''))).toMatch(/Tax/);
    expect(await refusal('E0402', valid.E0402.replace(/\s*<InvoiceTrack>AB<\/InvoiceTrack>/, ''))).toMatch(/InvoiceTrack/);
    expect(await refusal('F0401', valid.F0401.replace(/<Name>示範店<\/Name>/, '<Name></Name>'))).toMatch(/Name/);
  });

  it('counts lengths in characters, not bytes: a 60-character Chinese name fits', async () => {
    expect((await checkAgainstSchema('F0401', valid.F0401.replace('<Name>示範店</Name>', `<Name>${'店'.repeat(60)}</Name>`))).valid).toBe(
      true,
    );
  });

  it('refuses an over-long field', async () => {
    expect(await refusal('F0501', valid.F0501.replace('<CancelReason>退貨', `<CancelReason>${'退'.repeat(21)}`))).toMatch(
      /CancelReason.*length/s,
    );
    expect(await refusal('F0401', valid.F0401.replace('<Name>示範店</Name>', `<Name>${'店'.repeat(61)}</Name>`))).toMatch(/Name.*length/s);
    expect(await refusal('F0401', valid.F0401.replace('<Description>乾電池', `<Description>${'x'.repeat(501)}`))).toMatch(/Description/);
  });

  it('refuses a wrong date or time format', async () => {
    expect(await refusal('F0401', valid.F0401.replace('<InvoiceDate>20261120', '<InvoiceDate>2026-11-20'))).toMatch(/InvoiceDate/);
    expect(await refusal('F0401', valid.F0401.replace('<InvoiceDate>20261120', '<InvoiceDate>20261320'))).toMatch(/InvoiceDate/);
    expect(await refusal('F0701', valid.F0701.replace('<VoidTime>13:00:00', '<VoidTime>1300'))).toMatch(/VoidTime/);
    expect(await refusal('E0402', valid.E0402.replace('<YearMonth>11512', '<YearMonth>11511'))).toMatch(/YearMonth/);
  });

  it('refuses a wrong namespace, code or number', async () => {
    expect(await refusal('F0401', valid.F0401.replace('F0401:4.1', 'F0401:4.0'))).toMatch(/Invoice/);
    expect(await refusal('F0401', valid.F0401.replace('<PrintMark>Y', '<PrintMark>y'))).toMatch(/PrintMark/);
    expect(await refusal('F0401', valid.F0401.replace('<TotalAmount>105', '<TotalAmount>105.5'))).toMatch(/TotalAmount/);
    expect(await refusal('G0501', valid.G0501.replace('<SellerId>04595257', '<SellerId>4595257'))).toMatch(/SellerId/);
  });

  it('assertValid throws the schema error with libxml2 reasons', async () => {
    await expect(assertValid('F0501', valid.F0501.replace('<InvoiceDate>20261120', '<InvoiceDate>2026/11/20'))).rejects.toMatchObject({
      code: 'einvoice.schema',
      message: expect.stringMatching(/F0501 file does not match its schema: .*InvoiceDate/),
    });
    await expect(assertValid('E0402', valid.E0402)).resolves.toBeUndefined();
  });
});
