// Selling a serialized item in Chromium (issue #14): after the watch is scanned the till asks for
// its serial; the till's own scanner (a serial scanner on a socat pty pair) gives it and the dialog
// goes; the line shows it; the sale entry records it as scanned. The same serial again is refused;
// a typed serial asks a manager.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, approve, buildRenderer, closeBrowser, countFloat, login, shot, startTill, type Till } from './harness.ts';
import { tillPages, type TillPages } from './pages/index.ts';
import { mentions } from './pages/ui-words.ts';
import { SerialScannerEmulator } from '../../hardware/emulators/serial-scanner-emulator.ts';
import { FAST_RECONNECT, SOCAT_MISSING, isIdle, socatAvailable, statusWhere } from '../integration/hardware/helpers.ts';
import { applyCatalog, versionLabel } from '../../db/master-data.ts';
import { openBusinessDay } from '../../core/till/business-day.ts';
import { entryOf } from '../../core/ledger/bodies.ts';
import { DEMO_CONFIG } from '../../host/config.ts';
import type { CatalogItem } from '../../core/catalog/product.ts';

const WATCH: CatalogItem = {
  productId: 'TP-WATCH',
  sku: '9901',
  name: '限量腕錶',
  names: { en: 'Limited watch', 'zh-TW': '限量腕錶', 'zh-CN': '限量腕表' },
  department: 'watches',
  taxClass: 'standard',
  unit: 'each',
  prices: { retail: 20_000, member: 19_000, vip: 18_000 },
  barcodes: ['04710000099015'],
  active: true,
  itemCode: null,
  serialized: true,
};
const WATCH_EAN = '4710000099015';

let staticDir: string;
let till: Till;
let ui: TillPages;
let scanner: SerialScannerEmulator;

/** Adds the watch to the till's catalog as an import does: with its config-change entry, so the till's check still passes. */
function importWatch(): void {
  const store = till.runtime.store;
  const now = new Date();
  const businessDay = openBusinessDay(now, DEMO_CONFIG.store, store);
  store.write((tx) => {
    const change = applyCatalog(store.database, [WATCH], undefined, { merge: true });
    const at = now.toISOString();
    const body = { section: 'catalog', version: versionLabel(change), summary: 'import of watch.csv', digest: change.digest };
    tx.append({ kind: 'config-change', businessDay, startedAt: at, endedAt: at, operatorId: null, body });
  });
}

const sales = () => [...till.runtime.store.entries()].flatMap((e) => entryOf(e, 'sale') ?? []);

describe.skipIf(!socatAvailable)('serialized items in the browser', () => {
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
    importWatch();
    await ui.app.language('en').click();
    await login(till.page, DEMO.cashier);
    await countFloat(till.page, { 1000: 2 });
  });

  afterAll(async () => {
    await till?.close();
    await scanner?.close();
    await closeBrowser();
  });

  it('asks for the serial, takes it from the till’s scanner, and the sale records it', async () => {
    const { page } = till;
    const { sale, dialogs, payment, receipt } = ui;
    await scanner.scan(WATCH_EAN);
    const ask = dialogs.serial('Limited watch');
    await ask.waitFor();
    await expect.poll(() => sale.lines().count()).toBe(1);
    await shot(page, '60-serial-asked');
    await scanner.scan(']C0LX-0001');
    await ask.waitFor({ state: 'detached' });
    await expect.poll(() => sale.lines().first().textContent()).toMatch(mentions('serial.onLine', { serial: 'LX-0001' }));

    await page.keyboard.press('F8');
    await payment.panel().waitFor();
    await payment.exactCash().click();
    await payment.complete().click();
    await receipt.dialog().waitFor();
    await expect.poll(() => receipt.state()).toBe('printed');
    expect(sales().at(-1)!.body.lines[0]).toMatchObject({
      productId: 'TP-WATCH',
      qtyMilli: 1000,
      serial: { value: 'LX-0001', entry: 'scanned' },
    });
    await page.keyboard.press('Escape');
    await receipt.dialog().waitFor({ state: 'detached' });
  });

  it('refuses the same serial again, and a typed serial needs a manager', async () => {
    const { page } = till;
    const { dialogs, app } = ui;
    await scanner.scan(WATCH_EAN);
    const ask = dialogs.serial('Limited watch');
    await ask.waitFor();
    await scanner.scan(']C0LX-0001');
    await expect.poll(() => app.errorNotices().allTextContents()).toContainEqual(expect.stringMatching(mentions('error.serial.sold')));
    await expect(ask.isVisible()).resolves.toBe(true);

    await dialogs.serialField(ask).fill('lx-0002');
    await dialogs.button(ask, 'serial.useTyped').click();
    await dialogs.approval().waitFor();
    await expect.poll(() => dialogs.approvalSummary().textContent()).toContain('lx-0002');
    await shot(page, '61-serial-typed-approval');
    await approve(page, DEMO.supervisor);
    await ask.waitFor({ state: 'detached' });
    await expect.poll(() => ui.sale.lines().first().textContent()).toMatch(mentions('serial.onLine', { serial: 'LX-0002' }));
  });
});

if (!socatAvailable) console.warn(SOCAT_MISSING);
