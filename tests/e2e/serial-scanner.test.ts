// A serial scanner on a real serial line (socat pty pair) in front of the till in Chromium: a
// staff badge on it signs in and unlocks; what it reads and the till refuses (a bad check digit,
// an unknown product, an item after Pay) is shown to the cashier as the wedge path shows its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, buildRenderer, closeBrowser, countFloat, startTill, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { mentions } from './pages/ui-words.ts';
import { SerialScannerEmulator } from '../../hardware/emulators/serial-scanner-emulator.ts';
import { FAST_RECONNECT, SOCAT_MISSING, isIdle, socatAvailable, statusWhere } from '../integration/hardware/helpers.ts';

let staticDir: string;
let till: Till;
let ui: TillPages;
let scanner: SerialScannerEmulator;

describe.skipIf(!socatAvailable)('a serial scanner in the browser (socat pty pair)', () => {
  beforeAll(async () => {
    staticDir = await buildRenderer();
    scanner = await SerialScannerEmulator.start({ suffix: 'cr' });
    till = await startTill(staticDir, {
      config: {
        devices: {
          scanner: { type: 'scanner', transport: { kind: 'serial', path: scanner.hostPath }, suffix: 'cr', reconnect: FAST_RECONNECT },
        },
      },
    });
    ui = tillPages(till.page);
    await statusWhere(till.runtime.hardware.scanners[0]!, isIdle, 'idle');
  });

  afterAll(async () => {
    await till?.close();
    await scanner?.close();
    await closeBrowser();
  });

  it('a staff badge on the serial scanner signs in', async () => {
    await ui.login.form().waitFor();
    await ui.app.language('en').click();
    await scanner.scan(DEMO.cashier.badge);
    await expect.poll(() => ui.app.topBar().textContent()).toContain('陳怡君');
    await countFloat(till.page, { 1000: 2 });
  });

  it('shows a bad check digit and an unknown product from the serial scanner', async () => {
    await scanner.scan('4711037000013');
    await expect
      .poll(() => ui.app.errorNotices().allTextContents())
      .toContainEqual(expect.stringMatching(mentions('scan.refused.check-digit')));
    await scanner.scan('4006381333931');
    await expect
      .poll(() => ui.app.errorNotices().allTextContents())
      .toContainEqual(expect.stringMatching(mentions('error.scan.unknown-product')));
    await expect.poll(() => ui.sale.lines().count()).toBe(0);
  });

  it('an item scanned after Pay is not added, and the cashier is told', async () => {
    await scanner.scan(DEMO.greenTea.barcode);
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
    await ui.sale.pay().click();
    await ui.payment.panel().waitFor();
    await scanner.scan(DEMO.oolong.barcode);
    await expect
      .poll(() => ui.app.errorNotices().allTextContents())
      .toContainEqual(expect.stringMatching(mentions('scan.refused.presented')));
    await expect.poll(() => ui.app.errorNotices().allTextContents()).toContainEqual(expect.stringContaining(DEMO.oolong.barcode));
    expect(await ui.sale.lines().count()).toBe(1);
  });

  it('a staff badge on the serial scanner unlocks a locked till', async () => {
    await ui.app.lockButton().click();
    await ui.app.lockScreen().waitFor();
    await scanner.scan(DEMO.cashier.badge);
    await ui.app.lockScreen().waitFor({ state: 'detached' });
    await expect.poll(() => ui.sale.lines().count()).toBe(1);
  });
});

describe.skipIf(socatAvailable)('a serial scanner in the browser', () => {
  it.skip(SOCAT_MISSING, () => {});
});
