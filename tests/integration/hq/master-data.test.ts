// Master data down: published at HQ, pulled by terminals with a version cursor, applied in one
// ledger transaction with config-change entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import type { RunningHq } from '../../../hq/server.ts';
import type { CatalogItem } from '../../../core/catalog/product.ts';
import { SqliteCatalog, SqliteMemberDirectory, SqliteStaffDirectory } from '../../../db/master-data.ts';
import { HQ_CONFIG_FILE, LedgerMasterDataSink, startSyncRunner, type SyncRunner } from '../../../host/sync-runner.ts';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { ean13 } from '../../helpers/catalog.ts';
import { enroll, openTestTerminal, removeTerminal, startTestHq, TEST_CLOCK, waitFor, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
const terminals: TestTerminal[] = [];
const runners: SyncRunner[] = [];

beforeAll(async () => {
  ({ pool } = postgres);
  hq = await startTestHq(pool);
});

afterAll(async () => {
  for (const r of runners) await r.stop();
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
});

function product(i: number, retail: number): CatalogItem {
  return {
    productId: `p-${i}`,
    sku: `SKU${i}`,
    name: `烏龍茶 ${i}`,
    names: { en: `Oolong tea ${i}` },
    department: 'drinks',
    taxClass: 'standard',
    unit: 'each',
    prices: { retail, member: retail - 100 },
    barcodes: [`0${ean13(`471000000${String(i).padStart(3, '0')}`)}`],
    active: true,
    itemCode: null,
  };
}

function run(t: TestTerminal, hqUrl = hq.url): SyncRunner {
  const r = startSyncRunner({
    dataDir: t.dataDir,
    store: t.store,
    signer: t.signer,
    hqUrl,
    timeZone: 'Asia/Taipei',
    rolloverHour: 4,
    clock: TEST_CLOCK,
    idleIntervalMs: 30,
    masterDataIntervalMs: 30,
    backoff: { baseMs: 20, maxMs: 100, factor: 2 },
  });
  runners.push(r);
  return r;
}

function retail(t: TestTerminal, productId: string): number | undefined {
  return new SqliteCatalog(t.store.database).byId(productId)?.prices.retail;
}

function configChanges(t: TestTerminal): Array<{ section: string; version: string }> {
  return [...t.store.entries()].filter((e) => e.kind === 'config-change').map((e) => e.body as { section: string; version: string });
}

describe('master data', () => {
  it('a price change at HQ reaches two terminals; a terminal offline during the change gets it when back', async () => {
    await hq.service.masterData.importCatalog([product(1, 1800), product(2, 4500)], { source: 'test', merge: false });
    const [a, b, c] = ['T-MD-A', 'T-MD-B', 'T-MD-C'].map((id) => openTestTerminal(id, 'S-MD'));
    terminals.push(a!, b!, c!);
    for (const t of [a!, b!, c!]) await enroll(hq, t);
    const ra = run(a!);
    const rb = run(b!);
    const rc = run(c!);
    await waitFor(() => [a!, b!, c!].every((t) => retail(t, 'p-1') === 1800), 20_000, 'catalog on all terminals');
    // C goes offline (its loop stops); HQ changes a price.
    await rc.stop();
    const { version } = await hq.service.masterData.setProductPrice('p-1', 'retail', 1650);
    await waitFor(() => retail(a!, 'p-1') === 1650 && retail(b!, 'p-1') === 1650, 20_000, 'new price on A and B');
    expect(retail(c!, 'p-1')).toBe(1800);
    run(c!);
    await waitFor(() => retail(c!, 'p-1') === 1650, 20_000, 'new price on C after it came back');
    for (const t of [a!, b!, c!]) {
      const changes = configChanges(t);
      expect(changes.map((x) => x.section)).toEqual(['catalog', 'catalog']);
      expect(changes.at(-1)!.version).toBe(`hq-${version}`);
      expect(new SqliteCatalog(t.store.database).byId('p-1')?.prices.member).toBe(1700);
    }
    await ra.stop();
    await rb.stop();
  });

  it('staff (with PIN and badge usable at the till), members (with token secrets) and terminal config sections arrive; credentials travel only as hashes', async () => {
    await hq.service.masterData.addStaff({
      staffId: 'cashier-9',
      name: '王小明',
      role: 'cashier',
      pin: '4321',
      badge: 'BADGE-0009',
      stores: ['S-MD'],
    });
    const { tokenSecret } = await hq.service.masterData.addMember({
      memberId: 'm-1',
      name: 'Mei',
      tier: 'member',
      cardNumbers: ['CARD-0001'],
    });
    await hq.service.masterData.publish('tax classes and roles', [
      { section: 'tax-class', record: { id: 'standard', rates: [{ id: 'VAT', bp: 500, label: '營業稅 5%' }] } },
      { section: 'role', record: { role: 'cashier', permissions: ['sale.sell', 'sale.discount'] } },
      { section: 'member-tier', record: { tier: 'gold', name: 'Gold', priceTier: 'vip' } },
    ]);
    const stored = await hq.service.masterData.record('staff', 'cashier-9');
    expect(JSON.stringify(stored)).not.toContain('4321');
    expect(JSON.stringify(stored)).not.toContain('BADGE-0009');
    const t = openTestTerminal('T-MD-PEOPLE', 'S-MD');
    terminals.push(t);
    await enroll(hq, t);
    const r = run(t);
    await waitFor(
      () => new SqliteMemberDirectory(t.store.database).byId('m-1') !== undefined && existsSync(join(t.dataDir, HQ_CONFIG_FILE)),
      20_000,
      'members and config',
    );
    expect(new SqliteStaffDirectory(t.store.database).byId('cashier-9')).toMatchObject({ name: '王小明', role: 'cashier', active: true });
    // The PIN and badge set at HQ work at the till, though only their hashes travelled.
    expect(new SqliteStaffDirectory(t.store.database).verifyPin('cashier-9', '4321')).toMatchObject({ staffId: 'cashier-9' });
    expect(new SqliteStaffDirectory(t.store.database).verifyPin('cashier-9', '1234')).toBeUndefined();
    expect(new SqliteStaffDirectory(t.store.database).byBadge('BADGE-0009')).toMatchObject({ staffId: 'cashier-9' });
    expect(new SqliteMemberDirectory(t.store.database).byCard('CARD-0001')).toMatchObject({ memberId: 'm-1', tokenSecret });
    const config = JSON.parse(readFileSync(join(t.dataDir, HQ_CONFIG_FILE), 'utf8'));
    expect(config.taxClasses.standard.rates[0].bp).toBe(500);
    expect(config.roles.cashier.permissions).toEqual(['sale.sell', 'sale.discount']);
    expect(
      configChanges(t)
        .map((x) => x.section)
        .sort(),
    ).toEqual(['catalog', 'members', 'staff', 'terminal-config']);
    await r.stop();
  });

  it('applies a change set in one ledger transaction, and applying it again changes and logs nothing', async () => {
    const t = openTestTerminal('T-MD-ATOMIC', 'S-MD');
    terminals.push(t);
    await enroll(hq, t);
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
    const page = await client.masterDataSince(0);
    expect(page.more).toBe(false);
    const sink = new LedgerMasterDataSink({
      store: t.store,
      dataDir: t.dataDir,
      clock: TEST_CLOCK,
      timeZone: 'Asia/Taipei',
      rolloverHour: 4,
    });
    const before = t.store.head().seq;
    sink.apply(page.changes, page.cursor);
    const after = t.store.head().seq;
    expect(after - before).toBe(4);
    sink.apply(page.changes, page.cursor);
    expect(t.store.head().seq).toBe(after);
    // A bad record anywhere in the set: nothing of the set is applied.
    const t2 = openTestTerminal('T-MD-ATOMIC-2', 'S-MD');
    terminals.push(t2);
    const sink2 = new LedgerMasterDataSink({
      store: t2.store,
      dataDir: t2.dataDir,
      clock: TEST_CLOCK,
      timeZone: 'Asia/Taipei',
      rolloverHour: 4,
    });
    const broken = [
      ...page.changes,
      {
        version: 99,
        section: 'member',
        key: 'm-x',
        record: { memberId: 'm-x', name: 'X', tier: 'member', tokenSecret: 'short', cardNumbers: [], email: null, active: true },
      },
    ];
    expect(() => sink2.apply(broken, 99)).toThrow(/invalid member record/);
    expect(t2.store.head().seq).toBe(1);
    expect(new SqliteCatalog(t2.store.database).byId('p-1')).toBeUndefined();
    client.close();
  });

  it('pages end on version boundaries, so a cursor never points into half a change set', async () => {
    const v1 = await hq.service.masterData.importCatalog(
      Array.from({ length: 30 }, (_, i) => product(100 + i, 1000 + i)),
      { source: 'paging', merge: true },
    );
    const v2 = await hq.service.masterData.setProductPrice('p-100', 'retail', 5);
    const since = v1.version! - 1;
    const first = await hq.service.masterData.changesSince(since, 10);
    // Version v1 has 30 records, more than a page: it comes whole.
    expect(first).toMatchObject({ more: true, cursor: v1.version });
    expect(first.changes.length).toBe(29);
    const second = await hq.service.masterData.changesSince(first.cursor, 10);
    expect(second).toMatchObject({ more: false, cursor: v2.version });
    expect(second.changes.map((c) => c.key)).toEqual(['p-100']);
  });
});

describe('staff by store', () => {
  it("a terminal gets the staff of its own store (and chain-wide area managers and members), never another store's PIN hashes; one moved away is deactivated there", async () => {
    const md = hq.service.masterData;
    await md.addStaff({ staffId: 'sc-north', name: 'North', role: 'cashier', pin: '1357', badge: 'BADGE-NORTH', stores: ['S-NORTH'] });
    await md.addStaff({ staffId: 'sc-south', name: 'South', role: 'cashier', pin: '2468', stores: ['S-SOUTH'] });
    await md.addStaff({ staffId: 'sc-area', name: 'Area', role: 'manager', pin: '9753', stores: ['all'] });
    // Published before staff named stores (no stores): every store, as before.
    await md.publish('legacy staff', [
      { section: 'staff', record: { staffId: 'sc-legacy', name: 'Legacy', role: 'cashier', active: true, pin: null, badgeHash: null } },
    ]);
    await md.addMember({ memberId: 'm-scope', name: 'Shopper', tier: 'member' });
    const [north, south] = [openTestTerminal('T-NORTH', 'S-NORTH'), openTestTerminal('T-SOUTH', 'S-SOUTH')];
    terminals.push(north!, south!);
    for (const t of [north!, south!]) await enroll(hq, t);

    // What HQ sends to the north terminal.
    const client = new HttpHqClient({ baseUrl: hq.url, terminalId: 'T-NORTH', signer: north!.signer });
    const page = await client.masterDataSince(0);
    const staffKeys = page.changes
      .filter((c) => c.section === 'staff')
      .map((c) => c.key)
      .sort();
    expect(staffKeys).toEqual(['sc-area', 'sc-legacy', 'sc-north']);
    const southHash = (await md.record('staff', 'sc-south'))!.pin!.hash;
    expect(JSON.stringify(page)).not.toContain(southHash);
    expect(page.changes.some((c) => c.section === 'member' && c.key === 'm-scope')).toBe(true);
    expect(page.cursor).toBe(await md.currentVersion());
    // Nothing new for the north store: the cursor still moves to HQ's latest version.
    await md.addStaff({ staffId: 'sc-south-2', name: 'South 2', role: 'cashier', stores: ['S-SOUTH'] });
    const next = await client.masterDataSince(page.cursor);
    expect(next).toEqual({ changes: [], cursor: await md.currentVersion(), more: false });
    client.close();

    const staff = (t: TestTerminal) => new SqliteStaffDirectory(t.store.database);
    run(north!);
    run(south!);
    await waitFor(
      () => staff(north!).byId('sc-north') !== undefined && staff(south!).byId('sc-south') !== undefined,
      20_000,
      'staff on both terminals',
    );
    expect(staff(south!).byId('sc-north')).toBeUndefined();
    expect(staff(north!).byId('sc-south')).toBeUndefined();
    for (const t of [north!, south!]) expect(staff(t).verifyPin('sc-area', '9753')).toMatchObject({ staffId: 'sc-area' });
    expect(staff(north!).verifyPin('sc-north', '1357')).toMatchObject({ staffId: 'sc-north' });
    expect(staff(north!).byBadge('BADGE-NORTH')).toMatchObject({ staffId: 'sc-north' });

    // Moved to the south store: deactivated at the north terminal, usable at the south one.
    await md.addStaff({ staffId: 'sc-north', name: 'North', role: 'cashier', stores: ['S-SOUTH'] });
    await waitFor(
      () => staff(north!).byId('sc-north')?.active === false && staff(south!).byId('sc-north')?.active === true,
      20_000,
      'sc-north moved',
    );
    expect(staff(north!).verifyPin('sc-north', '1357')).toBeUndefined();
    expect(staff(north!).byBadge('BADGE-NORTH')).toBeUndefined();
    expect(staff(south!).verifyPin('sc-north', '1357')).toMatchObject({ staffId: 'sc-north' });
    // The legacy record scoped to one store: the other store's terminal deactivates it.
    await md.addStaff({ staffId: 'sc-legacy', name: 'Legacy', role: 'cashier', stores: ['S-SOUTH'] });
    await waitFor(
      () => staff(north!).byId('sc-legacy')?.active === false && staff(south!).byId('sc-legacy')?.active === true,
      20_000,
      'sc-legacy scoped',
    );
  });
});
