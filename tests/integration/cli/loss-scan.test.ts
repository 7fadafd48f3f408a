import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../../helpers/ledger.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');
const dir = tempDir('tillproof-loss-scan-');
afterAll(() => dir.cleanup());

const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const line = (l: Record<string, unknown>) => JSON.stringify(l);
const sale = (at: string | undefined, items: Array<Record<string, unknown>>, attach: Record<string, unknown>, cash: number) => [
  ...items.map((params, i) => line({ ...(i === 0 && at ? { at } : {}), as: 'S001', call: 'sale.addItem', params })),
  line({ call: 'sale.attachMember', params: attach }),
  line({ call: 'sale.present' }),
  line({ call: 'sale.addTender', params: { type: 'cash', amount: cash } }),
  line({ call: 'sale.complete' }),
];
const appCode = { method: 'token', token: { memberToken: 'M0002' } };
const typedCard = { method: 'card', card: '9100000000029', approval: { method: 'pin', staffId: 'S003', pin: '3333' } };

// One day at the demo till, all rung up by S001. VIP M0002 buys a tea with the app code; in the
// afternoon S001 sells five bottles of detergent (895 at the VIP price) "to M0002", attached by
// typing the member's card number: the seed pattern. In the evening M0002 really comes back and
// buys a small tea with a fresh app code: a benign look-alike (a second sale of the day by the
// same cashier, but small and with the member present). A walk-in sale by S002 in between.
const SCRIPT = [
  line({ at: '2026-03-02T09:00:00+08:00', as: 'S001', call: 'till.openDrawer', params: { counts: [{ value: 100, count: 20 }] } }),
  ...sale('2026-03-02T10:15:00+08:00', [{ productId: 'TP-0001' }], appCode, 100),
  line({ at: '2026-03-02T12:00:00+08:00', as: 'S002', call: 'sale.addItem', params: { productId: 'TP-0002' } }),
  line({ call: 'sale.present' }),
  line({ call: 'sale.addTender', params: { type: 'cash', amount: 100 } }),
  line({ call: 'sale.complete' }),
  ...sale('2026-03-02T15:30:00+08:00', [{ productId: 'TP-0051', qtyMilli: 5000 }], typedCard, 1000),
  ...sale('2026-03-02T18:05:00+08:00', [{ productId: 'TP-0003' }], appCode, 100),
].join('\n');

function memberSales(path: string): Array<{ seq: number; operator: string; verification: string; total: number }> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare(`SELECT seq, operator_id, body FROM ledger_entries WHERE kind = 'sale' ORDER BY seq`).all() as Array<{
      seq: number;
      operator_id: string;
      body: string;
    }>;
    return rows.flatMap((r) => {
      const body = JSON.parse(r.body) as { total: number; member?: { verification: string } };
      return body.member ? [{ seq: r.seq, operator: r.operator_id, verification: body.member.verification, total: body.total }] : [];
    });
  } finally {
    db.close();
  }
}

describe('tillproof loss scan on a scripted day', () => {
  it(
    'finds the member sold a high-value item by typed card after an earlier purchase, and not the member who came back',
    { timeout: 120_000 },
    () => {
      const script = join(dir.path, 'day.jsonl');
      writeFileSync(script, `${SCRIPT}\n`);
      const dataDir = join(dir.path, 'till');
      const sim = run('simulate', '--script', script, '--data-dir', dataDir, '--json');
      expect(sim.status, sim.stderr).toBe(0);
      const db = join(dataDir, 'ledger.sqlite');

      const [first, fraud, comeback] = memberSales(db);
      expect([first, fraud, comeback].map((s) => [s?.operator, s?.verification, s?.total])).toEqual([
        ['S001', 'app-code', 22],
        ['S001', 'manual-lookup', 895],
        ['S001', 'app-code', 9],
      ]);

      // The demo store sells groceries: "high value" for this store is set in the rules file.
      const rules = join(dir.path, 'rules.json');
      writeFileSync(rules, JSON.stringify({ seedPattern: { highValue: 500 } }));
      const scan = run('loss', 'scan', '--db', db, '--rules', rules, '--json');
      expect(scan.status, scan.stderr).toBe(0);
      const cases = JSON.parse(scan.stdout) as Array<Record<string, unknown>>;
      expect(cases).toEqual([
        {
          rule: 'seed-pattern',
          score: 75,
          staffIds: ['S001'],
          memberId: 'M0002',
          terminalId: 'DEMO-01',
          seqs: [first!.seq, fraud!.seq],
          evidence: [
            { terminalId: 'DEMO-01', seq: first!.seq },
            { terminalId: 'DEMO-01', seq: fraud!.seq },
          ],
          businessDay: '2026-03-02',
          amountAtRisk: 895,
          explanation: expect.stringContaining('typed card or member number') as unknown,
          reason: {
            rule: 'seed-pattern',
            memberId: 'M0002',
            earlier: 1,
            staffId: 'S001',
            day: '2026-03-02',
            otherTill: false,
            total: 895,
            seq: fraud!.seq,
            terminalId: 'DEMO-01',
            tierAmount: 895,
            presence: 'manual-lookup',
            usual: null,
          },
        },
      ]);

      // The same case worded for a manager reading Traditional Chinese.
      const zh = run('loss', 'scan', '--db', db, '--rules', rules, '--json', '--lang', 'zh-TW');
      expect(zh.status, zh.stderr).toBe(0);
      expect((JSON.parse(zh.stdout) as Array<{ explanation: string }>)[0]!.explanation).toMatch(
        /^會員 M0002 於 2026-03-02 .*手動輸入卡號或會員編號/,
      );

      // With the default threshold (10,000) a 895 sale is not high-value: nothing to report.
      const defaults = run('loss', 'scan', '--db', db);
      expect(defaults.status, defaults.stderr).toBe(0);
      expect(defaults.stdout).toMatch(/^0 cases in \d+ entries of 1 ledger$/m);
    },
  );
});
