// The customer display on the small screens stores mount on a pole or the counter (800x480,
// 1024x600): with a long sale the total, what was paid and the change stay on screen, the list
// says how many earlier items are above it, savings are shown, and every word is the store's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, buildRenderer, closeBrowser, countFloat, demoMemberToken, login, startTill, type Till } from './harness.ts';
import { CustomerDisplayPage, placement, VISIBLE } from './pages/index.ts';

let till: Till;
let display: Page;
let customer: CustomerDisplayPage;

beforeAll(async () => {
  till = await startTill(await buildRenderer());
  display = await till.page.context().newPage();
  customer = new CustomerDisplayPage(display);
  // The cashier chose English on this till: the customer still reads the store's language.
  await display.addInitScript(`localStorage.setItem('tillproof.ui-locale', 'en')`);
  await display.goto(till.server.displayUrl);
  await customer.screen().waitFor();
});

afterAll(async () => {
  await display?.close();
  await till?.close();
  await closeBrowser();
});

describe('customer display on a small screen', () => {
  it('keeps total, paid, change and savings in view for a 15-line sale, in the store language', async () => {
    const { page, runtime } = till;
    await login(page, DEMO.cashier);
    await countFloat(page, { 1000: 2 });
    const h = runtime.handlers;
    const items = [DEMO.greenTea, DEMO.oolong, DEMO.cola, DEMO.milk];
    for (let i = 0; i < 15; i++) await h['sale.scan']({ code: items[i % items.length]!.barcode, source: 'manual' });
    await h['sale.attachMember']({ method: 'token', token: demoMemberToken('M0001') });
    await h['sale.applyDiscount']({ scope: 'line', lineNo: 15, kind: 'amount', value: 5, reason: 'damaged box' });
    const presented = await h['sale.present']({});
    expect(presented.lines).toHaveLength(15);
    await h['sale.addTender']({ type: 'cash', amount: 1000 });
    const sale = (await h['session.state']({})).sale!;
    expect(sale.change).toBeGreaterThan(0);

    for (const size of [
      { width: 800, height: 480 },
      { width: 1024, height: 600 },
    ]) {
      await display.setViewportSize(size);
      await expect.poll(() => customer.change().count()).toBe(1);
      for (const figure of [customer.total(), customer.paid(), customer.change(), customer.savings()]) {
        expect(await placement(display, figure)).toEqual(VISIBLE);
      }
      expect(await customer.total().textContent()).toMatch(new RegExp(`${sale.total}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',')));
      expect(await customer.paid().textContent()).toMatch(/1,000/);
      expect(await customer.change().textContent()).toMatch(new RegExp(`\\$${1000 - sale.total}$`));
      expect(await customer.savings().textContent()).toMatch(/\$5$/);
      // The newest item is in view and the list says how many are above it.
      await expect.poll(async () => (await placement(display, customer.screen().getByRole('listitem').last())).inside).toBe(true);
      const more = await customer.more().textContent();
      const hidden = Number(/\d+/.exec(more ?? '')?.[0]);
      expect(hidden).toBeGreaterThan(0);
      const shown = [];
      for (const li of await customer.screen().getByRole('listitem').all()) if ((await placement(display, li)).onTop) shown.push(li);
      expect(hidden + shown.length).toBe(15);
      // The store is in zh-TW: the member's tier and the "+N more" in Chinese.
      const member = customer.screen().getByText(/李小華/);
      expect(await member.textContent()).toContain('會員');
      expect(await member.textContent()).not.toMatch(/member/i);
      expect(more).toMatch(/^還有 \d+ 項$/);
    }
  });

  it('keeps the e-receipt QR, total, paid and change in view once the sale is done', async () => {
    const { printer, runtime } = till;
    const h = runtime.handlers;
    const sale = (await h['session.state']({})).sale!;
    printer.setFault('paper-out');
    await h['sale.complete']({});
    const r = (await h['session.state']({})).obligation!;
    await h['receipt.electronic']({ receiptNo: r.receiptNo, reason: 'printer-failed', sendTo: 'screen' });
    await display.setViewportSize({ width: 800, height: 480 });
    await customer.receiptQr().waitFor();
    for (const shown of [customer.receiptQr(), customer.total(), customer.paid(), customer.change()]) {
      expect(await placement(display, shown)).toEqual(VISIBLE);
    }
    expect(await customer.paid().textContent()).toMatch(/1,000/);
    expect(await customer.change().textContent()).toMatch(new RegExp(`\\$${sale.change}$`));
    printer.setFault(null);
  });
});
