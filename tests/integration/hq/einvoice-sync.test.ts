// A store with the tw-einvoice profile sells offline for days and catches up (issue #17): HQ
// assigns the till its number ranges and sync delivers them (recorded once each, in the ledger);
// the till sells with HQ out of reach over several days, running low; HQ assigns the next block
// meanwhile; back online, the till sends its backlog, records the new range and sells on into it.
// HQ's upload worker writes one F0401 per invoice into Turnkey's folder, in the order the numbers
// were issued, each valid against the F0401 schema, and never a second one on a rescan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { RunningHq } from '../../../hq/server.ts';
import type { CatalogItem } from '../../../core/catalog/product.ts';
import type { EntryBody } from '../../../core/ledger/bodies.ts';
import { allValid, checkAgainstSchema } from '../../../hq/einvoice/schema.ts';
import { srcFolder } from '../../../hq/einvoice/turnkey-folder.ts';
import { addTrack, assignRange } from '../../../hq/einvoice/tracks.ts';
import { migDate, periodCode, periodOfDate, taipeiMidnight, type InvoicePeriod } from '../../../hq/einvoice/fields.ts';
import { SqliteCatalog } from '../../../db/master-data.ts';
import { ean13 } from '../../helpers/catalog.ts';
import { startSyncingTill, type SyncingTill } from '../../helpers/syncing-till.ts';
import { CuttingProxy, removeTerminal, startTestHq, waitFor } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
const SELLER = '04595257';
const TERMINAL = 'T-EINV';
const BARCODE = ean13('471999000077');
const tea: CatalogItem = {
  productId: 'p-einv-tea',
  sku: 'TEA1',
  name: '烏龍茶 Oolong tea',
  names: { en: 'Oolong tea' },
  department: 'drinks',
  taxClass: 'standard',
  unit: 'each',
  prices: { retail: 120 },
  barcodes: [`0${BARCODE}`],
  active: true,
  itemCode: null,
};

let pool: pg.Pool;
let hq: RunningHq;
let till: SyncingTill | null = null;
let turnkey: string;
let proxy: CuttingProxy;

// The till's clock: the period after the one HQ is in now (HQ delivers current and later periods),
// so the test never straddles a period's end whatever day it runs.
const current = periodOfDate(migDate(new Date().toISOString(), 'now'));
const period: InvoicePeriod =
  current.firstMonth === 11 ? { year: current.year + 1, firstMonth: 1 } : { year: current.year, firstMonth: (current.firstMonth + 2) as 3 };
const code = periodCode(period);
let now = new Date(taipeiMidnight(period.year, period.firstMonth - 1, 2).getTime() + 10 * 3_600_000);
const clock = { now: () => new Date(now) };

beforeAll(async () => {
  ({ pool } = postgres);
  turnkey = mkdtempSync(join(tmpdir(), 'tillproof-turnkey-'));
  hq = await startTestHq(pool, {
    einvoice: { turnkeyDir: turnkey, sellerUbn: SELLER, uploads: { sellerName: '茶館 Tea House', pollMs: 30 } },
  });
  proxy = new CuttingProxy(() => ({ host: '127.0.0.1', port: hq.port }));
});

afterAll(async () => {
  await till?.runtime.close();
  if (till) removeTerminal(till.terminal);
  await proxy?.stop();
  await hq?.close();
  rmSync(turnkey, { recursive: true, force: true });
});

const saleEntries = () =>
  [...till!.runtime.store.entries()].filter((e) => e.kind === 'sale').map((e) => (e.body as unknown as EntryBody<'sale'>).einvoice!);
const rangeEntries = () => [...till!.runtime.store.entries()].filter((e) => e.kind === 'einvoice-range').map((e) => e.body);
const f0401Rows = async () =>
  (
    await pool.query<{ document: string; file_name: string }>(
      `SELECT document, file_name FROM hq_einvoice_uploads WHERE message_type = 'F0401' ORDER BY upload_id`,
    )
  ).rows;

async function sell(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await till!.ok('sale.scan', { code: BARCODE, source: 'hid' });
    await till!.ok('sale.present');
    await till!.ok('sale.addTender', { type: 'card', amount: 120, reference: `C-${i}`, last4: '4242' });
    await till!.ok('sale.complete');
  }
}

