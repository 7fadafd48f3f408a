// The rest of the screens end to end: badge sign-in, languages (繁體中文, 简体中文, English),
// settings with the receipt preview and the X report, device status and the drawer alarm,
// the lock screen and training mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../core/contract/index.ts';
import { DEMO, buildRenderer, closeBrowser, login, shot, startTill, wedgeScan, type Till } from './harness.ts';
import { receiptLines, tillPages, type TillPages } from './pages/index.ts';

let till: Till;
let ui: TillPages;

// Counts every tone the page starts and the state of its audio contexts, so the alarm test can
// tell a sounding alarm from a silent one (the page's WebAudio is otherwise unobservable).
const COUNT_SOUNDS = `(() => {
  const sound = { starts: 0, contexts: [] };
  window.__sound = sound;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    if (this.context.state === 'running') sound.starts++;
    return start.apply(this, args);
  };
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    constructor(...args) {
      super(...args);
      sound.contexts.push(this);
    }
  };
})();`;

/** A device status as the device layer reports it: an event now, and the same answer to the bar's slow poll. */
function report(status: DeviceStatus): void {
  till.devices = till.devices.map((d) => (d.device === status.device && d.id === status.id ? status : d));
  till.emit('device.status', status);
}

function sound(page: Till['page']): Promise<{ starts: number; states: string[] }> {
  return page.evaluate<{ starts: number; states: string[] }>(
    '({ starts: window.__sound.starts, states: window.__sound.contexts.map((c) => c.state) })',
  );
}

