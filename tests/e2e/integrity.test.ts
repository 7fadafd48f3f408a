// A till whose records fail their check shows a blocking screen that says what is wrong and what
// the manager and IT do, and nothing else: here a price changed in the ledger file by another program.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DEMO_CONFIG } from '../../host/config.ts';
import { buildRenderer, closeBrowser, shot, startTill, type Till } from './harness.ts';

let till: Till;

beforeAll(async () => {
  till = await startTill(await buildRenderer(), { locale: 'en-US', config: { store: { ...DEMO_CONFIG.store, locale: 'en' } } });
});

afterAll(async () => {
  await till?.close();
  await closeBrowser();
});

describe('the blocking screen for a ledger that fails its check', () => {
  it('a price set to 1 in the file stops the till, names the catalog and tells the manager and IT what to do', async () => {
    const { page } = till;
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const file = new Database(till.runtime.store.database.name);
    try {
      file.exec(
        "UPDATE product_prices SET unit_price = 1 WHERE product_no = (SELECT product_no FROM products WHERE product_id = 'TP-0001')",
      );
    } finally {
      file.close();
    }
    await page.reload();
    const alert = page
      .getByRole('alert')
      .filter({ has: page.getByRole('heading', { name: 'This till has stopped: its records fail their check' }) });
    await alert.waitFor();
    await expect
      .poll(() => alert.textContent())
      .toMatch(/The catalog data \(products, product_names, product_prices, product_barcodes\) was changed outside the till/);
    await expect.poll(() => alert.textContent()).toMatch(/Manager: do not sell on this till/);
    await expect.poll(() => alert.textContent()).toMatch(/IT: put the named data back/);
    // Nothing behind it: no sign-in form.
    expect(await page.getByRole('heading', { name: 'Sign in' }).count()).toBe(0);
    await shot(page, '90-integrity-blocked');
  });
});
