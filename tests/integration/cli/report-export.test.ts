// Z exports carry the same figures as the sealed Z entry: read the CSV and the PDF back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import type { ZTotals } from '../../../core/till/z-report.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');
let host: TestHost;
let z: { zNo: number; totals: ZTotals };

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'report', ...args, '--data-dir', host.dataDir, '--config', join(host.dataDir, 'config.json')], {
    encoding: 'utf8',
  });

beforeAll(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host, 1000);
  for (const [code, cash] of [
    [barcodeOf('p-tea'), 30],
    [barcodeOf('p-noodle'), 200],
    [barcodeOf('p-cake'), 50],
  ] as const) {
    await host.call('sale.scan', { code, source: 'hid' });
    await host.call('sale.present');
    await host.call('sale.addTender', { type: 'cash', amount: cash });
    await host.call('sale.complete');
  }
  await host.call('till.closeDrawer', {
    counts: [
      { value: 1000, count: 1 },
      { value: 100, count: 1 },
      { value: 50, count: 1 },
      { value: 10, count: 4 },
    ],
  });
  await host.call('report.z', { approval: approvalBy('301') });
  const entry = [...host.store.entries()].find((e) => e.kind === 'z-report')!;
  z = entry.body as unknown as { zNo: number; totals: ZTotals };
  host.store.close();
});
afterAll(() => host.close());

function parseCsv(text: string): string[][] {
  return text
    .trim()
    .split(/\r\n/)
    .map((line) => line.split(','));
}

describe('tillproof report z', () => {
  it('CSV: every total of the Z entry, in minor units, and nothing else', () => {
    const out = join(host.dataDir, 'z1.csv');
    const r = cli('z', '--format', 'csv', '--out', out);
    expect(r.status).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows[0]).toEqual(['section', 'key', 'amount', 'count']);
    const totals = Object.fromEntries(
      rows.filter((x) => x[0] === 'totals').map((x) => [x[1], { amount: Number(x[2]), count: Number(x[3]) }]),
    );
    expect(totals).toEqual(z.totals.keys);
    expect(rows.find((x) => x[0] === 'report' && x[1] === 'z_no')![2]).toBe(String(z.zNo));
    expect(rows.find((x) => x[0] === 'grand' && x[1] === 'perpetual')![2]).toBe(String(z.totals.grand.perpetual));
    expect(totals.sales).toEqual({ amount: 190, count: 3 });
  });

  it('PDF: opens, and its text shows the same figures', () => {
    const out = join(host.dataDir, 'z1.pdf');
    expect(cli('z', '--format', 'pdf', '--out', out).status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const text = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(text.status).toBe(0);
    for (const [key, v] of Object.entries(z.totals.keys))
      expect(text.stdout).toMatch(new RegExp(`${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+${v.count}\\s+${v.amount}`));
    expect(text.stdout).toMatch(/Test Store 測試店/);
  });

  it('text goes to the terminal; X works read-only; a missing Z is exit 1', () => {
    const text = cli('z');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/Z REPORT #1/);
    expect(cli('x', '--day', '2026-11-21').status).toBe(0);
    expect(cli('z', '--z', '7').status).toBe(1);
    expect(cli('q').status).toBe(2);
  });
});
