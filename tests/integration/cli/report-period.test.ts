// `tillproof report period`: the Z reports of a range of business days added up. Three closed
// days and one still open; the roll-up equals the sum of the Zs, line by line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import type { TotalsRecord, ZTotals } from '../../../core/till/z-report.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');
let host: TestHost;
let zs: Array<{ zNo: number; businessDay: string; totals: ZTotals }>;
let hostPeriod: unknown;

const cli = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [CLI, 'report', 'period', ...args, '--data-dir', host.dataDir, '--config', join(host.dataDir, 'config.json')],
    { encoding: 'utf8' },
  );

async function cashSale(productIds: string[]): Promise<number> {
  for (const id of productIds) await host.call('sale.scan', { code: barcodeOf(id), source: 'hid' });
  const { total } = await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: total });
  return (await host.call('sale.complete')).receiptNo;
}

/** One business day: a float of 1000, the sales, a counted drawer, a Z. */
async function day(iso: string, sales: string[][], extra?: (receipts: number[]) => Promise<void>): Promise<void> {
  host.clock.set(`${iso}T02:00:00.000Z`); // 10:00 in Taipei
  await openDrawer(host, 1000);
  const receipts: number[] = [];
  for (const s of sales) receipts.push(await cashSale(s));
  await extra?.(receipts);
  const expected = host.store.drawerSessions({ open: true })[0]!;
  const cash = 1000 + expected.cashSales - expected.cashRefunds;
  await host.call('till.closeDrawer', { counts: [{ value: 1, count: cash }] });
  await host.call('report.z', { approval: approvalBy('301') });
}

beforeAll(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await day('2026-11-20', [['p-tea'], ['p-noodle', 'p-cake']]);
  await day('2026-11-21', [['p-cake'], ['p-milk'], ['p-tea', 'p-tea']], async ([first]) => {
    await host.call('return.complete', { originalReceiptNo: first!, lines: [{ lineNo: 1, qtyMilli: 1000 }], reason: 'stale' });
  });
  await day('2026-11-22', [['p-noodle']], async ([first]) => {
    await host.call('sale.postVoid', { receiptNo: first!, reason: 'rang twice', approval: approvalBy('301') });
    await cashSale(['p-milk', 'p-tea']);
  });
  // A fourth day sold on but not closed: not in any period report.
  host.clock.set('2026-11-23T02:00:00.000Z');
  await openDrawer(host, 1000);
  await cashSale(['p-noodle']);
  zs = [...host.store.entries()]
    .filter((e) => e.kind === 'z-report')
    .map((e) => e.body as unknown as { zNo: number; businessDay: string; totals: ZTotals });
  await host.call('session.logout', {});
  await loginAs(host, '301');
  hostPeriod = await host.call('report.period', { from: '2026-11-01', to: '2026-11-30' });
  host.store.close();
});
afterAll(() => host.close());

function sumKeys(list: typeof zs): TotalsRecord {
  const out: TotalsRecord = {};
  for (const z of list)
    for (const [k, v] of Object.entries(z.totals.keys)) {
      const acc = out[k] ?? (out[k] = { amount: 0, count: 0 });
      acc.amount += v.amount;
      acc.count += v.count;
    }
  return out;
}

