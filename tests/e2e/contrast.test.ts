// Colour contrast as the till renders it (issue #5): on each main screen and state, every visible
// piece of text (field values and placeholders too) against the colour actually behind it, found
// by walking up its ancestors through translucent backgrounds, gradients and opacity to the page
// (a modal dialog or popover sits on the backdrop, not on its ancestors). WCAG 2.x AA: 4.5:1,
// 3:1 for large text; disabled controls are exempt, so they are reported, not failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DeviceStatus } from '../../core/contract/index.ts';
import {
  coloursIn,
  hex,
  isLargeText,
  parseCssColour,
  requiredRatio,
  worstContrast,
  type PaintedElement,
  type Rgba,
} from '../helpers/contrast.ts';
import {
  DEMO,
  approve,
  buildRenderer,
  closeBrowser,
  countFloat,
  demoMemberToken,
  login,
  startTill,
  wedgeScan,
  type Till,
} from './harness.ts';
import { receiptPreview, tillPages, type TillPages } from './pages/index.ts';

interface RawLayer {
  background: string;
  image: string;
  opacity: string;
}
interface RawText {
  what: string;
  text: string;
  colour: string;
  fontSize: string;
  fontWeight: string;
  disabled: boolean;
  layers: RawLayer[];
}

// Runs in the page: each visible, uncovered text with its colour, size, weight and the painted
// elements behind it, outermost first. A top-layer element (modal dialog, popover) is painted over
// the page (and a modal over its backdrop), not over its DOM ancestors.
const COLLECT = `(() => {
  const out = [];
  const layer = (el, pseudo) => {
    const cs = getComputedStyle(el, pseudo);
    return { background: cs.backgroundColor, image: cs.backgroundImage, opacity: pseudo ? '1' : cs.opacity };
  };
  const layers = (el) => {
    const chain = [];
    for (let a = el; a; a = a.parentElement) {
      chain.unshift(layer(a));
      if (a.matches(':modal, :popover-open')) {
        if (a.matches(':modal')) chain.unshift(layer(a, '::backdrop'));
        chain.unshift(layer(document.documentElement));
        break;
      }
    }
    return chain;
  };
  // Where a text is, as a person would say it: the nearest named dialog, landmark or region.
  const labelledBy = (el) => (el.getAttribute('aria-labelledby') || '').split(/\\s+/).map((id) => document.getElementById(id)?.textContent || '');
  const nameOf = (el) => el.getAttribute('aria-label') || labelledBy(el).join(' ').trim();
  const PLACES = 'dialog, main, section, nav, header, footer, [role]';
  const describe = (el) => {
    let place = el.closest(PLACES);
    while (place && !nameOf(place) && place.parentElement) place = place.parentElement.closest(PLACES);
    const classes = el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
    return el.tagName.toLowerCase() + classes + (place ? ' in "' + nameOf(place).slice(0, 40) + '"' : '');
  };
  const uncovered = (el, rect) => {
    const x = rect.left + rect.width / 2, y = rect.top + rect.height / 2;
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    // A popover (the notices) is drawn over everything, also over an open modal dialog, which
    // makes it inert and so invisible to hit testing.
    if (el.closest(':popover-open')) return true;
    const top = document.elementFromPoint(x, y);
    return !!top && (el.contains(top) || top.contains(el));
  };
  const add = (el, text, colour, rect) => {
    const cs = getComputedStyle(el);
    if (cs.visibility !== 'visible' || !rect || rect.width < 2 || rect.height < 2 || !uncovered(el, rect)) return;
    out.push({
      what: describe(el), text: text.replace(/\\s+/g, ' ').trim().slice(0, 40), colour,
      fontSize: cs.fontSize, fontWeight: cs.fontWeight,
      disabled: !!el.closest(':disabled, [aria-disabled="true"]'),
      layers: layers(el),
    });
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest('svg, script, style, noscript, option')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    add(el, node.textContent, getComputedStyle(el).color, range.getClientRects()[0]);
  }
  for (const el of document.querySelectorAll('input, textarea, select')) {
    if (['hidden', 'checkbox', 'radio', 'range', 'color', 'file', 'submit', 'button', 'image'].includes(el.type)) continue;
    const rect = el.getBoundingClientRect();
    if (el.tagName === 'SELECT') add(el, el.selectedOptions[0]?.textContent || '', getComputedStyle(el).color, rect);
    else if (el.value) add(el, el.type === 'password' ? '••••' : el.value, getComputedStyle(el).color, rect);
    else if (el.placeholder) add(el, 'placeholder: ' + el.placeholder, getComputedStyle(el, '::placeholder').color, rect);
  }
  return out;
})()`;

