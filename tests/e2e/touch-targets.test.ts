// Touch and accessibility on a touch-screen till: the main screens walked with taps (the PIN
// typed on the on-screen pad), every visible control at least 44 px tall (icon buttons 44 px
// wide too), every field with an accessible label, and the focus back in the scan field after
// each dialog of a sale closes, so the next scan lands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, buildRenderer, closeBrowser, countFloat, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { hasFocus, tillPages, type TillPages } from './pages/index.ts';

const MIN = 44;

// Runs in the page: each visible control that is too small or unnamed, described so a failure
// says which one. A checkbox or radio is tapped through its label, so the label is measured.
const AUDIT = `(() => {
  const MIN = ${MIN};
  const problems = [];
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    if (el.closest('[role=tooltip], [aria-hidden=true]')) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  const text = (el) => (el.textContent || '').replace(/\\s+/g, ' ').trim();
  const describe = (el) => {
    const type = el.type && el.tagName === 'INPUT' ? '[type=' + el.type + ']' : '';
    return el.tagName.toLowerCase() + type + (el.id ? '#' + el.id : '') + ' "' + (el.getAttribute('aria-label') || text(el)).slice(0, 40) + '"';
  };
  const labelText = (el) => {
    const aria = (el.getAttribute('aria-label') || '').trim();
    if (aria) return aria;
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const by = ids.map((id) => text(document.getElementById(id) || document.createElement('i'))).join(' ').trim();
    if (by) return by;
    return [...(el.labels || [])].map(text).join(' ').trim();
  };
  for (const el of document.querySelectorAll('button, input, select, textarea, [role=tab], a[href]')) {
    if (el.type === 'hidden' || !shown(el)) continue;
    const check = el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio');
    const target = check ? el.closest('label') || (el.labels && el.labels[0]) || el : el;
    const r = target.getBoundingClientRect();
    const own = text(el).replace(/\\b(F\\d+|Esc)\\b/g, '').trim();
    const icon = el.tagName === 'BUTTON' && [...own].length <= 2;
    if (Math.round(r.height) < MIN) problems.push('height ' + Math.round(r.height) + ': ' + describe(el));
    if ((icon || check) && Math.round(r.width) < MIN) problems.push('width ' + Math.round(r.width) + ': ' + describe(el));
    if (el.tagName === 'BUTTON' || el.getAttribute('role') === 'tab') {
      if (!labelText(el) && !text(el)) problems.push('no name: ' + describe(el));
    } else if (!labelText(el)) {
      problems.push('no label: ' + describe(el));
    }
  }
  return problems;
})()`;

async function audit(page: Page, where: string): Promise<void> {
  const problems = await page.evaluate<string[]>(AUDIT);
  expect(problems, where).toEqual([]);
}

async function expectScanFocus(page: Page): Promise<void> {
  await expect.poll(() => tillPages(page).sale.scanFieldHasFocus()).toBe(true);
}

let till: Till;
let ui: TillPages;