beforeAll(async () => {
  till = await startTill(await buildRenderer(), { initScript: COUNT_SOUNDS });
  ui = tillPages(till.page);
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('screens, languages and devices', () => {
  it('starts in the store’s language and signs in with a badge scan', async () => {
    const { page } = till;
    const { login: form, sale, app } = ui;
    await form.form().waitFor();
    await expect.poll(() => page.getByRole('heading', { name: '登入' }).count()).toBe(1);
    await shot(page, '10-login-zh-tw');
    await wedgeScan(page, DEMO.supervisor.badge);
    await sale.screen().waitFor();
    await expect.poll(() => app.topBar().textContent()).toContain('林志明');
    await expect.poll(() => app.nav('nav.sale').textContent()).toBe('銷售');
  });

  it('sells by card in Traditional Chinese, with money in the store currency', async () => {
    const { page } = till;
    const { sale, payment, receipt } = ui;
    await wedgeScan(page, DEMO.greenTea.barcode);
    await expect.poll(() => sale.lines().count()).toBe(1);
    await wedgeScan(page, DEMO.oolong.barcode);
    await expect.poll(() => sale.total().textContent()).toBe('$54');
    await shot(page, '11-sale-zh-tw');
    await page.keyboard.press('F8');
    await payment.tab('card').click();
    await payment.cardReference().fill('REF-7781');
    await payment.cardLast4().fill('1234');
    await page.keyboard.press('Enter');
    await payment.complete().click();
    await expect.poll(() => receipt.state()).toBe('printed');
    await expect.poll(() => receipt.status().textContent()).toContain('收據已印出');
    await page.keyboard.press('Escape');
  });

  it('switches the language to Simplified Chinese and back, in settings', async () => {
    const { page } = till;
    const { app, settings } = ui;
    await app.nav('nav.settings').click();
    await settings.screen().waitFor();
    await app.language('zh-CN').click();
    await expect.poll(() => app.nav('nav.sale').textContent()).toBe('销售');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expect.poll(() => page.getByRole('heading', { name: '语言' }).count()).toBe(1);
    await shot(page, '12-settings-zh-cn');
    await app.language('zh-TW').click();
    await expect.poll(() => app.nav('nav.sale').textContent()).toBe('銷售');
    await app.language('en').click();
    await expect.poll(() => app.nav('nav.sale').textContent()).toBe('Sale');
  });

  it('previews the receipt the printer got, column for column', async () => {
    const { page, printer } = till;
    const { settings } = ui;
    await settings.tab('settings.preview').click();
    const preview = settings.preview();
    await preview.waitFor();
    expect(await preview.getAttribute('data-width')).toBe(String(printer.printed[0]!.width));
    const rows = await receiptLines(preview);
    const printed = printer.printed[0]!.lines.filter((l) => l.type === 'pair').map((l) => (l.type === 'pair' ? l.left.trim() : ''));
    for (const left of printed.slice(0, 4)) expect(rows.some((r) => r.includes(left))).toBe(true);
    await shot(page, '13-receipt-preview');
  });

  it('shows the X report from the ledger', async () => {
    const { page } = till;
    const { settings, sale } = ui;
    await settings.tab('settings.xReport').click();
    await settings.xReportLine('sales').waitFor();
    await expect.poll(() => settings.xReportLine('sales').textContent()).toContain('$54');
    await expect.poll(() => settings.xReportLine('tender:card').textContent()).toContain('$54');
    await shot(page, '14-x-report');
    await page.keyboard.press('Escape');
    await sale.screen().waitFor();
  });

  it('shows device status with a tooltip, and a printer fault as it happens', async () => {
    const { page } = till;
    const { app } = ui;
    await expect.poll(() => app.device('printer').getAttribute('data-state')).toBe('idle');
    till.emit('device.status', {
      device: 'printer',
      id: 'receipt-printer',
      state: 'error',
      reason: 'paper-out',
      detail: 'paper out',
      flags: { paperOut: true, coverOpen: false },
    });
    await expect.poll(() => app.device('printer').getAttribute('data-state')).toBe('error');
    await expect.poll(() => app.deviceSummary('printer').textContent()).toBe('paper out');
    await app.device('printer').hover();
    await expect.poll(() => app.deviceTip('printer').textContent()).toMatch(/receipt-printer: Fault · paper out(?! · paper out)/);
    await shot(page, '15-device-fault');
    till.emit('device.status', { device: 'printer', id: 'receipt-printer', state: 'idle' });
    await expect.poll(() => app.device('printer').getAttribute('data-state')).toBe('idle');
    await expect.poll(() => app.deviceSummary('printer').count()).toBe(0);
  });

  it('shows sync progress, the backlog and the last sync in the bar itself, in the UI language', async () => {
    const { page } = till;
    const lastSyncAt = new Date(Date.now() - 60_000).toISOString();
    const clock = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Taipei', timeStyle: 'short' }).format(new Date(lastSyncAt));
    report({
      device: 'sync',
      id: 'hq',
      state: 'busy',
      detail: 'catching up: 412 of 1,646 entries sent (25%)',
      sync: { pending: 1234, progress: 0.2503, catchUp: { acked: 412, total: 1646 }, lastSyncAt, lastError: null, retryAt: null },
      flags: { upToDate: false, catchingUp: true, needsAttention: false },
    });
    const { app, sale } = ui;
    const summary = app.deviceSummary('sync');
    await expect.poll(() => summary.textContent()).toBe(`25% · 1,234 to send · last ${clock}`);
    await expect.poll(() => summary.isVisible()).toBe(true);
    report({ device: 'printer', id: 'receipt-printer', state: 'error', reason: 'cover-open', detail: 'cover open' });
    await app.nav('nav.settings').click();
    await app.language('zh-TW').click();
    const clockZhTw = new Intl.DateTimeFormat('zh-TW', { timeZone: 'Asia/Taipei', timeStyle: 'short' }).format(new Date(lastSyncAt));
    await expect.poll(() => summary.textContent()).toBe(`25%・待傳 1,234 筆 · 上次 ${clockZhTw}`);
    await expect.poll(() => app.deviceSummary('printer').textContent()).toBe('上蓋開啟');
    await app.language('zh-CN').click();
    await expect.poll(() => summary.textContent()).toMatch(/^25%・待传 1,234 条 · 上次 /);
    await shot(page, '15b-device-status-zh-cn');
    await app.language('en').click();
    report({ device: 'printer', id: 'receipt-printer', state: 'idle' });
    report({
      device: 'sync',
      id: 'hq',
      state: 'idle',
      sync: { pending: 0, progress: null, catchUp: null, lastSyncAt, lastError: null, retryAt: null },
    });
    await expect.poll(() => summary.textContent()).toBe(`up to date · last ${clock}`);
    await page.keyboard.press('Escape');
    await sale.screen().waitFor();
  });

  it('raises the drawer-left-open alarm, visibly and audibly, until the drawer closes', async () => {
    const { page } = till;
    const { app } = ui;
    // Sound needs a user gesture first (browser autoplay policy): the earlier scans and taps gave it.
    await page.mouse.click(5, 5);
    await expect.poll(async () => (await sound(page)).states).toEqual(['running']);
    const before = (await sound(page)).starts;
    till.emit('drawer.alarm', { open: true, openSeconds: 45 });
    await app.drawerAlarm().waitFor();
    await expect.poll(() => app.drawerAlarm().textContent()).toContain('45 s');
    // Three tones at once, and again every 3 s while the drawer stays open.
    await expect.poll(async () => (await sound(page)).starts - before).toBe(3);
    await expect.poll(async () => (await sound(page)).starts - before, { timeout: 5000 }).toBe(6);
    await shot(page, '16-drawer-alarm');
    till.emit('drawer.alarm', { open: false, openSeconds: 50 });
    await app.drawerAlarm().waitFor({ state: 'detached' });
    // Closing the drawer silences it: no further round of tones.
    const atClose = (await sound(page)).starts;
    await page.waitForTimeout(3500);
    expect((await sound(page)).starts).toBe(atClose);
  });

  it('locks the till with Ctrl+L and unlocks with the operator’s PIN', async () => {
    const { page } = till;
    const { app, sale } = ui;
    await page.keyboard.press('Control+l');
    await app.lockScreen().waitFor();
    await shot(page, '17-lock');
    await app.lockPin().fill('0000');
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: /Wrong staff number/ })
      .waitFor();
    await app.lockPin().fill(DEMO.supervisor.pin);
    await page.keyboard.press('Enter');
    await sale.screen().waitFor();
  });

  it('marks training mode clearly on every screen', async () => {
    const { page, runtime } = till;
    const { app, dialogs, login: form } = ui;
    await page.keyboard.press('F10');
    await dialogs.fn('fn.logout').click();
    await form.form().waitFor();
    await login(page, DEMO.cashier, { training: true });
    await app.trainingBanner().waitFor();
    await wedgeScan(page, DEMO.cola.barcode);
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await shot(page, '18-training');
    const sale = await runtime.handlers['session.state']({});
    expect(sale.training).toBe(true);
    expect(sale.sale?.training).toBe(true);
  });
});
