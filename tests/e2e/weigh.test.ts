// Weighing in the browser (issue #15): a Mettler Toledo scale on a real serial line (socat pty
// pair, the scale emulator at the far end) in front of the till in Chromium. An item sold by the
// kg opens the Weigh dialog with the live weight and whether it is stable; Enter sells the
// stable weight; a moving load is refused with the reason; typing the weight instead is still
// possible and the line says the weight was typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, login, shot, startTill, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { ScaleEmulator } from '../../hardware/emulators/scale-emulator.ts';
import { FAST_RECONNECT, SOCAT_MISSING, isIdle, socatAvailable, statusWhere } from '../integration/hardware/helpers.ts';

let till: Till;
let ui: TillPages;
let scale: ScaleEmulator;

describe.skipIf(!socatAvailable)('weighing on the scale in the browser (socat pty pair)', () => {
  beforeAll(async () => {
    const staticDir = await buildRenderer();
    scale = new ScaleEmulator({ capacityGrams: 15_000 });
    await scale.plugIn();
    till = await startTill(staticDir, {
      config: {
        devices: {
          scale: { type: 'scale', transport: { kind: 'serial', path: scale.hostPath }, settleMs: 300, reconnect: FAST_RECONNECT },
        },
      },
    });
    ui = tillPages(till.page);
    await statusWhere(till.runtime.hardware.scale!, isIdle, 'idle');
  }, 180_000);

  afterAll(async () => {
    await till?.close();
    await scale?.close();
    await closeBrowser();
  });

  const openWeigh = async () => {
    const { page } = till;
    await page.getByRole('button', { name: 'Quick keys' }).click();
    const keys = page.getByRole('dialog', { name: 'Quick keys' });
    await keys.getByRole('button', { name: /Bananas \(per kg\)/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Weigh: Bananas (per kg)' });
    await dialog.waitFor();
    return dialog;
  };

  it('shows the live weight and its state, refuses a moving load, and sells the stable weight with Enter', async () => {
    const { page } = till;
    await ui.app.language('en').click();
    await login(page, DEMO.cashier);
    await ui.sale.screen().waitFor();
    await countFloat(page, { 1000: 2 });
    await ui.sale.drawerNotOpen().waitFor({ state: 'detached' });

    scale.command('weight 1250');
    scale.command('motion');
    const dialog = await openWeigh();
    const live = dialog.getByRole('status', { name: 'Weight on the scale' });
    await expect.poll(() => live.textContent()).toContain('Settling');
    await dialog.getByRole('button', { name: 'Weigh', exact: true }).click();
    await expect.poll(() => ui.app.errorNotices().allTextContents()).toContainEqual(expect.stringContaining('The weight has not settled'));
    expect(await ui.sale.lines().count()).toBe(0);

    scale.command('stable');
    await expect.poll(() => live.textContent()).toMatch(/1\.250 kg\s*Stable/);
    await shot(page, 'weigh-dialog');
    await dialog.getByLabel('Tare in kg (container), if any').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await expect.poll(() => ui.sale.lines().first().textContent()).toContain('1.250');
    await expect.poll(() => ui.sale.total().textContent()).toBe('$100');
    expect(await ui.sale.lines().first().textContent()).not.toContain('typed weight');
  });

  it('takes a keyed tare off, and a weight typed instead is marked on the line', async () => {
    const { page } = till;
    scale.command('weight 1040');
    let dialog = await openWeigh();
    await dialog.getByLabel('Tare in kg (container), if any').fill('0.040');
    await dialog.getByRole('button', { name: 'Weigh', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => ui.sale.lines().count()).toBe(2);
    await expect.poll(() => ui.sale.total().textContent()).toBe('$180');

    dialog = await openWeigh();
    await dialog.getByRole('button', { name: 'Type the weight instead' }).click();
    const typed = page.getByRole('dialog', { name: /^Quantity: Bananas/ });
    await typed.getByLabel('Weight in kg').fill('0.500');
    await typed.getByLabel('Weight in kg').press('Enter');
    await typed.waitFor({ state: 'detached' });
    await expect.poll(() => ui.sale.lines().count()).toBe(3);
    await expect.poll(() => ui.sale.lines().nth(2).textContent()).toContain('typed weight');
    await expect.poll(() => ui.sale.total().textContent()).toBe('$220');
  });
});

describe.runIf(!socatAvailable)('weighing on the scale in the browser', () => {
  it.skip(SOCAT_MISSING, () => {});
});
