// Touch and accessibility on a touch-screen till: the main screens walked with taps (the PIN
// typed on the on-screen pad), every visible control at least 44 px tall (icon buttons 44 px
// wide too), every field with an accessible label, and the focus back in the scan field after
// each dialog of a sale closes, so the next scan lands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, activeId, buildRenderer, closeBrowser, countFloat, shot, startTill, wedgeScan, type Till } from './harness.ts';

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
    const id = el.getAttribute('data-testid');
    return el.tagName.toLowerCase() + (el.type && el.tagName === 'INPUT' ? '[type=' + el.type + ']' : '') + (id ? '#' + id : '') + ' "' + (el.getAttribute('aria-label') || text(el)).slice(0, 40) + '"';
  };
  const labelText = (el) => {
    const aria = (el.getAttribute('aria-label') || '').trim();
    if (aria) return aria;
    const by = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean).map((id) => text(document.getElementById(id) || document.createElement('i'))).join(' ').trim();
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
  await expect.poll(() => activeId(page)).toBe('scan-input');
}

let till: Till;

beforeAll(async () => {
  till = await startTill(await buildRenderer(), { touch: true });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('touch targets and labels on a touch-screen till', () => {
  it('signs in with the PIN tapped on the on-screen pad', async () => {
    const { page } = till;
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('lang-en').tap();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await audit(page, 'login');
    // The staff number comes from the badge or the system keyboard; the PIN from the pad.
    await page.getByTestId('login-staff').fill(DEMO.manager.staffId);
    await page.getByTestId('login-pin').tap();
    const pad = page.getByRole('group', { name: 'Number pad' });
    for (const digit of '9') await pad.getByRole('button', { name: digit, exact: true }).tap();
    await pad.getByRole('button', { name: 'Delete last digit' }).tap();
    for (const digit of DEMO.manager.pin) await pad.getByRole('button', { name: digit, exact: true }).tap();
    await expect.poll(() => page.getByTestId('login-pin').inputValue()).toBe(DEMO.manager.pin);
    // The pad's buttons do not take the focus: the PIN field keeps it for a keyboard or a reader.
    await expect.poll(() => page.evaluate<string>('document.activeElement.getAttribute("data-testid")')).toBe('login-pin');
    await page.getByTestId('login-submit').tap();
    await page.getByTestId('sale-screen').waitFor();
  });

  it('sale screen with a line: targets, labels, and the focus back in the scan field after each dialog', async () => {
    const { page } = till;
    if (await page.getByTestId('drawer-not-open').isVisible()) {
      await page.getByTestId('count-float').tap();
      await page.getByTestId('drawer-count').waitFor();
      await audit(page, 'drawer count dialog');
      await page.keyboard.press('Escape');
      await page.getByTestId('drawer-count').waitFor({ state: 'detached' });
      await countFloat(page, { 1000: 2, 100: 5 });
    }
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => page.getByTestId('sale-line').count()).toBe(1);
    await expectScanFocus(page);
    await audit(page, 'sale screen');
    await shot(page, '50-touch-sale');

    await page.getByTestId('open-discount').tap();
    const discount = page.getByTestId('discount-dialog');
    await discount.waitFor();
    await audit(page, 'discount dialog');
    await discount.getByRole('button', { name: /Cancel/ }).tap();
    await discount.waitFor({ state: 'detached' });
    await expectScanFocus(page);

    await page.getByRole('navigation', { name: /function/i }).getByRole('button', { name: /Quantity/ }).tap();
    const quantity = page.getByTestId('quantity-dialog');
    await quantity.waitFor();
    await audit(page, 'quantity dialog');
    await page.keyboard.press('Escape');
    await quantity.waitFor({ state: 'detached' });
    await expectScanFocus(page);

    await page.getByTestId('member-panel').getByRole('button', { name: /Member/ }).tap();
    const member = page.getByTestId('member-dialog');
    await member.waitFor();
    await audit(page, 'member dialog');
    await member.getByRole('button', { name: /Cancel/ }).tap();
    await member.waitFor({ state: 'detached' });
    await expectScanFocus(page);

    await page.getByTestId('open-search').tap();
    await page.getByTestId('search-input').fill('tea');
    await page.getByTestId('search-result').first().waitFor();
    await audit(page, 'product search');
    await page.keyboard.press('Escape');
    await page.getByTestId('search-panel').waitFor({ state: 'detached' });
    await expectScanFocus(page);

    await page.getByTestId('open-functions').tap();
    await page.getByTestId('functions-menu').waitFor();
    await audit(page, 'functions menu');
    await page.keyboard.press('Escape');
    await page.getByTestId('functions-menu').waitFor({ state: 'detached' });
    await expectScanFocus(page);
  });

  it('tender panel and receipt panel', async () => {
    const { page } = till;
    await page.getByTestId('pay').tap();
    await page.getByTestId('tender-panel').waitFor();
    await audit(page, 'tender panel, cash');
    await page.getByTestId('tab-card').tap();
    await audit(page, 'tender panel, card');
    await page.getByTestId('tab-cash').tap();
    await page.getByTestId('cash-exact').tap();
    await page.getByTestId('complete-sale').tap();
    await expect.poll(() => page.getByTestId('receipt-status').getAttribute('data-status')).toBe('printed');
    await audit(page, 'receipt panel');
    await shot(page, '51-touch-receipt');
    await page.getByTestId('receipt-next').tap();
    await expectScanFocus(page);
  });

  it('lock screen: unlocks with the PIN tapped on the pad, back to the scan field', async () => {
    const { page } = till;
    await page.getByTestId('lock-button').tap();
    await page.getByTestId('lock-screen').waitFor();
    await audit(page, 'lock screen');
    const pad = page.getByRole('group', { name: 'Number pad' });
    for (const digit of DEMO.manager.pin) await pad.getByRole('button', { name: digit, exact: true }).tap();
    await expect.poll(() => page.getByTestId('lock-pin').inputValue()).toBe(DEMO.manager.pin);
    await page.getByRole('button', { name: 'Unlock' }).tap();
    await page.getByTestId('sale-screen').waitFor();
    await expectScanFocus(page);
  });

  it('settings, every tab', async () => {
    const { page } = till;
    await page.getByTestId('nav-settings').tap();
    await page.getByTestId('settings-screen').waitFor();
    const tabs = page.getByRole('tablist').getByRole('tab');
    const count = await tabs.count();
    expect(count).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < count; i++) {
      const tab = tabs.nth(i);
      await tab.tap();
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
      // Tabs that load their view from the host: wait until it is there.
      await page.locator('.settings-panel [aria-busy="true"]').waitFor({ state: 'detached' });
      await page.waitForTimeout(150);
      await audit(page, `settings tab ${await tab.getAttribute('data-testid')}`);
    }
    await page.keyboard.press('Escape');
    await page.getByTestId('sale-screen').waitFor();
  });
});
