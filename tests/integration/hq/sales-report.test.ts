// The console's sales figures (hq/sales-report.ts) over the console API, on PostgreSQL holding
// simulated days synced from real terminal ledgers: totals by store, day, hour, department,
// salesperson and tender (returns and post-voids taken off, training left out), the previous
// period, exceptions by cashier, the drill-down to entries and their Z report, and a regional
// manager held to their stores by the query itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { RunningHq } from '../../../hq/server.ts';
import { salesReport } from '../../../hq/sales-report.ts';
import { HttpHqClient } from '../../../platform/hq-client.ts';
import { draft, saleBody } from '../../helpers/ledger.ts';
import { enroll, hqSummary, openTestTerminal, removeTerminal, sell, startTestHq, waitFor, type TestTerminal } from '../../helpers/hq.ts';
import { usePostgres } from '../../helpers/postgres.ts';
import { PLAIN_SALE_TOTAL, SALES_DAY, simulateSalesDay } from '../../helpers/sales-day.ts';

const postgres = usePostgres();
let pool: pg.Pool;
let hq: RunningHq;
const terminals: TestTerminal[] = [];
const PASSWORD = 'a long enough password';
const DAY = '2026-11-20';
const PERIOD = 'from=2026-11-19&to=2026-11-20&tz=Asia%2FTaipei';
let zSeq = 0;

interface Figure {
  key: string;
  currency: string;
  salesCount: number;
  salesTotal: number;
  returnsCount: number;
  returnsTotal: number;
  postVoidsCount: number;
  postVoidsTotal: number;
  netTotal: number;
}

async function push(t: TestTerminal): Promise<void> {
  const client = new HttpHqClient({ baseUrl: hq.url, terminalId: t.terminalId, signer: t.signer });
  try {
    await client.pushEntries({ terminalId: t.terminalId, entries: [...t.store.entries()], bytes: 0 });
  } finally {
    client.close();
  }
  const head = t.store.head().seq;
  await waitFor(async () => (await hqSummary(pool, t.terminalId)).lastSeq === head, 20_000, `${t.terminalId} at HQ`);
}

