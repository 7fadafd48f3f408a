// `tillproof hq ...` commands against a real PostgreSQL, and the cross-store reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { hqCommand } from '../../../cli/hq-commands.ts';
import type { CommandIo } from '../../../cli/io.ts';
import type { RunningHq } from '../../../hq/server.ts';
import { salesByStoreDay, exceptionsByCashier } from '../../../hq/reports.ts';
import { startSyncRunner } from '../../../host/sync-runner.ts';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { ean13 } from '../../helpers/catalog.ts';
import {
  enroll,
  exceptions,
  hqSummary,
  openTestTerminal,
  removeTerminal,
  sell,
  startTestHq,
  waitFor,
  type TestTerminal,
} from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
let dir: string;
let configFile: string;
const terminals: TestTerminal[] = [];

function capture(): CommandIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

beforeAll(async () => {
  pool = postgres.pool;
  hq = await startTestHq(pool);
  dir = mkdtempSync(join(tmpdir(), 'tillproof-hq-cli-'));
  configFile = join(dir, 'hq.json');
  writeFileSync(configFile, JSON.stringify({ databaseUrl: postgres.url, currency: 'TWD' }));
});

afterAll(async () => {
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tillproof hq', () => {
  it('enroll prints a one-time code that "hq join" redeems on the terminal', async () => {
    const t = openTestTerminal('DEMO-01', 'DEMO-STORE');
    terminals.push(t);
    t.close();
    const io = capture();
    expect(await hqCommand(['enroll', '--store', 'DEMO-STORE', '--terminal', 'DEMO-01', '--config', configFile], io)).toBe(0);
    const code = io.stdout[0]!;
    expect(code).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
    const join1 = capture();
    // The terminal side uses the embedded demo terminal config (DEMO-01).
    expect(await hqCommand(['join', '--url', hq.url, '--code', code, '--data-dir', t.dataDir], join1)).toBe(0);
    expect(join1.stdout[0]).toMatch(/terminal DEMO-01 enrolled .* for store DEMO-STORE/);
    // Another terminal presenting the used code is refused.
    const other = openTestTerminal('DEMO-01', 'DEMO-STORE');
    terminals.push(other);
    other.close();
    const again = capture();
    expect(await hqCommand(['join', '--url', hq.url, '--code', code, '--data-dir', other.dataDir], again)).toBe(1);
    expect(again.stderr.join('\n')).toMatch(/already used/);
  });

  it('import catalog, price set, staff add and members add publish master data versions', async () => {
    const csv = join(dir, 'catalog.csv');
    writeFileSync(
      csv,
      `product_id,sku,name,name_en,department,tax_class,unit,price_retail,price_member,barcodes\np-1,1001,烏龍茶,Oolong tea,drinks,standard,each,18,16,${ean13('471000000001')}\np-2,1002,鳳梨酥,Pineapple cake,bakery,standard,each,45,,\n`,
    );
    const io = capture();
    expect(await hqCommand(['import', 'catalog', csv, '--config', configFile], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/published as version \d+ \(2 records changed\)/);
    expect(await hqCommand(['import', 'catalog', csv, '--config', configFile], capture())).toBe(0);
    const p1 = await hq.service.masterData.record('product', 'p-1');
    expect(p1).toMatchObject({ prices: { retail: 18, member: 16 }, barcodes: [`0${ean13('471000000001')}`] });
    expect(await hqCommand(['price', 'set', '--product', 'p-1', '--price', '17', '--config', configFile], capture())).toBe(0);
    expect((await hq.service.masterData.record('product', 'p-1'))?.prices.retail).toBe(17);
    expect(
      await hqCommand(
        ['staff', 'add', '--id', 'c-7', '--name', 'Lin', '--role', 'cashier', '--store', 'S-1', '--pin-stdin', '--config', configFile],
        { ...capture(), stdin: async () => '2468\n' },
      ),
    ).toBe(0);
    expect((await hq.service.masterData.record('staff', 'c-7'))?.pin).toMatchObject({ scheme: 'scrypt' });
    const m = capture();
    expect(
      await hqCommand(
        ['members', 'add', '--id', 'm-7', '--name', 'Chen', '--tier', 'member', '--card', 'CARD-7777', '--config', configFile],
        m,
      ),
    ).toBe(0);
    expect(m.stderr.join('')).toMatch(/secret .*: [A-Z2-7]{32}/);
    expect(await hqCommand(['staff', 'add', '--id', 'c-8', '--name', 'X', '--role', 'boss', '--config', configFile], capture())).toBe(2);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'product_id,sku,name,department,tax_class,unit,price_retail\np-9,9,Nine,x,standard,each,abc\n');
    expect(await hqCommand(['import', 'catalog', bad, '--config', configFile], capture())).toBe(1);
  });

  it('staff add: stores named (a new person needs one), PIN from stdin or TILLPROOF_STAFF_PIN, --pin warned about', async () => {
    const pinOf = async (id: string) => (await hq.service.masterData.record('staff', id))?.pin;
    // A new person without a store is refused: nothing published.
    const noStore = capture();
    expect(await hqCommand(['staff', 'add', '--id', 'c-20', '--name', 'New', '--role', 'cashier', '--config', configFile], noStore)).toBe(
      1,
    );
    expect(noStore.stderr.join('\n')).toMatch(/name the store/);
    expect(await hq.service.masterData.record('staff', 'c-20')).toBeNull();
    // --store repeatable; 'all' for an area manager.
    expect(
      await hqCommand(
        ['staff', 'add', '--id', 'c-20', '--name', 'New', '--role', 'cashier', '--store', 'S-2', '--store', 'S-1', '--config', configFile],
        capture(),
      ),
    ).toBe(0);
    expect(await hq.service.masterData.staffStoresOf('c-20')).toEqual(['S-1', 'S-2']);
    expect(
      await hqCommand(
        ['staff', 'add', '--id', 'am-1', '--name', 'Area', '--role', 'manager', '--store', 'all', '--config', configFile],
        capture(),
      ),
    ).toBe(0);
    expect(await hq.service.masterData.staffStoresOf('am-1')).toEqual(['*']);
    // Without --store an existing person keeps their stores.
    expect(
      await hqCommand(['staff', 'add', '--id', 'c-20', '--name', 'New Name', '--role', 'cashier', '--config', configFile], capture()),
    ).toBe(0);
    expect(await hq.service.masterData.staffStoresOf('c-20')).toEqual(['S-1', 'S-2']);
    // The PIN from the environment; no warning.
    process.env.TILLPROOF_STAFF_PIN = '5791';
    try {
      const env = capture();
      expect(await hqCommand(['staff', 'add', '--id', 'c-20', '--name', 'New', '--role', 'cashier', '--config', configFile], env)).toBe(0);
      expect(env.stderr.join('\n')).not.toMatch(/warning/);
      expect(await pinOf('c-20')).toMatchObject({ scheme: 'scrypt' });
      // Two ways at once is a usage error.
      expect(
        await hqCommand(
          ['staff', 'add', '--id', 'c-20', '--name', 'New', '--role', 'cashier', '--pin', '1111', '--config', configFile],
          capture(),
        ),
      ).toBe(2);
    } finally {
      delete process.env.TILLPROOF_STAFF_PIN;
    }
    const before = await pinOf('c-20');
    const stdinPin = capture();
    expect(
      await hqCommand(['staff', 'add', '--id', 'c-20', '--name', 'New', '--role', 'cashier', '--pin-stdin', '--config', configFile], {
        ...stdinPin,
        stdin: async () => '8642\n',
      }),
    ).toBe(0);
    expect(stdinPin.stderr.join('\n')).not.toMatch(/warning/);
    expect((await pinOf('c-20'))?.hash).not.toBe(before?.hash);
    expect(
      await hqCommand(['staff', 'add', '--id', 'c-20', '--name', 'New', '--role', 'cashier', '--pin-stdin', '--config', configFile], {
        ...capture(),
        stdin: async () => '',
      }),
    ).toBe(2);
    // --pin still works, with a warning.
    const argPin = capture();
    expect(
      await hqCommand(
        ['staff', 'add', '--id', 'c-20', '--name', 'New', '--role', 'cashier', '--pin', '2468', '--config', configFile],
        argPin,
      ),
    ).toBe(0);
    expect(argPin.stderr.join('\n')).toMatch(/warning: a PIN given with --pin stays in the shell history/);
  });

  it('join refuses plain http:// to a remote host (the code would travel in clear), before sending anything', async () => {
    const t = openTestTerminal('DEMO-01', 'DEMO-STORE');
    terminals.push(t);
    t.close();
    const before = (await pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM hq_incidents')).rows[0]!.n;
    for (const url of ['http://hq.example.com', 'http://192.0.2.10:8470', 'http://127.0.0.1@hq.example.com/', 'ftp://hq.example.com']) {
      const io = capture();
      expect(await hqCommand(['join', '--url', url, '--code', 'K7QMD-X2PRA-9HW4T-ZC3NB', '--data-dir', t.dataDir], io), url).toBe(2);
      expect(io.stderr.join('\n'), url).toMatch(/--url: /);
    }
    // Nothing reached HQ (a refused enrollment would be an incident); loopback http:// is let through to HQ.
    expect((await pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM hq_incidents')).rows[0]!.n).toBe(before);
    const loopback = capture();
    expect(await hqCommand(['join', '--url', hq.url, '--code', 'K7QMD-X2PRA-9HW4T-ZC3NB', '--data-dir', t.dataDir], loopback)).toBe(1);
    expect(loopback.stderr.join('\n')).toMatch(/code/i);
  });

  it('serve refuses plain HTTP on a non-loopback address', async () => {
    const insecure = join(dir, 'insecure.json');
    writeFileSync(insecure, JSON.stringify({ listen: { host: '0.0.0.0', port: 0 }, databaseUrl: 'postgres://unused@127.0.0.1:1/x' }));
    const io = capture();
    expect(await hqCommand(['serve', '--config', insecure], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/config\.insecure-listen/);
  });
});

describe('cross-store reports', () => {
  it('sales per store and day, and exceptions per cashier, from verified entries', async () => {
    const specs = [
      { id: 'R-A1', store: 'STORE-A', sales: 40 },
      { id: 'R-A2', store: 'STORE-A', sales: 25 },
      { id: 'R-B1', store: 'STORE-B', sales: 10 },
    ];
    const runners = [];
    let saleTotal = 0;
    for (const s of specs) {
      const t = openTestTerminal(s.id, s.store);
      terminals.push(t);
      sell(t, s.sales);
      exceptions(t, 'cashier-1');
      if (s.id === 'R-A1') exceptions(t, 'cashier-2');
      sell(t, 5, { day: '2026-11-21' });
      saleTotal = (t.store.entry(2)!.body as { total: number }).total;
      await enroll(hq, t);
      runners.push(
        startSyncRunner({
          dataDir: t.dataDir,
          store: t.store,
          signer: t.signer,
          hqUrl: hq.url,
          timeZone: 'Asia/Taipei',
          rolloverHour: 4,
          idleIntervalMs: 30,
        }),
      );
    }
    await waitFor(
      async () => {
        for (const s of specs)
          if ((await hqSummary(pool, s.id)).lastSeq !== terminals.find((t) => t.terminalId === s.id)!.store.head().seq) return false;
        return true;
      },
      20_000,
      'all terminals synced',
    );
    for (const r of runners) await r.stop();
    const sales = await salesByStoreDay(pool, { from: '2026-11-20', to: '2026-11-21' });
    expect(sales.map((r) => [r.storeId, r.businessDay, r.terminals, r.salesCount, r.salesTotal])).toEqual([
      ['STORE-A', '2026-11-20', 2, 65, 65 * saleTotal],
      ['STORE-A', '2026-11-21', 2, 10, 10 * saleTotal],
      ['STORE-B', '2026-11-20', 1, 10, 10 * saleTotal],
      ['STORE-B', '2026-11-21', 1, 5, 5 * saleTotal],
    ]);
    expect((await salesByStoreDay(pool, { from: '2026-11-21', to: '2026-11-21', storeId: 'STORE-B' })).map((r) => r.salesCount)).toEqual([
      5,
    ]);
    const ex = await exceptionsByCashier(pool, { from: '2026-11-20', to: '2026-11-20', storeId: 'STORE-A' });
    expect(ex).toEqual([
      {
        storeId: 'STORE-A',
        staffId: 'cashier-1',
        lineVoids: 2,
        saleVoids: 0,
        postVoids: 0,
        noSales: 2,
        manualMembers: 0,
        reprints: 0,
        discountApprovals: 2,
        priceOverrides: 0,
      },
      {
        storeId: 'STORE-A',
        staffId: 'cashier-2',
        lineVoids: 1,
        saleVoids: 0,
        postVoids: 0,
        noSales: 1,
        manualMembers: 0,
        reprints: 0,
        discountApprovals: 1,
        priceOverrides: 0,
      },
    ]);
    // Over HTTP with a report token; a second push of the same entries does not count twice.
    const t = terminals.find((x) => x.terminalId === 'R-B1')!;
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
    await client.pushEntries({ terminalId: t.terminalId, entries: [...t.store.entries()], bytes: 0 });
    client.close();
    expect((await salesByStoreDay(pool, { from: '2026-11-20', to: '2026-11-20', storeId: 'STORE-B' }))[0]!.salesCount).toBe(10);
  });
});
