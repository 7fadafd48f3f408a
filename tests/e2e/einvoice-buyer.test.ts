// The Taiwan e-invoice buyer at payment, in the browser: a mobile barcode carrier typed in by the
// cashier keeps the invoice electronically (the sale completes with no paper, recorded as an
// electronic receipt), and the next sale for a buyer UBN prints its 證明聯 with 買方 and 格式 25.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, startTill, wedgeScan, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { mentions } from './pages/ui-words.ts';
import { entryOf } from '../../core/ledger/bodies.ts';
import { invoicePeriodOf, localDateIn, periodCode } from '../../core/fiscal/tw-einvoice/roc-calendar.ts';

let till: Till;
let ui: TillPages;

beforeAll(async () => {
  till = await startTill(await buildRenderer(), {
    config: { fiscal: { profile: 'tw-einvoice', sellerUbn: '04595257', qrKey: '00112233445566778899aabbccddeeff' } },
  });
  // The till's numbers for the period of today, as `tillproof einvoice range add` records them.
  const at = new Date().toISOString();
  const period = periodCode(invoicePeriodOf(localDateIn(at, 'Asia/Taipei')));
  till.runtime.store.write((tx) =>
    tx.append({
      kind: 'einvoice-range',
      businessDay: at.slice(0, 10),
      startedAt: at,
      endedAt: at,
      operatorId: null,
      body: { period, track: 'AB', from: '11223300', to: '11223349', source: 'till' },
    }),
  );
  ui = tillPages(till.page);
  await ui.app.language('en').click();
  await login(till.page, DEMO.cashier);
  await countFloat(till.page, { 1000: 1, 100: 10 });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('e-invoice buyer at payment', () => {
  it('a carrier means no paper; a buyer UBN prints the 證明聯 with 買方 and 格式 25', async () => {
    const { page, printer, runtime } = till;
    const { sale, payment, receipt } = ui;
    await wedgeScan(page, DEMO.milk.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await page.keyboard.press('F8');
    await payment.giveInvoiceBuyer('/abc1234');
    await expect.poll(() => payment.invoiceBuyerNow().textContent()).toMatch(/\/ABC1234: no paper/);
    await payment.exactCash().click();
    await payment.complete().click();
    await expect.poll(() => receipt.state()).toBe('electronic');
    expect(printer.printed).toHaveLength(0);
    const issued = [...runtime.store.entries()]
      .map((e) => entryOf(e, 'receipt-issued'))
      .filter(Boolean)
      .at(-1);
    expect(issued?.body).toMatchObject({
      channel: 'electronic',
      electronicReason: 'einvoice-carrier',
      destination: 'einvoice-mobile-barcode:/ABC1234',
    });

    // The next customer gives a tax ID: a mistyped one is refused with the forms the till takes.
    await wedgeScan(page, DEMO.greenTea.barcode);
    await receipt.dialog().waitFor({ state: 'detached' });
    await expect.poll(() => sale.lines().count()).toBe(1);
    await page.keyboard.press('F8');
    await payment.giveInvoiceBuyer('04595258');
    await expect.poll(() => ui.app.errorNotices().first().textContent()).toMatch(mentions('error.einvoice.invalid-buyer'));
    await payment.giveInvoiceBuyer('04595257');
    await expect.poll(() => payment.invoiceBuyerNow().textContent()).toMatch(/04595257: proof printed/);
    await payment.exactCash().click();
    await payment.complete().click();
    await expect.poll(() => receipt.state()).toBe('printed');
    const paper = printer.printed.at(-1)!.lines.flatMap((l) => (l.type === 'pair' ? [l.left, l.right] : l.type === 'text' ? [l.text] : []));
    expect(paper).toEqual(expect.arrayContaining(['格式 25', '買方 04595257', '交易明細']));
  });
});
