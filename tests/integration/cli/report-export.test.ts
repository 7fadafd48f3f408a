// A Z exported for the back office is a document a manager files (issue #15, item 8): the
// store's letterhead, labelled sections with names (cashiers, drawers, departments, tenders),
// lines to sign, and no ledger keys; the PDF, CSV and text carry the printed Z's figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STAFF, approvalBy, barcodeOf, loginAs, openDrawer, startTestHost, type TestHost } from '../../helpers/host.ts';
import { addStaff } from '../../../db/master-data.ts';
import type { ReceiptDocument } from '../../../core/contract/views.ts';
import { renderReceiptText } from '../../../core/receipts/receipt-document.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');
let host: TestHost;
let printed: ReceiptDocument;

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'report', ...args, '--data-dir', host.dataDir, '--config', join(host.dataDir, 'config.json')], {
    encoding: 'utf8',
  });

/** What gave the old exports away as a dump: totals keys, drawer session ids, a bare staff number. */
const INTERNAL = [
  /\b(?:tax|dept|cashier|tender|refund|approvals|cash-out|voids|receipts|training):[\w.-]/,
  /\b(?:sales|returns):(?:tax|rounding)\b/,
  /\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{8}\b/,
  /\bperpetual\b|\bover_short\b|\bfirst_seq\b/,
];

beforeAll(async () => {
  host = startTestHost({
    store: {
      storeId: 'S-TPE',
      name: 'Test Store 測試店',
      address: ['1 Market St., Taipei'],
      taxNumber: '12345675',
      timeZone: 'Asia/Taipei',
      rolloverHour: 4,
      currency: 'TWD',
      locale: 'en',
    },
    departments: { drinks: { en: 'Drinks', 'zh-TW': '飲料' }, snacks: { en: 'Snacks' } },
  });
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
  // A discount a manager approved: the old export listed it as "approvals:sale.discount.large".
  await host.call('sale.scan', { code: barcodeOf('p-noodle'), source: 'hid' });
  await host.call('sale.applyDiscount', {
    scope: 'order',
    kind: 'amount',
    value: 60,
    reason: 'regular customer',
    approval: approvalBy('301'),
  });
  const sale = await host.call('sale.present');
  await host.call('sale.addTender', { type: 'card', amount: sale.total, reference: 'R-1', last4: '4242' });
  await host.call('sale.complete');
  await host.call('till.closeDrawer', {
    counts: [
      { value: 1000, count: 1 },
      { value: 100, count: 1 },
      { value: 50, count: 1 },
      { value: 10, count: 4 },
    ],
  });
  await loginAs(host, '301');
  await host.call('till.cardBatch', { reported: sale.total });
  await host.call('report.z', {});
  printed = host.printer.printed.at(-1)!;
  // The test host keeps its staff in memory; a real till keeps them in its SQLite file, where the CLI reads their names.
  const db = host.store.database;
  db.transaction(() => {
    for (const s of STAFF) addStaff(db, { staffId: s.staffId, name: s.name, role: s.role });
  })();
  host.store.close();
});
afterAll(() => host.close());

/** The printed Z's lines as label and figures ("Sales" / "4  330"). */
function printedPairs(): Array<{ left: string; right: string }> {
  return printed.lines.flatMap((l) => (l.type === 'pair' && !/^_+$/.test(l.right) ? [{ left: l.left.trim(), right: l.right }] : []));
}

describe('tillproof report z', () => {
  it('the printed Z and its text export are a document with sections, names and signatures', () => {
    expect(printed.kind).toBe('report');
    const r = cli('z');
    expect(r.status).toBe(0);
    const text = r.stdout;
    expect(text.trim()).toBe(renderReceiptText(printed).trim());
    for (const words of [
      'Test Store 測試店',
      '1 Market St., Taipei',
      'Tax ID 12345675',
      'Z REPORT #1',
      'Summary',
      'Tenders',
      'Departments',
      'Cashiers',
      'Signatures',
      'Counted by',
    ])
      expect(text).toContain(words);
    expect(text).toMatch(/Drinks\s+\d+\s+\d+/);
    expect(text).toMatch(/Amy 陳 \(101\)\s+4\s+\d+/);
    expect(text).toMatch(/Drawer 1 · Amy 陳 \(101\)/);
    expect(text).toMatch(/Card\s+1\s+\d+/);
    for (const key of INTERNAL) expect(text).not.toMatch(key);
  });

  it('PDF: text extracted from it has the letterhead, the sections, the names and the printed figures, and no keys', () => {
    const out = join(host.dataDir, 'z1.pdf');
    expect(cli('z', '--format', 'pdf', '--out', out).status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const extracted = spawnSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' });
    expect(extracted.status).toBe(0);
    const text = extracted.stdout;
    for (const words of [
      'Test Store 測試店',
      'Tax ID 12345675',
      'Z REPORT #1',
      'Departments',
      'Drawer 1 · Amy 陳 (101)',
      'Signatures',
      'Checked by',
    ])
      expect(text).toContain(words);
    for (const key of INTERNAL) expect(text).not.toMatch(key);
    // Every line of the printed Z, with the same figures.
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    for (const { left, right } of printedPairs()) expect(text).toMatch(new RegExp(`${esc(left)}\\s+${esc(right)}`));
  });

  it('CSV: section, line, count and amount under their names, the same figures as the printed Z', () => {
    const out = join(host.dataDir, 'z1.csv');
    expect(cli('z', '--format', 'csv', '--out', out).status).toBe(0);
    const csv = readFileSync(out, 'utf8');
    for (const key of INTERNAL) expect(csv).not.toMatch(key);
    const rows = csv
      .trim()
      .split(/\r\n/)
      .map((line) => line.split(','));
    expect(rows[0]).toEqual(['Test Store 測試店', 'Z REPORT #1', '', '']);
    expect(rows).toContainEqual(['Tax ID 12345675', '', '', '']);
    const header = rows.findIndex((x) => x[0] === 'Section');
    expect(rows[header]).toEqual(['Section', 'Line', 'Count', 'Amount']);
    const body = rows.slice(header + 1);
    expect(body).toContainEqual(['Cashiers', 'Amy 陳 (101)', '4', expect.stringMatching(/^\d+$/)]);
    // Each CSV line is a printed line: same label, same count and amount.
    const pairs = printedPairs();
    for (const [, label, count, amount] of body) {
      const match = pairs.find((p) => p.left === label);
      expect(match, label).toBeDefined();
      expect(match!.right).toBe(count ? `${count}  ${amount}` : amount);
    }
  });

  it('X works read-only; a missing Z is exit 1; an unknown report is a usage error', () => {
    expect(cli('x', '--day', '2026-11-21').status).toBe(0);
    expect(cli('z', '--z', '7').status).toBe(1);
    expect(cli('q').status).toBe(2);
  });
});