describe('a tw-einvoice store offline for days', () => {
  it('gets its ranges by sync, sells offline, catches up: every number once, F0401 files in order and valid', async () => {
    await hq.service.masterData.importCatalog([tea], { source: 'test', merge: true });
    await addTrack(pool, { sellerUbn: SELLER, period, letters: 'AB', start: 11223300, end: 11223399 });
    await assignRange(pool, { period, terminalId: TERMINAL, count: 50 });

    const url = await proxy.start();
    till = await startSyncingTill(hq, TERMINAL, {
      hqUrl: url,
      clock,
      config: {
        fiscal: { profile: 'tw-einvoice', sellerUbn: SELLER, qrKey: '00112233445566778899aabbccddeeff', lowNumbersWarning: 5 },
      },
    });
    const { runtime } = till;
    await waitFor(() => rangeEntries().length === 1, 20_000, 'the range from HQ at the till');
    expect(rangeEntries()).toEqual([{ period: code, track: 'AB', from: '11223300', to: '11223349', source: 'hq' }]);
    await waitFor(() => new SqliteCatalog(runtime.store.database).byId(tea.productId) !== null, 20_000, 'the product from HQ');

    await till.ok('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    await sell(3);
    await waitFor(async () => (await f0401Rows()).length === 3, 20_000, 'the first three F0401 files');
    // The second sale voided at the till: its number stays used, and HQ writes its F0501.
    const second = [...runtime.store.entries()].filter((e) => e.kind === 'sale')[1]!.body as unknown as EntryBody<'sale'>;
    await till.ok('sale.postVoid', {
      receiptNo: second.receiptNo,
      reason: 'wrong item',
      approval: { method: 'pin', staffId: 'S003', pin: '3333' },
    });
    await waitFor(
      async () =>
        (await pool.query(`SELECT 1 FROM hq_einvoice_uploads WHERE message_type = 'F0501' AND document = 'AB11223301'`)).rowCount === 1,
      20_000,
      'the F0501 of the voided invoice',
    );
    const voidXml = readFileSync(join(srcFolder(turnkey, 'F0501'), readdirSync(srcFolder(turnkey, 'F0501'))[0]!), 'utf8');
    expect(await checkAgainstSchema('F0501', voidXml)).toEqual({ valid: true, errors: [] });

    // HQ out of reach; the till sells on over five days and runs low.
    proxy.cut = () => ({ direction: 'request', bytes: 0 });
    proxy.dropAll();
    for (let day = 0; day < 3; day++) {
      await sell(15);
      now = new Date(now.getTime() + 2 * 24 * 3_600_000);
    }
    const devices = (await till.ok('devices.status')) as unknown as Array<{ device: string; reason?: string }>;
    expect(devices.find((d) => d.device === 'einvoice')).toMatchObject({ reason: 'numbers-low' });
    await assignRange(pool, { period, terminalId: TERMINAL, count: 50 });
    expect((await f0401Rows()).length).toBe(3);

    // Back online: the backlog goes up, the next block comes down (once), the till sells into it.
    proxy.cut = () => null;
    await waitFor(() => rangeEntries().length === 2, 20_000, 'the second range from HQ at the till');
    await sell(4);
    await waitFor(async () => (await f0401Rows()).length === 52, 30_000, 'every F0401 file');
    expect(rangeEntries().map((r) => (r as { from: string }).from)).toEqual(['11223300', '11223350']);

    const issued = saleEntries().map((e) => e.number);
    const expected = Array.from({ length: 52 }, (_, i) => `AB${11223300 + i}`);
    expect(issued).toEqual(expected);
    expect(saleEntries().every((e) => e.period === code)).toBe(true);
    const rows = await f0401Rows();
    expect(rows.map((r) => r.document)).toEqual(expected);

    // The files in Turnkey's folder: one per invoice, each valid against the F0401 schema.
    const files = readdirSync(srcFolder(turnkey, 'F0401')).sort();
    expect(files).toEqual(rows.map((r) => r.file_name).sort());
    const xmls = rows.map((row) => readFileSync(join(srcFolder(turnkey, 'F0401'), row.file_name), 'utf8'));
    expect(await allValid('F0401', xmls)).toBe(true);
    for (const [i, xml] of xmls.entries()) {
      expect(xml).toContain(`<InvoiceNumber>${expected[i]}</InvoiceNumber>`);
      expect(xml).toContain(`<RandomNumber>${saleEntries()[i]!.randomCode}</RandomNumber>`);
      expect(xml).toContain('<TotalAmount>120</TotalAmount>');
    }

    // A rescan from the start (batches sent again, a second HQ process) writes nothing twice.
    await hq.invoiceUploader!.stop();
    await pool.query('UPDATE hq_einvoice_upload_scan SET scanned_seq = 0');
    expect(await hq.invoiceUploader!.scan()).toBe(0);
    expect((await f0401Rows()).length).toBe(52);
    expect(readdirSync(srcFolder(turnkey, 'F0401'))).toHaveLength(52);
  }, 60_000);
});