function colour(text: string, where: string): Rgba {
  const c = parseCssColour(text);
  if (!c) throw new Error(`${where}: cannot read the colour '${text}'`);
  return c;
}

function painted(layer: RawLayer, where: string): PaintedElement {
  const image = layer.image === 'none' ? [] : coloursIn(layer.image);
  // A background image that is not a colour gradient (a picture) cannot be measured here.
  if (layer.image !== 'none' && image.length === 0)
    throw new Error(`${where}: background image '${layer.image.slice(0, 60)}' has no colours to measure`);
  return { background: colour(layer.background, where), gradient: image, opacity: Number(layer.opacity) };
}

interface Finding {
  readonly line: string;
  readonly disabled: boolean;
}

/** Every text below the AA minimum on the page as it is now. */
async function contrastFindings(page: Page): Promise<{ findings: Finding[]; measured: number; lowest: number }> {
  const texts = await page.evaluate<RawText[]>(COLLECT);
  const findings = new Map<string, Finding>();
  let lowest = Infinity;
  for (const t of texts) {
    const where = `${t.what} "${t.text}"`;
    const fg = colour(t.colour, where);
    if (fg.a === 0) continue; // transparent text is not shown
    const size = parseFloat(t.fontSize);
    const weight = Number(t.fontWeight);
    const large = isLargeText(size, weight);
    const need = requiredRatio(large);
    const got = worstContrast(
      t.layers.map((l) => painted(l, where)),
      fg,
    );
    if (!t.disabled) lowest = Math.min(lowest, got.ratio);
    if (got.ratio + 1e-9 >= need) continue;
    const font = `${size}px/${weight}${t.disabled ? ', disabled' : ''}`;
    const line = `${got.ratio.toFixed(2)}:1 < ${need}:1 ${hex(got.text)} on ${hex(got.background)} (${font}) ${where}`;
    findings.set(line, { line, disabled: t.disabled });
  }
  return { findings: [...findings.values()], measured: texts.length, lowest };
}

const disabledReport: string[] = [];
const summary: string[] = [];

/** Fails on any enabled text below AA; disabled controls are only reported (WCAG exempts them). */
async function audit(page: Page, screen: string): Promise<void> {
  // Let hover and colour transitions settle so the colours read are the ones that stay.
  await page.waitForTimeout(200);
  const { findings, measured, lowest } = await contrastFindings(page);
  // A collector that finds nothing would pass every screen: each screen has plenty of text.
  expect(measured, `texts measured on ${screen}`).toBeGreaterThan(5);
  summary.push(`${screen}: ${measured} texts, lowest ${lowest.toFixed(2)}:1`);
  for (const f of findings.filter((x) => x.disabled)) disabledReport.push(`${screen}: ${f.line}`);
  expect(
    findings.filter((x) => !x.disabled).map((x) => x.line),
    `contrast on ${screen}`,
  ).toEqual([]);
}

let till: Till;
let ui: TillPages;

function report(status: DeviceStatus): void {
  till.devices = till.devices.map((d) => (d.device === status.device && d.id === status.id ? status : d));
  till.emit('device.status', status);
}

beforeAll(async () => {
  till = await startTill(await buildRenderer());
  ui = tillPages(till.page);
});

afterAll(async () => {
  console.log(`contrast per screen:\n${summary.join('\n')}`);
  if (disabledReport.length) console.log(`contrast of disabled controls (exempt, reported only):\n${disabledReport.join('\n')}`);
  await till?.close();
  await closeBrowser();
});