async function signIn(username: string): Promise<string> {
  const r = await fetch(`${hq.url}/console/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: hq.url },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  return r.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function get(
  cookie: string,
  path: string,
): Promise<{ status: number; json: Record<string, unknown> & { error?: { code: string } } }> {
  const r = await fetch(`${hq.url}/console/api${path}`, { headers: { cookie } });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> & { error?: { code: string } } };
}

const netBy = (figures: Figure[]) => Object.fromEntries(figures.map((f) => [f.key, f.netTotal]));

beforeAll(async () => {
  pool = postgres.pool;
  hq = await startTestHq(pool);
  for (const [id, store] of [
    ['T-1', 'S-1'],
    ['T-2', 'S-2'],
    ['T-3', 'S-3'],
  ] as const) {
    const t = openTestTerminal(id, store);
    terminals.push(t);
    await enroll(hq, t);
  }
  const [t1, t2, t3] = terminals as [TestTerminal, TestTerminal, TestTerminal];
  // The previous period (11-17..11-18): one plain sale at T-1.
  sell(t1, 1, { day: '2026-11-18' });
  zSeq = simulateSalesDay(t1, DAY);
  sell(t2, 2, { day: DAY });
  // T-3: a noodle sale on 11-15, outside both periods, post-voided on 11-20.
  t3.store.write((tx) => {
    const sale = saleBody(tx.nextReceiptNo(), 'T-3-old');
    for (const line of sale.lines) line.department = 'noodles';
    tx.append(draft('sale', sale, '2026-11-15T05:00:00.000Z', '2026-11-15', 'staff-9'));
    tx.append(
      draft(
        'void',
        { scope: 'post-void', saleId: sale.saleId, receiptNo: sale.receiptNo, amount: sale.total, reason: 'late' },
        `${DAY}T05:00:00.000Z`,
        DAY,
        'staff-9',
      ),
    );
  });
  await push(t1);
  await push(t2);
  await push(t3);
  await hq.service.users.add({ username: 'aud', displayName: 'Aud', role: 'auditor', stores: [], password: PASSWORD, totp: false }, 'test');
  await hq.service.users.add(
    { username: 'rm1', displayName: 'Rm', role: 'regional-manager', stores: ['S-1'], password: PASSWORD, totp: false },
    'test',
  );
});

afterAll(async () => {
  for (const t of terminals) removeTerminal(t);
  await hq?.close();
});

describe('sales figures', () => {
  it('by store: sales less returns and post-voids, training left out, against the previous period', async () => {
    const r = await get(await signIn('aud'), `/sales?${PERIOD}&dimension=store`);
    expect(r.status).toBe(200);
    const figures = r.json.figures as Figure[];
    expect(figures.find((f) => f.key === 'S-1')).toEqual({
      key: 'S-1',
      currency: 'TWD',
      salesCount: SALES_DAY.salesCount,
      salesTotal: SALES_DAY.salesTotal,
      returnsCount: 1,
      returnsTotal: SALES_DAY.returnsTotal,
      postVoidsCount: 1,
      postVoidsTotal: SALES_DAY.postVoidsTotal,
      netTotal: SALES_DAY.netTotal,
    });
    expect(figures.find((f) => f.key === 'S-2')).toMatchObject({ salesCount: 2, netTotal: 2 * PLAIN_SALE_TOTAL });
    expect(r.json.previous).toEqual({ from: '2026-11-17', to: '2026-11-18' });
    expect(netBy(r.json.previousFigures as Figure[])).toEqual({ 'S-1': PLAIN_SALE_TOTAL });
  });

  it('by department, salesperson, tender and hour: each adds up to the same net', async () => {
    const cookie = await signIn('aud');
    for (const dimension of ['department', 'salesperson', 'tender', 'hour'] as const) {
      const r = await get(cookie, `/sales?${PERIOD}&dimension=${dimension}&store=S-1`);
      expect(r.status).toBe(200);
      const net = netBy(r.json.figures as Figure[]);
      expect(net, dimension).toEqual(SALES_DAY[dimension]);
      expect(Object.values(net).reduce((s, n) => s + n, 0)).toBe(SALES_DAY.netTotal);
    }
    // The return counts once in tea's figure; sale A counts once in s-7's even with two salespersons.
    const dept = (await get(cookie, `/sales?${PERIOD}&dimension=department&store=S-1`)).json.figures as Figure[];
    expect(dept.find((f) => f.key === 'tea')).toMatchObject({ salesCount: 1, salesTotal: 1000, returnsCount: 1, returnsTotal: 1000 });
  });

  it('the hour chart and the exceptions by cashier come with every report', async () => {
    const r = await get(await signIn('aud'), `/sales?${PERIOD}&store=S-1`);
    expect(netBy(r.json.byHour as Figure[])).toEqual(SALES_DAY.hour);
    const exceptions = r.json.exceptions as { staffId: string }[];
    expect(Object.fromEntries(exceptions.map(({ staffId, ...counts }) => [staffId, counts]))).toEqual(SALES_DAY.exceptions);
  });

  it('a figure drills down to its entries (terminal, seq, hash) and the Z report sealing them', async () => {
    const cookie = await signIn('aud');
    const r = await get(cookie, `/sales/entries?${PERIOD}&dimension=department&key=tea`);
    expect(r.status).toBe(200);
    const entries = r.json.entries as {
      terminalId: string;
      seq: number;
      hash: string;
      kind: string;
      movement: string;
      amount: number;
      zReport: { seq: number; zNo: number } | null;
    }[];
    expect(entries.map((e) => [e.kind, e.movement, e.amount])).toEqual([
      ['sale', 'sale', 1000],
      ['return', 'return', 1000],
    ]);
    for (const e of entries) {
      expect(e.terminalId).toBe('T-1');
      const stored = await pool.query<{ hash: string }>('SELECT hash FROM ledger_entries WHERE terminal_id = $1 AND seq = $2', [
        e.terminalId,
        e.seq,
      ]);
      expect(e.hash).toBe(stored.rows[0]!.hash);
      expect(e.zReport).toMatchObject({ seq: zSeq, zNo: 1 });
    }
    // T-2 has no Z report yet: its entries say so.
    const s2 = await get(cookie, `/sales/entries?${PERIOD}&dimension=store&key=S-2`);
    expect((s2.json.entries as { zReport: unknown }[]).map((e) => e.zReport)).toEqual([null, null]);
    // A cashier's exceptions drill down too.
    const voids = await get(cookie, `/sales/entries?${PERIOD}&cashier=staff-2&group=voids`);
    expect((voids.json.entries as { kind: string }[]).map((e) => e.kind)).toEqual(['void', 'void']);
  });

  it('a regional manager gets only their stores: in the totals, the drill-down, and refused another store', async () => {
    const cookie = await signIn('rm1');
    const r = await get(cookie, `/sales?${PERIOD}&dimension=store`);
    expect((r.json.figures as Figure[]).map((f) => f.key)).toEqual(['S-1']);
    const byTender = await get(cookie, `/sales?${PERIOD}&dimension=tender`);
    expect(netBy(byTender.json.figures as Figure[])).toEqual(SALES_DAY.tender);
    const drilled = await get(cookie, `/sales/entries?${PERIOD}&dimension=tender&key=cash`);
    expect((drilled.json.entries as { storeId: string }[]).every((e) => e.storeId === 'S-1')).toBe(true);
    const other = await get(cookie, `/sales?${PERIOD}&store=S-2`);
    expect(other.status).toBe(403);
    expect(other.json.error?.code).toBe('console.forbidden');
    const otherEntries = await get(cookie, `/sales/entries?${PERIOD}&store=S-2&dimension=store&key=S-2`);
    expect(otherEntries.status).toBe(403);
  });

  it('the store restriction is in the query itself: asked for every store, it returns only the allowed ones', async () => {
    const report = await salesReport(
      pool,
      { from: '2026-11-19', to: DAY, withinStores: ['S-2'], timeZone: 'UTC', currency: 'TWD' },
      'store',
    );
    expect(report.figures.map((f) => f.key)).toEqual(['S-2']);
    expect(report.exceptions).toEqual([]);
    const none = await salesReport(pool, { from: '2026-11-19', to: DAY, withinStores: [], timeZone: 'UTC', currency: 'TWD' }, 'store');
    expect(none.figures).toEqual([]);
  });

  it('a post-void of a sale from before the period counts against that sale’s departments, looked up at HQ', async () => {
    const r = await get(await signIn('aud'), `/sales?${PERIOD}&dimension=department&store=S-3`);
    expect(r.json.figures).toEqual([
      {
        key: 'noodles',
        currency: 'TWD',
        salesCount: 0,
        salesTotal: 0,
        returnsCount: 0,
        returnsTotal: 0,
        postVoidsCount: 1,
        postVoidsTotal: PLAIN_SALE_TOTAL,
        netTotal: -PLAIN_SALE_TOTAL,
      },
    ]);
  });

  it('refuses a bad period, dimension or time zone with a clear message', async () => {
    const cookie = await signIn('aud');
    for (const [query, message] of [
      ['from=2026-11-20&to=2026-11-19', /after/],
      ['from=2026-01-01&to=2026-12-31', /at most 93 days/],
      ['from=20261120&to=2026-11-20', /YYYY-MM-DD/],
      [`${PERIOD}&dimension=colour`, /dimension is one of/],
      ['from=2026-11-19&to=2026-11-20&tz=Mars%2FOlympus', /unknown time zone/],
    ] as const) {
      const r = await get(cookie, `/sales?${query}`);
      expect(r.status, query).toBe(400);
      expect((r.json.error as unknown as { message: string }).message).toMatch(message);
    }
  });
});
