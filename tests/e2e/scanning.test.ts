// Keyboard-wedge input at real key timings: a scanner sends a key every 5-20 ms, a person every
// 35-150 ms (a fast typist's rollover can bring two or three keys within 20-30 ms). Key times
// are the events' own timestamps, which is what the till judges them by, so a pause inside a scan
// is exact however busy the machine is; nothing here sleeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO, buildRenderer, closeBrowser, startTill, wedgeScan, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { amount, hasFocus, mentions } from './pages/ui-words.ts';

let staticDir: string;
let till: Till;
let ui: TillPages;

beforeAll(async () => {
  staticDir = await buildRenderer();
  till = await startTill(staticDir);
  ui = tillPages(till.page);
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

/** One key and the time since the key before it, in ms. */
type TimedKey = readonly [key: string, afterMs: number];

/** Keys of `text`, each `gaps[i % gaps.length]` ms after the one before. */
const keysOf = (text: string, gaps: readonly number[]): TimedKey[] => [...text].map((ch, i) => [ch, i === 0 ? 0 : gaps[i % gaps.length]!]);

/** Sends keys with the given spacing as key events stamped with those times (starting `startInMs` from now). */
async function sendKeys(page: Page, keys: readonly TimedKey[], startInMs = 0): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const sends: Array<Promise<unknown>> = [];
    let at = Date.now() + startInMs;
    for (const [key, afterMs] of keys) {
      at += afterMs;
      const timestamp = at / 1000;
      if (key === 'Enter') {
        const named = { key, code: key, windowsVirtualKeyCode: 13 };
        sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...named, timestamp }));
        sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'char', key, text: '\r', timestamp }));
        sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...named, timestamp: timestamp + 0.001 }));
      } else {
        sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, text: key, unmodifiedText: key, timestamp }));
        sends.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, timestamp: timestamp + 0.001 }));
      }
    }
    await Promise.all(sends);
  } finally {
    await cdp.detach();
  }
}

const SCANNER = [5, 12, 20, 8] as const;

describe('sign-in and lock screens tell typing from a badge (#19 item 7)', () => {
  it('a staff number typed fast stays a staff number (no failed badge); a PIN typed fast into the PIN field signs in', async () => {
    const { login, sale } = ui;
    await expect.poll(() => hasFocus(login.staffNumber())).toBe(true);
    // A fast typist: S-0-0-1 in rollover, 18-30 ms apart, then Enter.
    await sendKeys(till.page, [...keysOf(DEMO.cashier.staffId, [0, 22, 18, 30]), ['Enter', 25]]);
    await expect.poll(() => hasFocus(login.pin())).toBe(true);
    expect(await login.staffNumber().inputValue()).toBe(DEMO.cashier.staffId);
    expect(await login.error().count()).toBe(0);
    await sendKeys(till.page, [...keysOf(DEMO.cashier.pin, [0, 25, 20, 28]), ['Enter', 22]]);
    await sale.screen().waitFor();
  });

  it('a product scanned at the lock screen is refused as "not a badge", and a PIN typed fast unlocks', async () => {
    const { app, sale } = ui;
    await app.lockButton().click();
    await app.lockScreen().waitFor();
    await wedgeScan(till.page, DEMO.greenTea.barcode);
    await app
      .lockScreen()
      .getByRole('alert')
      .filter({ hasText: mentions('error.auth.not-a-badge') })
      .waitFor();
    await expect.poll(() => hasFocus(app.lockPin())).toBe(true);
    await sendKeys(till.page, [...keysOf(DEMO.cashier.pin, [0, 25, 20, 28]), ['Enter', 22]]);
    await sale.screen().waitFor();
    expect(await sale.lines().count()).toBe(0);
  });
});

describe('scans on the sale screen', () => {
  it('a scan split by a 150 ms stall sells neither half; the tail (a valid item on its own) is refused as split', async () => {
    const { app, sale } = ui;
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
    // "40063" stalls for 150 ms, then "47100299" (the demo's 科學麵, a valid EAN-8) and Enter.
    await sendKeys(till.page, [
      ...keysOf('40063', SCANNER),
      ...keysOf('47100299', SCANNER).map(([k, t], i): TimedKey => [k, i === 0 ? 150 : t]),
      ['Enter', 6],
    ]);
    await app
      .errorNotices()
      .filter({ hasText: mentions('error.scan.split') })
      .waitFor();
    expect(await sale.lines().count()).toBe(0);
    await expect.poll(() => sale.scanField().inputValue()).toBe('');
    // Scanned again whole, it sells.
    await wedgeScan(till.page, '47100299');
    await expect.poll(() => sale.lines().count()).toBe(1);
  });

  // #19 item 11. Key times start now: a key stamped before the page existed would get no time at all.
  it('a character typed by hand earlier and left in the scan field does not spoil the next scan', async () => {
    const { sale } = ui;
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
    const before = await sale.lines().count();
    // A "7" typed by a person, then, 2 s later, a scan of the green tea ending in Enter.
    await sendKeys(till.page, [
      ['7', 0],
      ...keysOf(DEMO.greenTea.barcode, SCANNER).map(([k, t], i): TimedKey => [k, i === 0 ? 2000 : t]),
      ['Enter', 6],
    ]);
    await expect.poll(() => sale.lines().count()).toBe(before + 1);
    await expect.poll(() => sale.lines().last().textContent()).toContain(DEMO.greenTea.sku);
    await expect.poll(() => sale.scanField().inputValue()).toBe('');
  });

  it.each([
    ['a stray key 300 ms before the scan', [['7', 0]] as TimedKey[], 300, { barcode: DEMO.oolong.barcode, sku: '1002' }],
    [
      'two keys typed 80 ms apart, 150 ms before the scan',
      [
        ['1', 0],
        ['2', 80],
      ] as TimedKey[],
      150,
      { barcode: DEMO.milk.barcode, sku: '1019' },
    ],
  ])('%s: the scan sells, the typed keys are not glued to it and no split is claimed (#19 item 11)', async (_, typed, pauseMs, item) => {
    const { app, sale } = ui;
    await expect.poll(() => sale.scanFieldHasFocus()).toBe(true);
    const before = await sale.lines().count();
    const notices = await app
      .errorNotices()
      .filter({ hasText: mentions('error.scan.split') })
      .count();
    await sendKeys(till.page, [
      ...typed,
      ...keysOf(item.barcode, SCANNER).map(([k, t], i): TimedKey => [k, i === 0 ? pauseMs : t]),
      ['Enter', 6],
    ]);
    await expect.poll(() => sale.lines().count()).toBe(before + 1);
    await expect.poll(() => sale.lines().last().textContent()).toContain(item.sku);
    await expect.poll(() => sale.scanField().inputValue()).toBe('');
    expect(
      await app
        .errorNotices()
        .filter({ hasText: mentions('error.scan.split') })
        .count(),
    ).toBe(notices);
  });

  it('the demo sells bananas from a scale label: 1.250 kg at 80 a kg', async () => {
    const { sale } = ui;
    const before = await sale.lines().count();
    await wedgeScan(till.page, '2110001012501');
    await expect.poll(() => sale.lines().count()).toBe(before + 1);
    const line = sale.lines().last();
    await expect.poll(() => line.textContent()).toContain('1059'); // the bananas' SKU
    expect(await line.textContent()).toMatch(amount(100));
    expect(await line.textContent()).toMatch(/1\.25/);
  });
});