describe('colour contrast (WCAG AA) on the till screens', () => {
  it('login, with and without an error', async () => {
    const { page } = till;
    const { login: form, app } = ui;
    await form.form().waitFor();
    await audit(page, 'login (zh-TW)');
    await app.language('en').click();
    await form.heading().waitFor();
    await audit(page, 'login');
    await form.submit({ staffId: DEMO.cashier.staffId, pin: '0000' });
    await form.error().waitFor();
    await audit(page, 'login error');
  });

  it('sale screen: no float yet, then lines and a member', async () => {
    const { page } = till;
    const { sale, manager } = ui;
    await login(page, DEMO.cashier);
    await sale.drawerNotOpen().waitFor();
    await audit(page, 'sale screen, no float counted');
    await sale.countFloat().click();
    await manager.drawerCount().waitFor();
    await audit(page, 'drawer count dialog');
    await page.keyboard.press('Escape');
    await manager.drawerCount().waitFor({ state: 'detached' });
    await countFloat(page, { 1000: 2, 100: 5 });
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await wedgeScan(page, DEMO.milk.barcode);
    await expect.poll(() => sale.lines().count()).toBe(2);
    await wedgeScan(page, demoMemberToken('M0001'));
    await expect.poll(() => sale.memberPanel().textContent()).toContain('李小華');
    await audit(page, 'sale screen with lines and a member');
  });

  it('approval dialog, and its wrong-PIN error', async () => {
    const { page } = till;
    const { dialogs } = ui;
    await page.keyboard.press('F6');
    await dialogs.discount().waitFor();
    await audit(page, 'discount dialog');
    await dialogs.discountValue().fill('20');
    await dialogs.applyDiscount().click();
    await dialogs.approval().waitFor();
    await audit(page, 'approval dialog');
    await approve(page, { staffId: DEMO.manager.staffId, pin: '0000' });
    await dialogs.approvalError().waitFor();
    await audit(page, 'approval dialog, wrong PIN');
    await approve(page, DEMO.manager);
    await dialogs.approval().waitFor({ state: 'detached' });
    await dialogs.discount().waitFor({ state: 'detached' });
  });

  it('tender panel (cash, change, card) and the printed receipt', async () => {
    const { page } = till;
    const { payment, receipt } = ui;
    await page.keyboard.press('F8');
    await payment.panel().waitFor();
    await audit(page, 'tender panel, cash');
    await payment.tab('card').click();
    await audit(page, 'tender panel, card');
    await payment.tab('cash').click();
    await payment.quickCash('$1,000').click();
    await payment.change().waitFor();
    await audit(page, 'tender panel, change due');
    await page.keyboard.press('F9');
    await expect.poll(() => receipt.state()).toBe('printed');
    await audit(page, 'receipt panel, printed');
    await receipt.showReceipt().click();
    await receiptPreview(receipt.dialog()).waitFor();
    await audit(page, 'receipt panel, printed, receipt shown');
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });
  });

  it('receipt panel when the printer failed, with the refused-scan notice, then the e-receipt', async () => {
    const { page, printer } = till;
    const { sale, payment, receipt, app } = ui;
    printer.setFault('paper-out');
    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await page.keyboard.press('F8');
    await payment.exactCash().click();
    await payment.complete().click();
    await expect.poll(() => receipt.state()).toBe('failed');
    await audit(page, 'receipt panel, print failed');
    await wedgeScan(page, DEMO.greenTea.barcode);
    await app.errorNotices().first().waitFor();
    await audit(page, 'receipt panel, print failed, error notice');
    await receipt.electronic().click();
    await expect.poll(() => receipt.state()).toBe('electronic');
    await audit(page, 'receipt panel, e-receipt');
    printer.setFault(null);
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });
  });

  it('status bar in each state, with the tooltip open', async () => {
    const { page } = till;
    const { app } = ui;
    const initial = till.devices;
    const bar = page.getByRole('contentinfo');
    // All ready (the display, not connected in this harness, shows offline).
    report({ device: 'display', id: 'customer-display', state: 'idle' });
    await expect.poll(() => app.device('display').getAttribute('data-state')).toBe('idle');
    await audit(page, 'status bar, all ready');
    await app.device('printer').focus();
    await audit(page, 'status bar, all ready, printer tooltip');
    // Busy: sync catching up, with progress and backlog in the bar.
    report({
      device: 'sync',
      id: 'hq',
      state: 'busy',
      detail: 'catching up',
      sync: {
        pending: 1234,
        progress: 0.25,
        catchUp: { acked: 412, total: 1646 },
        lastSyncAt: new Date(Date.now() - 60_000).toISOString(),
        lastError: null,
        retryAt: null,
      },
      flags: { upToDate: false, catchingUp: true, needsAttention: false },
    });
    await expect.poll(() => app.device('sync').getAttribute('data-state')).toBe('busy');
    await app.device('sync').focus();
    await audit(page, 'status bar, sync busy, tooltip');
    // Warning and faults: drawer closed (no session), printer fault with its reason, display
    // offline, a scanner that never reported, sync failing.
    report({ device: 'drawer', id: 'cash-drawer', state: 'closed' });
    report({
      device: 'printer',
      id: 'receipt-printer',
      state: 'error',
      reason: 'paper-out',
      detail: 'paper out',
      flags: { paperOut: true },
    });
    report({ device: 'display', id: 'customer-display', state: 'offline', reason: 'not-connected', detail: 'not connected' });
    report({
      device: 'sync',
      id: 'hq',
      state: 'error',
      detail: 'HQ refused',
      sync: {
        pending: 12,
        progress: null,
        catchUp: null,
        lastSyncAt: null,
        lastError: 'network',
        retryAt: new Date(Date.now() + 30_000).toISOString(),
      },
      flags: { upToDate: false, catchingUp: false, needsAttention: true },
    });
    await expect.poll(() => app.device('printer').getAttribute('data-state')).toBe('error');
    await expect.poll(() => app.device('drawer').getAttribute('data-state')).toBe('closed');
    await audit(page, 'status bar, faults');
    for (const chip of ['printer', 'drawer', 'display', 'sync'] as const) {
      await app.device(chip).focus();
      await audit(page, `status bar, faults, ${chip} tooltip`);
    }
    await bar.click({ position: { x: 1300, y: 5 } });
    till.devices = initial;
    for (const d of initial) till.emit('device.status', d);
    await expect.poll(() => app.device('printer').getAttribute('data-state')).toBe('idle');
  });

  it('drawer alarm banner', async () => {
    const { page } = till;
    const { app } = ui;
    till.emit('drawer.alarm', { open: true, openSeconds: 45 });
    await app.drawerAlarm().waitFor();
    await audit(page, 'drawer alarm');
    till.emit('drawer.alarm', { open: false, openSeconds: 50 });
    await app.drawerAlarm().waitFor({ state: 'detached' });
  });

  it('settings, every tab', async () => {
    const { page } = till;
    const { dialogs, login: form, app, settings, sale } = ui;
    await page.keyboard.press('F10');
    await dialogs.fn('fn.logout').click();
    await form.form().waitFor();
    await login(page, DEMO.manager);
    await app.nav('nav.settings').click();
    await settings.screen().waitFor();
    const tabs = settings.tabs();
    const count = await tabs.count();
    expect(count).toBeGreaterThanOrEqual(6);
    for (let i = 0; i < count; i++) {
      const tab = tabs.nth(i);
      await tab.click();
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
      await settings.panel().locator('[aria-busy="true"]').waitFor({ state: 'detached' });
      await audit(page, `settings tab ${await tab.textContent()}`);
    }
    await page.keyboard.press('Escape');
    await sale.screen().waitFor();
  });

  it('lock screen, with a wrong PIN', async () => {
    const { page } = till;
    const { app, sale } = ui;
    await app.lockButton().click();
    await app.lockScreen().waitFor();
    await audit(page, 'lock screen');
    await app.lockPin().fill('0000');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: /Wrong staff number/ })
      .waitFor();
    await audit(page, 'lock screen, wrong PIN');
    await app.lockPin().fill(DEMO.manager.pin);
    await page.keyboard.press('Enter');
    await sale.screen().waitFor();
  });

  it('training mode banner', async () => {
    const { page } = till;
    const { dialogs, login: form, app, sale } = ui;
    await page.keyboard.press('F10');
    await dialogs.fn('fn.logout').click();
    await form.form().waitFor();
    await login(page, DEMO.cashier, { training: true });
    await app.trainingBanner().waitFor();
    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await audit(page, 'training mode');
  });
});
