// `tillproof report commission` on a real SQLite ledger: sales rung up through the host's handlers
// with salespersons chosen (one, two with shares, none: the cashier), a partial return and a
// post-void clawing back, and the report listing each salesperson's lines with exact totals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import type { CommissionReport } from '../../../core/sales/commission.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');
let host: TestHost;
let rulesPath: string;
const receipts: number[] = [];

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'report', 'commission', ...args], { encoding: 'utf8' });

async function sell(productIds: string[], salespersons?: Array<{ staffId: string; shareBp?: number }>): Promise<number> {
  for (const id of productIds) await host.call('sale.scan', { code: barcodeOf(id), source: 'hid' });
  if (salespersons) await host.call('sale.setSalespersons', { salespersons });
  const { total } = await host.call('sale.present');
  await host.call('sale.addTender', { type: 'cash', amount: total });
  return (await host.call('sale.complete')).receiptNo;
}

beforeAll(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
  // 2026-11-20: tea (25) + cake (45) by 102 and 201 at 70/30; noodles (120) by 102; tea by the cashier.
  receipts.push(
    await sell(
      ['p-tea', 'p-cake'],
      [
        { staffId: '102', shareBp: 7000 },
        { staffId: '201', shareBp: 3000 },
      ],
    ),
  );
  receipts.push(await sell(['p-noodle'], [{ staffId: '102' }]));
  receipts.push(await sell(['p-tea']));
  // 2026-11-21: the cake of the first sale comes back; the noodles are post-voided.
  host.clock.set('2026-11-21T02:00:00.000Z');
  await host.call('return.complete', { originalReceiptNo: receipts[0]!, lines: [{ lineNo: 2, qtyMilli: 1000 }], reason: 'stale' });
  await host.call('sale.postVoid', { receiptNo: receipts[1]!, reason: 'rang twice', approval: approvalBy('301') });
  rulesPath = join(host.dataDir, 'commission.json');
  writeFileSync(
    rulesPath,
    JSON.stringify({
      currency: 'TWD',
      rules: [
        { id: 'snacks-fixed', department: 'snacks', fixedPerUnit: 5 },
        { id: 'everything-3pct', percentBp: 300 },
      ],
    }),
  );
});
afterAll(() => host.close());

describe('tillproof report commission', () => {
  it('lists each salesperson line by line, returns and post-voids clawing back, totals exact (--json)', () => {
    const r = cli('--db', host.path, '--rules', rulesPath, '--from', '2026-11-20', '--to', '2026-11-21', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as CommissionReport;
    const rows = (staffId: string) =>
      report.salespersons
        .find((p) => p.staffId === staffId)!
        .lines.map((l) => [l.businessDay, l.kind, l.sku, l.amount, l.rule, l.lineCommission, l.shareBp, l.commission]);
    // Tea 25 x 3 % = 0.75 -> 1, split 70/30 by largest remainder: 1 / 0. Cake: 5 per unit, 3.5 / 1.5 -> 4 / 1 (tie: first named).
    expect(rows('102')).toEqual([
      ['2026-11-20', 'sale', 'TEA', 25, 'everything-3pct', 1, 7000, 1],
      ['2026-11-20', 'sale', 'CAKE', 45, 'snacks-fixed', 5, 7000, 4],
      ['2026-11-20', 'sale', 'NOODLE', 120, 'everything-3pct', 4, 10_000, 4],
      ['2026-11-21', 'return', 'CAKE', -45, 'snacks-fixed', -5, 7000, -4],
      ['2026-11-21', 'post-void', 'NOODLE', -120, 'everything-3pct', -4, 10_000, -4],
    ]);
    expect(rows('201')).toEqual([
      ['2026-11-20', 'sale', 'TEA', 25, 'everything-3pct', 1, 3000, 0],
      ['2026-11-20', 'sale', 'CAKE', 45, 'snacks-fixed', 5, 3000, 1],
      ['2026-11-21', 'return', 'CAKE', -45, 'snacks-fixed', -5, 3000, -1],
    ]);
    // No salesperson chosen: the cashier who rang it up.
    expect(rows('101')).toEqual([['2026-11-20', 'sale', 'TEA', 25, 'everything-3pct', 1, 10_000, 1]]);
    expect(report.salespersons.map((p) => [p.staffId, p.total])).toEqual([
      ['101', 1],
      ['102', 1],
      ['201', 0],
    ]);
    expect(report.total).toBe(2);
    // Each line names its ledger entry, so it can be looked up and verified.
    const first = report.salespersons[1]!.lines[0]!;
    expect(host.store.entry(first.seq)).toMatchObject({ kind: 'sale', body: { receiptNo: receipts[0] } });
  });

  it('a day range shows only what was recorded on those days (--csv)', () => {
    const r = cli('--db', host.path, '--rules', rulesPath, '--from', '2026-11-21', '--to', '2026-11-21', '--csv');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'salesperson,terminal,seq,business_day,kind,receipt_no,original_receipt_no,line_no,product_id,sku,name,qty_milli,amount,rule,line_commission,share_bp,commission',
    );
    expect(lines.filter((l) => /,(sale|return|post-void),/.test(l)).map((l) => l.split(',')[4])).toEqual(['return', 'post-void', 'return']);
    expect(lines.at(-1)).toBe(',,,,grand-total,,,,,,,,,,,,-9');
  });

  it('the text report reads line by line with the rule and share', () => {
    const r = cli('--db', host.path, '--rules', rulesPath, '--from', '2026-11-20', '--to', '2026-11-20');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Salesperson 102');
    expect(r.stdout).toMatch(/#\d+ 2026-11-20 receipt \d+ line 2 CAKE .*: 45, rule snacks-fixed, line 5 x 70\.00 % = 4/);
    expect(r.stdout).toContain('Total commission: 11');
  });

  it('refuses rules that do not parse, and missing options, with a clear message', () => {
    const bad = join(host.dataDir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ currency: 'TWD', rules: [{ id: 'x', percentBp: 5, fixedPerUnit: 1 }] }));
    const r = cli('--db', host.path, '--rules', bad, '--from', '2026-11-20', '--to', '2026-11-21');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/commission rules .* are not valid: .*either percentBp or fixedPerUnit/s);
    const noDays = cli('--db', host.path, '--rules', rulesPath);
    expect(noDays.status).toBe(2);
    expect(noDays.stderr).toMatch(/--from YYYY-MM-DD --to YYYY-MM-DD/);
  });
});