beforeAll(async () => {
  till = await startTill(await buildRenderer(), { touch: true });
  ui = tillPages(till.page);
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('touch targets and labels on a touch-screen till', () => {
  it('signs in with the PIN tapped on the on-screen pad', async () => {
    const { page } = till;
    const { login: form, app, sale } = ui;
    await form.form().waitFor();
    await app.language('en').tap();
    await form.heading().waitFor();
    await audit(page, 'login');
    // The staff number comes from the badge or the system keyboard; the PIN from the pad.
    await form.staffNumber().fill(DEMO.manager.staffId);
    await form.pin().tap();
    await app.numberPad().waitFor();
    for (const digit of '9') await app.padKey(digit).tap();
    await app.padKey('backspace').tap();
    for (const digit of DEMO.manager.pin) await app.padKey(digit).tap();
    await expect.poll(() => form.pin().inputValue()).toBe(DEMO.manager.pin);
    // The pad's buttons do not take the focus: the PIN field keeps it for a keyboard or a reader.
    await expect.poll(() => hasFocus(form.pin())).toBe(true);
    await form.signIn().tap();
    await sale.screen().waitFor();
  });

  it('sale screen with a line: targets, labels, and the focus back in the scan field after each dialog', async () => {
    const { page } = till;
    const { sale, manager, dialogs } = ui;
    if (await sale.drawerNotOpen().isVisible()) {
      await sale.countFloat().tap();
      await manager.drawerCount().waitFor();
      await audit(page, 'drawer count dialog');
      await page.keyboard.press('Escape');
      await manager.drawerCount().waitFor({ state: 'detached' });
      await countFloat(page, { 1000: 2, 100: 5 });
    }
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await expectScanFocus(page);
    await audit(page, 'sale screen');
    await shot(page, '50-touch-sale');

    await sale.functionKey('fkey.discount').tap();
    const discount = dialogs.discount();
    await discount.waitFor();
    await audit(page, 'discount dialog');
    await discount.getByRole('button', { name: /Cancel/ }).tap();
    await discount.waitFor({ state: 'detached' });
    await expectScanFocus(page);

    await sale.functionKey('fkey.quantity').tap();
    const quantity = dialogs.quantity();
    await quantity.waitFor();
    await audit(page, 'quantity dialog');
    await page.keyboard.press('Escape');
    await quantity.waitFor({ state: 'detached' });
    await expectScanFocus(page);

    await sale.addMember().tap();
    const member = dialogs.member();
    await member.waitFor();
    await audit(page, 'member dialog');
    await member.getByRole('button', { name: /Cancel/ }).tap();
    await member.waitFor({ state: 'detached' });
    await expectScanFocus(page);

    await sale.searchButton().tap();
    await sale.searchField().fill('tea');
    await sale.searchResults().first().waitFor();
    await audit(page, 'product search');
    await page.keyboard.press('Escape');
    await sale.searchPanel().waitFor({ state: 'detached' });
    await expectScanFocus(page);

    await sale.functionKey('fkey.more').tap();
    await dialogs.functions().waitFor();
    await audit(page, 'functions menu');
    await page.keyboard.press('Escape');
    await dialogs.functions().waitFor({ state: 'detached' });
    await expectScanFocus(page);
  });

  it('tender panel and receipt panel', async () => {
    const { page } = till;
    const { sale, payment, receipt } = ui;
    await sale.pay().tap();
    await payment.panel().waitFor();
    await audit(page, 'tender panel, cash');
    await payment.tab('card').tap();
    await audit(page, 'tender panel, card');
    await payment.tab('cash').tap();
    await payment.exactCash().tap();
    await payment.complete().tap();
    await expect.poll(() => receipt.state()).toBe('printed');
    await audit(page, 'receipt panel');
    await shot(page, '51-touch-receipt');
    await receipt.next().tap();
    await expectScanFocus(page);
  });

  it('lock screen: unlocks with the PIN tapped on the pad, back to the scan field', async () => {
    const { page } = till;
    const { app, sale } = ui;
    await app.lockButton().tap();
    await app.lockScreen().waitFor();
    await audit(page, 'lock screen');
    for (const digit of DEMO.manager.pin) await app.padKey(digit).tap();
    await expect.poll(() => app.lockPin().inputValue()).toBe(DEMO.manager.pin);
    await app.unlock().tap();
    await sale.screen().waitFor();
    await expectScanFocus(page);
  });

  it('settings, every tab', async () => {
    const { page } = till;
    const { app, settings, sale } = ui;
    await app.nav('nav.settings').tap();
    await settings.screen().waitFor();
    const tabs = settings.tabs();
    const count = await tabs.count();
    expect(count).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < count; i++) {
      const tab = tabs.nth(i);
      await tab.tap();
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
      // Tabs that load their view from the host: wait until it is there.
      await settings.panel().locator('[aria-busy="true"]').waitFor({ state: 'detached' });
      await page.waitForTimeout(150);
      await audit(page, `settings tab ${await tab.textContent()}`);
    }
    await page.keyboard.press('Escape');
    await sale.screen().waitFor();
  });
});