describe('tillproof report period', () => {
  it('three closed days: the JSON roll-up is the sum of the three Zs, and the open fourth day is left out', () => {
    expect(zs.map((z) => [z.zNo, z.businessDay])).toEqual([
      [1, '2026-11-20'],
      [2, '2026-11-21'],
      [3, '2026-11-22'],
    ]);
    const r = cli('--from', '2026-11-01', '--to', '2026-11-30', '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      zCount: number;
      firstZ: number;
      lastZ: number;
      keys: TotalsRecord;
      net: number;
      perpetual: number;
      days: Array<{ zNo: number; net: number }>;
    };
    expect(out).toMatchObject({ from: '2026-11-01', to: '2026-11-30', currency: 'TWD', zCount: 3, firstZ: 1, lastZ: 3 });
    expect(out.keys).toEqual(sumKeys(zs));
    expect(out.net).toBe(zs.reduce((s, z) => s + z.totals.grand.period, 0));
    expect(out.perpetual).toBe(zs[2]!.totals.grand.perpetual);
    expect(out.net).toBe(out.perpetual); // the ledger began on the first day
    // By hand: day 1 25 + 165 = 190; day 2 45 + 33 + 50 - 45 returned = 83; day 3 120 - 120 voided + 58 = 58.
    expect(out.days.map((d) => d.net)).toEqual([190, 83, 58]);
    expect(out.net).toBe(331);
    expect(out.keys.sales).toEqual({ amount: 190 + 128 + 58, count: 2 + 3 + 2 }); // a post-voided sale is still counted
    expect(out.keys.returns).toEqual({ amount: 45, count: 1 });
    expect(out.keys['post-voids']).toEqual({ amount: 120, count: 1 });
    // The same figures as the period report at the till (the host's report.period, which also names the cashiers).
    const { days: _days, ...rest } = out;
    const { staffNames, ...figures } = hostPeriod as { staffNames: Record<string, string> };
    expect(rest).toEqual(figures);
    expect(staffNames).toMatchObject({ '101': 'Amy 陳' });
  });

  it('a sub-range adds up only its Zs', () => {
    const out = JSON.parse(cli('--from', '2026-11-21', '--to', '2026-11-22', '--format', 'json').stdout) as {
      zCount: number;
      keys: TotalsRecord;
      net: number;
      perpetual: number;
      firstZ: number;
    };
    expect(out).toMatchObject({ zCount: 2, firstZ: 2, net: 83 + 58, perpetual: 331 });
    expect(out.keys).toEqual(sumKeys(zs.slice(1)));
  });

  it('CSV: every summed total in minor units, then one row per Z', () => {
    const r = cli('--from', '2026-11-01', '--to', '2026-11-30', '--format', 'csv');
    expect(r.status).toBe(0);
    const rows = r.stdout
      .trim()
      .split(/\r\n/)
      .map((l) => l.split(','));
    expect(rows[0]).toEqual(['section', 'key', 'amount', 'count']);
    const totals = Object.fromEntries(
      rows.filter((x) => x[0] === 'totals').map((x) => [x[1], { amount: Number(x[2]), count: Number(x[3]) }]),
    );
    expect(totals).toEqual(sumKeys(zs));
    expect(rows.find((x) => x[0] === 'grand' && x[1] === 'net')![2]).toBe('331');
    expect(rows.filter((x) => x[0]!.startsWith('z:')).map((x) => [x[0], x[1], x[2]])).toEqual([
      ['z:1', '2026-11-20', '190'],
      ['z:2', '2026-11-21', '83'],
      ['z:3', '2026-11-22', '58'],
    ]);
  });

  it('text: the Zs, net sales and every total', () => {
    const r = cli('--from', '2026-11-01', '--to', '2026-11-30');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Z reports\s+3 \(#1\.\.#3\)/);
    expect(r.stdout).toMatch(/Z #2 2026-11-21\s+83/);
    expect(r.stdout).toMatch(/Net sales TWD\s+331/);
    expect(r.stdout).toMatch(/post-voids\s+1 {2}120/);
  });

  it('an empty range has no Zs; bad days are usage errors (exit 2)', () => {
    expect(JSON.parse(cli('--from', '2026-10-01', '--to', '2026-10-31', '--format', 'json').stdout)).toMatchObject({
      zCount: 0,
      firstZ: null,
      lastZ: null,
      net: 0,
      keys: {},
    });
    expect(cli('--from', '2026-11-31x', '--to', '2026-11-30').status).toBe(2);
    expect(cli('--from', '2026-11-30', '--to', '2026-11-01').status).toBe(2);
    expect(cli('--to', '2026-11-30').status).toBe(2);
    expect(cli('--from', '2026-11-01', '--to', '2026-11-30', '--format', 'pdf').status).toBe(2);
  });
});
