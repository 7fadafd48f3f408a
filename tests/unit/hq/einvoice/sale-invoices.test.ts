import { describe, expect, it } from 'vitest';
import type { EntryBody } from '../../../../core/ledger/bodies.ts';
import { checkAgainstSchema } from '../../../../hq/einvoice/schema.ts';
import { saleInvoiceMessage, saleVoidMessage } from '../../../../hq/einvoice/sale-invoices.ts';
import { documentFile } from '../../../../hq/einvoice/uploads.ts';
import { saleBody } from '../../../helpers/ledger.ts';

const SELLER = { ubn: '04595257', name: '茶館 Tea House' };
const AT = '2026-11-20T05:00:00.000Z';
const einvoice = { period: '11512', number: 'AB11223344', randomCode: '0122' };

function sale(overrides: Partial<EntryBody<'sale'>> = {}): EntryBody<'sale'> {
  return { ...saleBody(7), einvoice, ...overrides };
}

describe('an e-invoice sale as MOF gets it', () => {
  it('becomes an F0401 for a consumer with a printed 證明聯, lines adding up to the total, valid against the schema', async () => {
    const body = sale();
    const message = saleInvoiceMessage(body, AT, SELLER);
    expect(message?.type).toBe('F0401');
    const issue = message?.type === 'F0401' ? message.issue : null;
    expect(issue).toMatchObject({ invoiceNumber: 'AB11223344', randomNumber: '0122', buyer: null, taxAmount: 0, issuedAt: AT });
    expect(issue!.identification).toEqual({ kind: 'print' });
    expect(issue!.lines.reduce((s, l) => s + l.amount, 0)).toBe(body.total);
    const file = documentFile(message!);
    expect(file).toMatchObject({ messageType: 'F0401', document: 'AB11223344', sellerUbn: '04595257' });
    // A consumer's invoice is due 48 hours after it was issued.
    expect(file.deadline.toISOString()).toBe('2026-11-22T05:00:00.000Z');
    expect(await checkAgainstSchema('F0401', file.xml)).toEqual({ valid: true, errors: [] });
    expect(file.xml).toContain('<PrintMark>Y</PrintMark>');
    expect(file.xml).toContain(`<TotalAmount>${body.total}</TotalAmount>`);
  });

  it('spreads an order discount over the lines and adds the tax of an exclusive-tax store, so the lines still make the total', () => {
    const base = sale();
    const discounted = sale({ orderDiscount: 37, total: base.total - 37 });
    const lines = (m: ReturnType<typeof saleInvoiceMessage>) => (m?.type === 'F0401' ? m.issue.lines : []);
    const d = lines(saleInvoiceMessage(discounted, AT, SELLER));
    expect(d.reduce((s, l) => s + l.amount, 0)).toBe(discounted.total);
    expect(d.every((l, i) => l.amount <= base.lines[i]!.amount)).toBe(true);
    const exclusive = sale({
      taxMode: 'exclusive',
      lines: base.lines.map((l) => ({ ...l, amount: l.amount - l.tax })),
    });
    const e = lines(saleInvoiceMessage(exclusive, AT, SELLER));
    expect(e.map((l) => l.amount)).toEqual(base.lines.map((l) => l.amount));
  });

  it('leaves out voided lines; gives no message for a training sale or one without an e-invoice; refuses another currency', () => {
    const body = sale();
    const voided = sale({
      lines: body.lines.map((l, i) => (i === 0 ? { ...l, voided: true } : l)),
      total: body.total - body.lines[0]!.amount,
    });
    const m = saleInvoiceMessage(voided, AT, SELLER);
    expect(m?.type === 'F0401' ? m.issue.lines.length : 0).toBe(body.lines.length - 1);
    expect(saleInvoiceMessage(sale({ training: true }), AT, SELLER)).toBeNull();
    expect(saleInvoiceMessage({ ...saleBody(8) }, AT, SELLER)).toBeNull();
    expect(() => saleInvoiceMessage(sale({ currency: 'HKD' }), AT, SELLER)).toThrow(/NT\$/);
  });

  it('carries the buyer the customer named at the till: a carrier or a donation (no paper), a buyer UBN (amounts before tax, tax apart)', async () => {
    const issueOf = (body: EntryBody<'sale'>) => {
      const m = saleInvoiceMessage(body, AT, SELLER);
      return m?.type === 'F0401' ? { issue: m.issue, xml: documentFile(m).xml } : null;
    };
    const carrier = issueOf(sale({ einvoice: { ...einvoice, buyer: { kind: 'mobile-barcode', value: '/ABC+123' } } }))!;
    expect(carrier.issue.identification).toEqual({ kind: 'carrier', carrierType: '3J0002', carrierId1: '/ABC+123' });
    expect(carrier.xml).toContain('<PrintMark>N</PrintMark>');
    expect(await checkAgainstSchema('F0401', carrier.xml)).toEqual({ valid: true, errors: [] });
    const member = issueOf(sale({ einvoice: { ...einvoice, buyer: { kind: 'member-carrier', value: '/MEM0001' } } }))!;
    expect(member.issue.identification).toMatchObject({ carrierType: '3J0002', carrierId1: '/MEM0001' });
    const certificate = issueOf(sale({ einvoice: { ...einvoice, buyer: { kind: 'citizen-certificate', value: 'AB12345678901234' } } }))!;
    expect(certificate.issue.identification).toMatchObject({ carrierType: 'CQ0001', carrierId1: 'AB12345678901234' });
    const donated = issueOf(sale({ einvoice: { ...einvoice, buyer: { kind: 'donation-code', value: '8585' } } }))!;
    expect(donated.xml).toContain('<DonateMark>1</DonateMark>');
    expect(donated.xml).toContain('<NPOBAN>8585</NPOBAN>');
    expect(await checkAgainstSchema('F0401', donated.xml)).toEqual({ valid: true, errors: [] });

    // MIG 4.1 holds one tax type on a B2B invoice: this sale's lines are all taxable.
    const taxable = sale().lines.filter((l) => l.taxRateBp > 0);
    const body = sale({
      einvoice: { ...einvoice, buyer: { kind: 'ubn', value: '04595257' } },
      lines: taxable,
      total: taxable.reduce((s, l) => s + l.amount, 0),
      tax: taxable.reduce((s, l) => s + l.tax, 0),
    });
    const b2b = issueOf(body)!;
    expect(b2b.issue.buyer).toEqual({ ubn: '04595257', name: '04595257' });
    // What the 證明聯 printed as 銷售額 and 稅額: the lines add up to the amount before tax.
    expect(b2b.issue.taxAmount).toBe(body.tax);
    expect(b2b.issue.lines.reduce((s, l) => s + l.amount, 0)).toBe(body.total - body.tax);
    expect(b2b.xml).toContain(`<TotalAmount>${body.total}</TotalAmount>`);
    expect(b2b.xml).toContain('<PrintMark>Y</PrintMark>');
    expect(await checkAgainstSchema('F0401', b2b.xml)).toEqual({ valid: true, errors: [] });
  });

  it("a post-void of a buyer UBN's invoice names the buyer in its F0501", () => {
    const voidBody: EntryBody<'void'> = { scope: 'post-void', saleId: 'sale-7', receiptNo: 7, amount: 100, reason: 'wrong company' };
    const m = saleVoidMessage(voidBody, AT, { invoiceNumber: 'AB11223344', issuedAt: AT, buyerUbn: '04595257' }, '04595257');
    expect(documentFile(m!).xml).toContain('<BuyerId>04595257</BuyerId>');
  });

  it('a post-void becomes an F0501 naming the invoice, its date and the reason (cut to 20 characters); a line void none', async () => {
    const voidBody: EntryBody<'void'> = {
      scope: 'post-void',
      saleId: 'sale-7',
      receiptNo: 7,
      amount: 100,
      reason: 'the customer changed their mind entirely',
    };
    const message = saleVoidMessage(voidBody, '2026-11-21T02:00:00.000Z', { invoiceNumber: 'AB11223344', issuedAt: AT }, '04595257');
    const file = documentFile(message!);
    expect(file).toMatchObject({ messageType: 'F0501', document: 'AB11223344' });
    expect(await checkAgainstSchema('F0501', file.xml)).toEqual({ valid: true, errors: [] });
    expect(file.xml).toContain('<CancelReason>the customer changed</CancelReason>');
    expect(
      saleVoidMessage({ ...voidBody, scope: 'line', lineNo: 1 }, AT, { invoiceNumber: 'AB11223344', issuedAt: AT }, '04595257'),
    ).toBeNull();
  });
});
