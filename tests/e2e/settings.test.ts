// Settings for IT and managers end to end: the devices tab with a test print that reaches the
// printer and a preview of the same document, the store and tax view, a staff member added at
// the till who then signs in, and the tab labels in Traditional Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, login, shot, startTill, type Till } from './harness.ts';
import { receiptLines, tillPages, type TillPages } from './pages/index.ts';

let till: Till;
let ui: TillPages;

beforeAll(async () => {
  till = await startTill(await buildRenderer());
  ui = tillPages(till.page);
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('settings for IT and managers', () => {
  it('a manager opens settings in English', async () => {
    const { page } = till;
    const { login: form, app, settings } = ui;
    await form.form().waitFor();
    await login(page, DEMO.manager);
    await app.nav('nav.settings').click();
    await settings.screen().waitFor();
    await app.language('en').click();
    await expect.poll(() => settings.tab('settings.devices').textContent()).toBe('Devices');
  });

  it('lists the devices and prints a test page the printer really gets, shown in the preview', async () => {
    const { page, printer } = till;
    const { settings } = ui;
    await settings.tab('settings.devices').click();
    await settings.deviceRow('receipt-printer').waitFor();
    await expect.poll(() => settings.deviceRow('receipt-printer').textContent()).toContain('Ready');
    // The preview is there before printing: the document the printer would get now.
    const preview = settings.testPrintPreview();
    await preview.waitFor();
    expect(await preview.getAttribute('data-width')).toBe('48');
    const before = printer.printed.length;
    await settings.testPrint().click();
    const result = settings.testPrintResult();
    await result.waitFor();
    expect(await result.getAttribute('data-printed')).toBe('true');
    await expect.poll(() => result.textContent()).toContain('receipt-printer');
    expect(printer.printed).toHaveLength(before + 1);
    const printed = printer.printed.at(-1)!;
    const printedText = printed.lines.flatMap((l) => (l.type === 'text' ? [l.text] : []));
    expect(printedText).toContain('TEST PRINT - NOT A RECEIPT');
    expect(printed.lines.some((l) => l.type === 'barcode') && printed.lines.some((l) => l.type === 'qr')).toBe(true);
    // The preview shows the very document that was printed, line for line.
    const rows = (await receiptLines(preview)).join('\n');
    for (const text of printedText.filter((t) => t.trim() !== '')) expect(rows).toContain(text.split(' ')[0]);
    // And the ledger has it.
    const head = till.runtime.store.head().seq;
    expect(till.runtime.store.entry(head)).toMatchObject({ kind: 'device-test', operatorId: 'S003', body: { outcome: 'ok' } });
    await shot(page, '40-settings-devices-test-print');
  });

  it('says why a test print failed and what to do', async () => {
    const { page, printer } = till;
    const { settings } = ui;
    printer.setFault('paper-out');
    try {
      await settings.testPrint().click();
      await expect.poll(() => settings.testPrintResult().getAttribute('data-printed')).toBe('false');
      await expect.poll(() => settings.testPrintResult().textContent()).toMatch(/out of paper/);
      await shot(page, '41-settings-test-print-failed');
    } finally {
      printer.setFault(null);
    }
  });

  it('shows the store and tax settings the till runs with, and where to change them', async () => {
    const { page } = till;
    const { settings } = ui;
    await settings.tab('settings.storeTax').click();
    await settings.storeCard().waitFor();
    await expect.poll(() => settings.storeName().textContent()).toBe('Tillproof Demo 示範商店');
    await expect.poll(() => settings.taxMode().textContent()).toBe('Include tax');
    await expect.poll(() => settings.taxClass('standard').textContent()).toContain('5 %');
    await expect.poll(() => page.getByText('Where to change it').count()).toBeGreaterThan(3);
    await shot(page, '42-settings-store-tax');
  });

  it('adds a staff member who can then sign in', async () => {
    const { page } = till;
    const { settings, sale, dialogs, login: signIn, app } = ui;
    await settings.tab('settings.staff').click();
    await settings.staffTable().waitFor();
    await expect.poll(() => settings.staffCard().getAttribute('data-managed-by')).toBe('local');
    // Labels are tied to their inputs: fill the form by label, as a screen reader user would.
    const form = settings.addStaffCard();
    await form.getByLabel('Staff no.').fill('S010');
    await form.getByLabel('Name').fill('Mei 王小美');
    await form.getByLabel('Role').selectOption('cashier');
    await form.getByLabel('PIN (4–8 digits)').fill('2468');
    await form.getByLabel('PIN again').fill('2486');
    await settings.addStaff().click();
    await expect.poll(() => settings.addStaffProblem().textContent()).toMatch(/two PINs differ/);
    await form.getByLabel('PIN again').fill('2468');
    await settings.addStaff().click();
    await settings.staffRow('S010').waitFor();
    await expect.poll(() => settings.staffMessage().textContent()).toContain('Mei 王小美');
    await expect.poll(() => settings.staffRow('S010').textContent()).toContain('Cashier');
    await shot(page, '43-settings-staff-added');

    await page.keyboard.press('Escape');
    await sale.screen().waitFor();
    await page.keyboard.press('F10');
    await dialogs.fn('fn.switch').click();
    await signIn.form().waitFor();
    await login(page, { staffId: 'S010', pin: '2468' });
    await expect.poll(() => app.topBar().textContent()).toContain('王小美');
  });

  it('a cashier sees no staff tools; the tab labels are translated in 繁體中文', async () => {
    const { page } = till;
    const { settings, app } = ui;
    await app.nav('nav.settings').click();
    await settings.screen().waitFor();
    await settings.tab('settings.staff').click();
    await expect.poll(() => settings.staffError().textContent()).toMatch(/not allowed/);
    await settings.tab('settings.general').click();
    await app.language('zh-TW').click();
    await expect.poll(() => settings.tab('settings.devices').textContent()).toBe('裝置');
    await expect.poll(() => settings.tab('settings.storeTax').textContent()).toBe('門市與稅務');
    await expect.poll(() => settings.tab('settings.staff').textContent()).toBe('員工與角色');
    await settings.tab('settings.staff').click();
    await expect.poll(() => settings.staffError().textContent()).toContain('你沒有這項權限');
    await shot(page, '44-settings-zh-tw');
  });

  it('a manager sees a cashier locked out by wrong PINs and unlocks them (繁體中文)', async () => {
    const { page } = till;
    const { settings, app, sale, dialogs, login: form } = ui;
    const failures = () => [...till.runtime.store.entries()].filter((e) => e.kind === 'login-failed').length;
    await page.keyboard.press('Escape');
    await sale.screen().waitFor();
    await page.keyboard.press('F10');
    await dialogs.fn('fn.switch').click();
    await form.form().waitFor();
    const before = failures();
    for (let i = 1; i <= 5; i++) {
      await form.submit({ staffId: DEMO.cashier.staffId, pin: '0000' });
      await expect.poll(failures).toBe(before + i);
    }
    await login(page, DEMO.manager);
    await app.nav('nav.settings').click();
    await settings.tab('settings.staff').click();
    const locked = settings.staffLocked(DEMO.cashier.staffId);
    await expect.poll(() => locked.textContent()).toMatch(/^鎖定至 /);
    await shot(page, '45-settings-staff-locked');
    await settings.unlockStaff(DEMO.cashier.staffId).click();
    await expect.poll(() => settings.staffMessage().textContent()).toMatch(/可以再次登入/);
    await expect.poll(() => locked.count()).toBe(0);
    expect([...till.runtime.store.entries()].at(-1)).toMatchObject({
      kind: 'lockout-cleared',
      operatorId: DEMO.manager.staffId,
      body: { scope: 'staff', staffId: DEMO.cashier.staffId },
    });
    await page.keyboard.press('Escape');
    await sale.screen().waitFor();
    await page.keyboard.press('F10');
    await dialogs.fn('fn.switch').click();
    await login(page, DEMO.cashier);
  });
});
