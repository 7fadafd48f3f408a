// A price HQ changes while a cashier is in the middle of a sale: the running terminal syncs the
// new price at once, the sale in progress completes at the price it was scanned at (a Sale keeps
// a snapshot of each product it holds), and the next sale sells at the new price.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { RunningHq } from '../../../hq/server.ts';
import type { CatalogItem } from '../../../core/catalog/product.ts';
import type { EntryBody } from '../../../core/ledger/bodies.ts';
import type { TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { SqliteCatalog } from '../../../db/master-data.ts';
import { ean13 } from '../../helpers/catalog.ts';
import { startSyncingTill } from '../../helpers/syncing-till.ts';
import { removeTerminal, startTestHq, waitFor, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
let runtime: TerminalRuntime | null = null;
let terminal: TestTerminal;

const BARCODE = ean13('471999000001');

const cake: CatalogItem = {
  productId: 'p-mid-sale',
  sku: 'MID1',
  name: '鳳梨酥 Pineapple cake',
  names: { en: 'Pineapple cake' },
  department: 'bakery',
  taxClass: 'standard',
  unit: 'each',
  prices: { retail: 3000 },
  barcodes: [`0${BARCODE}`],
  active: true,
  itemCode: null,
};

beforeAll(async () => {
  ({ pool } = postgres);
  hq = await startTestHq(pool);
});

afterAll(async () => {
  await runtime?.close();
  if (terminal) removeTerminal(terminal);
  await hq?.close();
});

describe('a price changed at HQ during a sale', () => {
  it('the sale in progress completes at the scanned price; the next sale uses the new one', async () => {
    await hq.service.masterData.importCatalog([cake], { source: 'test', merge: true });
    const till = await startSyncingTill(hq, 'T-MID-SALE');
    ({ terminal, runtime } = till);
    const rt = till.runtime;
    const { ok } = till;
    const retailAtTill = () => new SqliteCatalog(rt.store.database).byId('p-mid-sale')?.prices.retail;
    const lastSale = () => [...rt.store.entries()].filter((e) => e.kind === 'sale').at(-1);
    await waitFor(() => retailAtTill() === 3000, 20_000, 'the product from HQ at the till');

    await ok('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    expect(await ok('sale.scan', { code: BARCODE, source: 'hid' })).toMatchObject({ total: 3000 });

    // HQ raises the price while the sale is open; the running till syncs it.
    const { version } = await hq.service.masterData.setProductPrice('p-mid-sale', 'retail', 3500);
    expect(version).not.toBeNull();
    await waitFor(() => retailAtTill() === 3500, 20_000, 'the new price at the till');
    expect([...rt.store.entries()].filter((e) => e.kind === 'config-change').map((e) => (e.body as { version: string }).version)).toContain(
      `hq-${version}`,
    );

    // The same item scanned again in this sale adds to its line, at the price the sale holds.
    expect(await ok('sale.scan', { code: BARCODE, source: 'hid' })).toMatchObject({ total: 6000 });
    await ok('sale.present');
    await ok('sale.addTender', { type: 'card', amount: 6000, reference: 'M-1', last4: '4242' });
    const receipt = await ok('sale.complete');
    expect(receipt).toMatchObject({ total: 6000, change: 0 });
    const first = lastSale()!.body as unknown as EntryBody<'sale'>;
    expect(first).toMatchObject({ total: 6000 });
    expect(first.lines.map((l) => [l.productId, l.unitPrice, l.qtyMilli])).toEqual([['p-mid-sale', 3000, 2000]]);

    // The next sale sells at the new price.
    expect(await ok('sale.scan', { code: BARCODE, source: 'hid' })).toMatchObject({ total: 3500 });
    await ok('sale.present');
    await ok('sale.addTender', { type: 'card', amount: 3500, reference: 'M-2', last4: '4242' });
    expect(await ok('sale.complete')).toMatchObject({ total: 3500 });
    const second = lastSale()!.body as unknown as EntryBody<'sale'>;
    expect(second.lines.map((l) => [l.productId, l.unitPrice])).toEqual([['p-mid-sale', 3500]]);
  });
});
