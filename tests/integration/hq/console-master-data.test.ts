// Master data through the HQ console's API against a real HQ on PostgreSQL: the product list a page
// at a time with search, a price changed by an admin (published as a version, audited with the
// HQ user), refused for other roles and for a bad amount, and catalog CSV files uploaded in chunks:
// all or nothing, every bad line reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scryptSync } from 'node:crypto';
import type pg from 'pg';
import type { RunningHq } from '../../../hq/server.ts';
import type { HqRole } from '../../../hq/hq-users.ts';
import type { CatalogItem } from '../../../core/catalog/product.ts';
import { startTestHq, waitFor } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
const PASSWORD = 'a long enough password';
const XSS = '<img src=x onerror=alert(1)>';

interface Res {
  status: number;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
}
interface Session {
  cookie: string;
  csrf: string;
}

async function call(method: string, path: string, session: Session | null, body?: unknown): Promise<Res> {
  const headers: Record<string, string> = { origin: hq.url };
  if (session) Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${hq.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await r.text();
  return { status: r.status, json: text ? (JSON.parse(text) as Res['json']) : {} };
}

async function signIn(username: string): Promise<Session> {
  const r = await fetch(`${hq.url}/console/api/session`, {
    method: 'POST',
    headers: { origin: hq.url, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  const json = (await r.json()) as { csrfToken: string };
  return { cookie: r.headers.getSetCookie()[0]!.split(';')[0]!, csrf: json.csrfToken };
}

async function addUser(username: string, role: HqRole, stores: string[] = []): Promise<void> {
  await hq.service.users.add({ username, displayName: username.toUpperCase(), role, stores, password: PASSWORD, totp: false }, 'test');
}

function product(n: number, name = `Product ${n}`): CatalogItem {
  return {
    productId: `P${String(n).padStart(4, '0')}`,
    sku: `SKU${n}`,
    name,
    names: {},
    department: 'grocery',
    taxClass: 'standard',
    unit: 'each',
    prices: { retail: 100 + n },
    barcodes: [],
    active: true,
    itemCode: null,
  };
}

async function auditOf(username: string, action: string): Promise<Record<string, unknown>[]> {
  const r = await pool.query<{ details: Record<string, unknown> }>(
    'SELECT details FROM hq_user_audit WHERE actor = $1 AND action = $2 ORDER BY audit_id',
    [username, action],
  );
  return r.rows.map((x) => x.details);
}

const HEADER = 'product_id,sku,name,department,tax_class,unit,price_retail,price_member';
const csvRow = (n: number, price = '50') => `C${n},CSKU${n},Imported ${n},grocery,standard,each,${price},${price}`;

/** Uploads `text` in chunks of `size` characters and waits for HQ's verdict. */
async function importCsv(s: Session, text: string, size: number, replace = false): Promise<Res['json']> {
  const started = await call('POST', '/console/api/catalog-imports', s, { fileName: 'catalog.csv', size: text.length, replace });
  expect(started.status, JSON.stringify(started.json)).toBe(200);
  const jobId = started.json.jobId as string;
  let last: Res = started;
  for (let at = 0; at < text.length || at === 0; at += size) {
    const chunk = text.slice(at, at + size);
    last = await call('POST', `/console/api/catalog-imports/${jobId}/chunk`, s, { at, text: chunk, last: at + size >= text.length });
    expect(last.status, JSON.stringify(last.json)).toBe(200);
    if (text.length === 0) break;
  }
  let status = last.json;
  await waitFor(
    async () => {
      status = (await call('GET', `/console/api/catalog-imports/${jobId}`, s)).json;
      return status.state !== 'publishing' && status.state !== 'receiving';
    },
    30_000,
    'the import to finish',
  );
  return status;
}

beforeAll(async () => {
  ({ pool } = postgres);
  hq = await startTestHq(pool);
  await hq.service.masterData.importCatalog(
    Array.from({ length: 120 }, (_, i) => product(i + 1, i === 6 ? XSS : undefined)),
    { source: 'test', merge: true },
  );
  await hq.service.masterData.publish('member tier prices', [{ section: 'price-tier', record: { tier: 'member', name: 'Member' } }]);
  await addUser('ada', 'admin');
  await addUser('bob', 'admin');
  await addUser('aud', 'auditor');
  await addUser('rm1', 'regional-manager', ['S-1']);
}, 120_000);

afterAll(async () => {
  await hq?.close();
});

describe('the product list', () => {
  it('comes a page at a time with the total, and finds by name, SKU or id; every role may read it', async () => {
    const aud = await signIn('aud');
    const first = await call('GET', '/console/api/products?limit=50', aud);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ total: 120, offset: 0, limit: 50, tiers: ['retail', 'member'], currency: 'TWD', minorDigits: 0 });
    expect((first.json.products as unknown[]).length).toBe(50);
    const last = await call('GET', '/console/api/products?limit=50&offset=100', aud);
    expect((last.json.products as { productId: string }[]).map((p) => p.productId)).toEqual(
      Array.from({ length: 20 }, (_, i) => `P${String(101 + i).padStart(4, '0')}`),
    );
    expect((await call('GET', '/console/api/products?limit=50&offset=500', aud)).json).toMatchObject({ total: 120, products: [] });
    const byName = await call('GET', `/console/api/products?q=${encodeURIComponent('onerror')}`, aud);
    expect(byName.json).toMatchObject({ total: 1, products: [{ productId: 'P0007', name: XSS }] });
    expect((await call('GET', '/console/api/products?q=SKU119', aud)).json.total).toBe(1);
    // A search character that means "anything" in SQL is taken literally.
    expect((await call('GET', '/console/api/products?q=%25', aud)).json.total).toBe(0);
    expect((await call('GET', '/console/api/products?limit=100000', aud)).status).toBe(400);
  });
});

describe('a price change', () => {
  it('an admin publishes it as one version the tills pull, audited with who changed what', async () => {
    const ada = await signIn('ada');
    const before = await hq.service.masterData.currentVersion();
    const r = await call('POST', '/console/api/products/P0003/price', ada, { tier: 'retail', price: '350' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ version: before + 1, product: { productId: 'P0003', prices: { retail: 350 } } });
    const page = await hq.service.masterData.changesSince(before, 100, { storeId: 'S-1' });
    expect(page.changes).toEqual([
      expect.objectContaining({ section: 'product', key: 'P0003', record: expect.objectContaining({ prices: { retail: 350 } }) }),
    ]);
    const summary = await pool.query<{ summary: string }>('SELECT summary FROM hq_master_versions WHERE version = $1', [before + 1]);
    expect(summary.rows[0]?.summary).toContain('by ada');
    expect(await auditOf('ada', 'master-data.price')).toEqual([
      { productId: 'P0003', tier: 'retail', from: 103, to: 350, version: before + 1 },
    ]);

    // A price for another published tier; the same price again publishes nothing.
    expect((await call('POST', '/console/api/products/P0003/price', ada, { tier: 'member', price: '300' })).json).toMatchObject({
      product: { prices: { retail: 350, member: 300 } },
    });
    expect((await call('POST', '/console/api/products/P0003/price', ada, { tier: 'member', price: '300' })).json).toMatchObject({
      version: null,
    });
  });

  it('a bad amount, an unknown tier or product is refused and publishes nothing', async () => {
    const ada = await signIn('ada');
    const before = await hq.service.masterData.currentVersion();
    for (const [path, body, status] of [
      ['/console/api/products/P0004/price', { tier: 'retail', price: '12.5' }, 400], // TWD has no minor digits
      ['/console/api/products/P0004/price', { tier: 'retail', price: '-1' }, 400],
      ['/console/api/products/P0004/price', { tier: 'retail', price: 'ten' }, 400],
      ['/console/api/products/P0004/price', { tier: 'gold', price: '10' }, 400],
      ['/console/api/products/P0004/price', { tier: 'retail', price: 10 }, 400],
      ['/console/api/products/NOPE/price', { tier: 'retail', price: '10' }, 404],
    ] as const) {
      const r = await call('POST', path, ada, body);
      expect(r.status, JSON.stringify(body)).toBe(status);
    }
    expect(await hq.service.masterData.currentVersion()).toBe(before);
    expect((await hq.service.masterData.record('product', 'P0004'))?.prices).toEqual({ retail: 104 });
  });

  it('an auditor or a regional manager may not change a price; the refusal is audited', async () => {
    const before = await hq.service.masterData.currentVersion();
    for (const who of ['aud', 'rm1']) {
      const r = await call('POST', '/console/api/products/P0005/price', await signIn(who), { tier: 'retail', price: '1' });
      expect(r.status).toBe(403);
      expect(await auditOf(who, 'access.refused')).toContainEqual(
        expect.objectContaining({ path: '/console/api/products/:productId/price' }),
      );
    }
    expect(await hq.service.masterData.currentVersion()).toBe(before);
  });
});

describe('a catalog CSV uploaded in chunks', () => {
  it('with one bad line publishes nothing and names every bad line', async () => {
    const ada = await signIn('ada');
    const before = await hq.service.masterData.currentVersion();
    const rows = Array.from({ length: 3000 }, (_, i) => csvRow(i + 1));
    rows[1499] = csvRow(1500, '12.5');
    rows[2999] = 'C3000,CSKU3000,,grocery,standard,each,10,10';
    const status = await importCsv(ada, [HEADER, ...rows].join('\n'), 10_000);
    expect(status).toMatchObject({ state: 'rejected', records: 3000, rejected: 2, version: null });
    expect([...new Set((status.errors as { line: number }[]).map((e) => e.line))]).toEqual([1501, 3001]);
    expect(await hq.service.masterData.currentVersion()).toBe(before);
    expect(await hq.service.masterData.record('product', 'C1')).toBeNull();
  });

  it('a clean file is published as one version with the importer in the audit log', async () => {
    const ada = await signIn('ada');
    const before = await hq.service.masterData.currentVersion();
    const text = [HEADER, ...Array.from({ length: 3000 }, (_, i) => csvRow(i + 1, String(i + 1)))].join('\r\n');
    const status = await importCsv(ada, text, 7_777);
    expect(status).toMatchObject({ state: 'published', records: 3000, rejected: 0, version: before + 1, changed: 3000, deactivated: 0 });
    expect(status.received).toBe(text.length);
    expect((await hq.service.masterData.record('product', 'C2999'))?.prices).toEqual({ retail: 2999, member: 2999 });
    // Merge: the products that were there stay on sale.
    expect((await hq.service.masterData.record('product', 'P0001'))?.active).toBe(true);
    expect(await auditOf('ada', 'master-data.catalog-import')).toEqual([
      { fileName: 'catalog.csv', products: 3000, replace: false, version: before + 1, changed: 3000, deactivated: 0 },
    ]);
  });

  it('an empty file that would replace the catalog is refused', async () => {
    const before = await hq.service.masterData.currentVersion();
    const status = await importCsv(await signIn('ada'), HEADER, 1000, true);
    expect(status).toMatchObject({ state: 'rejected', records: 0 });
    expect(await hq.service.masterData.currentVersion()).toBe(before);
  });

  it('a chunk out of order, after the end, or into another admin’s upload is refused', async () => {
    const ada = await signIn('ada');
    const started = await call('POST', '/console/api/catalog-imports', ada, { fileName: 'x.csv', size: 100, replace: false });
    const jobId = started.json.jobId as string;
    const chunk = (s: Session, at: number, last: boolean) =>
      call('POST', `/console/api/catalog-imports/${jobId}/chunk`, s, { at, text: `${HEADER}\n`, last });
    expect((await chunk(ada, 5, false)).status).toBe(400);
    expect((await chunk(await signIn('bob'), 0, false)).status).toBe(404);
    expect((await call('GET', `/console/api/catalog-imports/${jobId}`, await signIn('bob'))).status).toBe(404);
    expect((await chunk(ada, 0, true)).json).toMatchObject({ state: 'rejected' });
    expect((await chunk(ada, HEADER.length + 1, true)).status).toBe(400);
  });
});

describe('staff per store', () => {
  /** Whether `pin` opens the published PIN hash of `staffId` (as the till checks it). */
  async function pinOpens(staffId: string, pin: string): Promise<boolean> {
    const rec = await hq.service.masterData.record('staff', staffId);
    if (!rec?.pin) return false;
    const { N, r, p, salt, hash } = rec.pin;
    return scryptSync(pin, Buffer.from(salt, 'base64'), 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }).toString('base64') === hash;
  }

  it('an admin adds a person to a store: HQ makes a PIN, shows it once, publishes only its hash to that store', async () => {
    const ada = await signIn('ada');
    const before = await hq.service.masterData.currentVersion();
    const r = await call('POST', '/console/api/staff', ada, { staffId: 'c-01', name: XSS, role: 'cashier', stores: ['S-1'] });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({
      staff: { staffId: 'c-01', name: XSS, stores: ['S-1'], active: true, hasPin: true },
      version: before + 1,
    });
    const pin = r.json.pin as string;
    expect(pin).toMatch(/^\d{6}$/);
    expect(await pinOpens('c-01', pin)).toBe(true);
    expect((await hq.service.masterData.changesSince(before, 100, { storeId: 'S-1' })).changes.map((c) => c.key)).toEqual(['c-01']);
    expect((await hq.service.masterData.changesSince(before, 100, { storeId: 'S-2' })).changes).toEqual([]);
    const logged = await auditOf('ada', 'master-data.staff-add');
    expect(logged).toEqual([{ staffId: 'c-01', role: 'cashier', stores: ['S-1'], version: before + 1 }]);
    expect(JSON.stringify(logged)).not.toContain(pin);
  });

  it('a regional manager adds, resets and deactivates cashiers of their own stores only', async () => {
    const ada = await signIn('ada');
    await call('POST', '/console/api/staff', ada, { staffId: 'c-02', name: 'South cashier', role: 'cashier', stores: ['S-2'] });
    await call('POST', '/console/api/staff', ada, { staffId: 'm-01', name: 'North manager', role: 'manager', stores: ['S-1'] });
    const rm = await signIn('rm1');
    const add = (body: Record<string, unknown>) => call('POST', '/console/api/staff', rm, body);
    expect((await add({ staffId: 'c-03', name: 'New north', role: 'cashier', stores: ['S-1'] })).status).toBe(200);
    expect((await add({ staffId: 'c-04', name: 'Other store', role: 'cashier', stores: ['S-2'] })).status).toBe(403);
    expect((await add({ staffId: 'c-05', name: 'Everywhere', role: 'cashier', stores: ['all'] })).status).toBe(403);
    expect((await add({ staffId: 'm-02', name: 'A manager', role: 'manager', stores: ['S-1'] })).status).toBe(403);
    // Someone of another store is not found; a manager of their own store is theirs to see, not to change.
    expect((await call('POST', '/console/api/staff/c-02/deactivate', rm)).status).toBe(404);
    expect((await call('POST', '/console/api/staff/m-01/pin-reset', rm)).status).toBe(403);
    expect(await hq.service.masterData.record('staff', 'c-04')).toBeNull();

    const reset = await call('POST', '/console/api/staff/c-01/pin-reset', rm);
    expect(reset.status).toBe(200);
    expect(await pinOpens('c-01', reset.json.pin as string)).toBe(true);
    expect(await auditOf('rm1', 'master-data.staff-pin-reset')).toEqual([expect.objectContaining({ staffId: 'c-01' })]);

    const off = await call('POST', '/console/api/staff/c-03/deactivate', rm);
    expect(off.json).toMatchObject({ staff: { staffId: 'c-03', active: false } });
    expect((await hq.service.masterData.record('staff', 'c-03'))?.active).toBe(false);
    expect((await call('POST', '/console/api/staff/c-03/pin-reset', rm)).status).toBe(400);

    const listed = await call('GET', '/console/api/staff', rm);
    expect((listed.json.staff as { staffId: string }[]).map((s) => s.staffId)).toEqual(['c-01', 'c-03', 'm-01']);
    expect((await call('GET', '/console/api/staff?store=S-2', rm)).status).toBe(403);
    const all = await call('GET', '/console/api/staff', await signIn('aud'));
    expect((all.json.staff as { staffId: string }[]).map((s) => s.staffId)).toEqual(['c-01', 'c-02', 'c-03', 'm-01']);
    expect(JSON.stringify(all.json)).not.toContain('salt');
  });

  it('bad input is refused with the reason, publishing nothing', async () => {
    const ada = await signIn('ada');
    const before = await hq.service.masterData.currentVersion();
    for (const body of [
      { staffId: 'x 1', name: 'Space', role: 'cashier', stores: ['S-1'] },
      { staffId: 'x-1', name: '  ', role: 'cashier', stores: ['S-1'] },
      { staffId: 'x-1', name: 'No store', role: 'cashier', stores: [] },
      { staffId: 'x-1', name: 'Bad store', role: 'cashier', stores: ['S 1'] },
      { staffId: 'x-1', name: 'Bad role', role: 'owner', stores: ['S-1'] },
    ])
      expect((await call('POST', '/console/api/staff', ada, body)).status, JSON.stringify(body)).toBe(400);
    expect(await hq.service.masterData.currentVersion()).toBe(before);
  });
});

describe('tiers, roles, approval limits and loss-prevention thresholds', () => {
  it('an admin publishes each as one version the tills pull, audited with who changed what', async () => {
    const ada = await signIn('ada');
    const before = await hq.service.masterData.currentVersion();
    const tier = await call('POST', '/console/api/member-tiers', ada, { tier: 'vip', name: 'VIP', priceTier: 'member' });
    expect(tier.status, JSON.stringify(tier.json)).toBe(200);
    const role = await call('POST', '/console/api/roles/cashier', ada, {
      permissions: ['sale.sell', 'sale.discount', 'return.with-receipt', 'member.search'],
    });
    expect(role.status, JSON.stringify(role.json)).toBe(200);
    const limits = await call('POST', '/console/api/approval-limits', ada, {
      discountPercent: '15',
      discountAmount: '800',
      freeReprints: '0',
      overShortThreshold: '200',
    });
    expect(limits.status, JSON.stringify(limits.json)).toBe(200);
    const loss = await call('POST', '/console/api/loss-rules', ada, {
      values: { 'memberVelocity.maxSalesPerDay': '6', 'seedPattern.highValue': '20000' },
    });
    expect(loss.status, JSON.stringify(loss.json)).toBe(200);
    expect([tier, role, limits, loss].map((r) => r.json.version)).toEqual([before + 1, before + 2, before + 3, before + 4]);

    const page = await hq.service.masterData.changesSince(before, 100, { storeId: 'S-1' });
    expect(page.changes.map((c) => [c.section, c.key])).toEqual([
      ['member-tier', 'vip'],
      ['role', 'cashier'],
      ['approval-limits', 'chain'],
      ['loss-rules', 'chain'],
    ]);
    expect(page.changes[2]!.record).toEqual({
      scope: 'chain',
      discountPercent: 15,
      discountAmountMajor: 800,
      freeReprints: 0,
      overShortThreshold: 200,
    });
    expect(page.changes[3]!.record).toMatchObject({ rules: { memberVelocity: { maxSalesPerDay: 6 }, seedPattern: { highValue: 20_000 } } });
    const summaries = await pool.query<{ summary: string }>('SELECT summary FROM hq_master_versions WHERE version > $1', [before]);
    for (const s of summaries.rows) expect(s.summary).toContain('by ada');
    expect(await auditOf('ada', 'master-data.loss-rules')).toEqual([
      {
        changes: { 'memberVelocity.maxSalesPerDay': { from: 3, to: 6 }, 'seedPattern.highValue': { from: 10_000, to: 20_000 } },
        version: before + 4,
      },
    ]);
    expect(await auditOf('ada', 'master-data.role')).toEqual([
      expect.objectContaining({
        role: 'cashier',
        granted: [],
        withdrawn: ['sale.void-line', 'training', 'member.create', 'giftcard.issue'],
      }),
    ]);

    // Every role reads them back as published; the same values again publish nothing.
    const read = await call('GET', '/console/api/rules', await signIn('aud'));
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      memberTiers: [{ tier: 'vip', name: 'VIP', priceTier: 'member' }],
      approvalLimits: { discountPercent: '15', discountAmount: '800', published: true },
      mayChange: false,
      lossRulesPublished: true,
    });
    expect((read.json.lossRules as { path: string; value: unknown }[]).find((f) => f.path === 'memberVelocity.maxSalesPerDay')?.value).toBe(
      '6',
    );
    const again = await call('POST', '/console/api/loss-rules', ada, { values: { 'memberVelocity.maxSalesPerDay': '6' } });
    expect(again.json.version).toBeNull();
  });

  it('bad input is refused naming the field, publishing nothing', async () => {
    const ada = await signIn('ada');
    const before = await hq.service.masterData.currentVersion();
    for (const [path, body, field] of [
      ['/console/api/member-tiers', { tier: 'Gold!', name: 'Gold', priceTier: 'retail' }, 'tier'],
      ['/console/api/member-tiers', { tier: 'gold', name: ' ', priceTier: 'retail' }, 'name'],
      ['/console/api/member-tiers', { tier: 'gold', name: 'Gold', priceTier: 'platinum' }, 'priceTier'],
      ['/console/api/roles/cashier', { permissions: ['sale.sell', 'drawer.everything'] }, 'permissions.1'],
      [
        '/console/api/approval-limits',
        { discountPercent: '101', discountAmount: '5', freeReprints: '1', overShortThreshold: '1' },
        'discountPercent',
      ],
      [
        '/console/api/approval-limits',
        { discountPercent: '5', discountAmount: '5.5', freeReprints: '1', overShortThreshold: '1' },
        'discountAmount',
      ],
      ['/console/api/loss-rules', { values: { 'quickRefund.withinMinutes': '9999' } }, 'quickRefund.withinMinutes'],
      ['/console/api/loss-rules', { values: { 'drawerShort.minCount': 'x' } }, 'drawerShort.minCount'],
    ] as const) {
      const r = await call('POST', path, ada, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((r.json.error as { details?: { field?: string } }).details?.field, JSON.stringify(r.json)).toBe(field);
    }
    expect((await call('POST', '/console/api/roles/owner', ada, { permissions: [] })).status).toBe(404);
    expect(await hq.service.masterData.currentVersion()).toBe(before);
  });

  it('an auditor or a regional manager may not change them, nor a request without the CSRF token', async () => {
    const before = await hq.service.masterData.currentVersion();
    const body = { values: { 'memberVelocity.maxSalesPerDay': '9' } };
    for (const who of ['aud', 'rm1']) {
      const s = await signIn(who);
      expect((await call('GET', '/console/api/rules', s)).status).toBe(200);
      for (const [path, b] of [
        ['/console/api/loss-rules', body],
        ['/console/api/approval-limits', { discountPercent: '90', discountAmount: '1', freeReprints: '1', overShortThreshold: '1' }],
        ['/console/api/roles/cashier', { permissions: ['sale.post-void'] }],
        ['/console/api/member-tiers', { tier: 'x', name: 'X', priceTier: 'retail' }],
      ] as const) {
        const r = await call('POST', path, s, b);
        expect(r.status, `${who} ${path}`).toBe(403);
        expect(r.json.error?.code).toBe('console.forbidden');
      }
    }
    const forged = await call('POST', '/console/api/loss-rules', { ...(await signIn('ada')), csrf: 'A'.repeat(43) }, body);
    expect(forged.status).toBe(403);
    expect(forged.json.error?.code).toBe('console.csrf');
    expect(await hq.service.masterData.currentVersion()).toBe(before);
  });
});
