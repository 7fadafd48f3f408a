import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../../helpers/ledger.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');
const dir = tempDir('tillproof-sim-script-');
afterAll(() => dir.cleanup());

const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
const line = (l: Record<string, unknown>) => JSON.stringify(l);

// Two sales on the demo till: a VIP presenting the app code (22 a tea) and a walk-in (25), then a
// product that does not exist, which the script expects to be refused.
const SCRIPT = [
  line({ at: '2026-03-02T09:00:00+08:00', as: 'S001', call: 'till.openDrawer', params: { counts: [{ value: 100, count: 20 }] } }),
  line({ at: '2026-03-02T10:15:00+08:00', as: 'S001', call: 'sale.addItem', params: { productId: 'TP-0001', qtyMilli: 2000 } }),
  line({ call: 'sale.attachMember', params: { method: 'token', token: { memberToken: 'M0002' } } }),
  line({ call: 'sale.present' }),
  line({ call: 'sale.addTender', params: { type: 'cash', amount: 100 } }),
  line({ call: 'sale.complete' }),
  '',
  line({ at: '2026-03-02T10:40:00+08:00', as: 'S002', call: 'sale.addItem', params: { productId: 'TP-0001' } }),
  line({ call: 'sale.present' }),
  line({ call: 'sale.addTender', params: { type: 'card', amount: 25, reference: 'A1', last4: '4242' } }),
  line({ call: 'sale.complete' }),
  line({ at: '2026-03-02T10:41:00+08:00', call: 'sale.addItem', params: { productId: 'NO-SUCH' }, expect: { error: 'catalog.not-found' } }),
].join('\n');

function entries(dataDir: string): unknown[] {
  const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM ledger_entries ORDER BY seq').all();
  } finally {
    db.close();
  }
}

describe('tillproof simulate --script', () => {
  it('gives the same ledger, signatures included, for the same script, and one that verifies', { timeout: 120_000 }, () => {
    const script = join(dir.path, 'day.jsonl');
    writeFileSync(script, `${SCRIPT}\n`);
    const a = run('simulate', '--script', script, '--data-dir', join(dir.path, 'a'), '--json');
    const b = run('simulate', '--script', script, '--data-dir', join(dir.path, 'b'), '--json');
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ calls: 11, sales: 2, expectedFailures: 1, lastAt: '2026-03-02T02:41:00.000Z' });
    const rows = entries(join(dir.path, 'a')) as Array<{ kind: string; operator_id: string | null; body: string }>;
    expect(rows).toEqual(entries(join(dir.path, 'b')));
    const sales = rows
      .filter((r) => r.kind === 'sale')
      .map((r) => ({ operator: r.operator_id, ...(JSON.parse(r.body) as { total: number }) }));
    expect(sales.map((s) => [s.operator, s.total])).toEqual([
      ['S001', 44],
      ['S002', 25],
    ]);
    expect(run('ledger', 'verify', '--data-dir', join(dir.path, 'a')).status).toBe(0);
  });

  it('stops at the first line that did not go as written, naming it, with exit 1', { timeout: 60_000 }, () => {
    const script = join(dir.path, 'bad.jsonl');
    writeFileSync(
      script,
      `${SCRIPT.split('\n').slice(0, 2).join('\n')}\n${line({ call: 'sale.addItem', params: { productId: 'NO-SUCH' } })}\n`,
    );
    const r = run('simulate', '--script', script, '--data-dir', join(dir.path, 'c'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${script}: line 3: sale.addItem failed: catalog.not-found:`);
  });

  it('writes a seeded store-year script with --generate', () => {
    const out = join(dir.path, 'year.jsonl');
    const r = run('simulate', '--generate', 'store-year', '--seed', '5', '--sales', '400', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(r.stdout).toContain(`Wrote ${lines.length} lines`);
    expect(lines.filter((l) => l.includes('"sale.complete"'))).toHaveLength(400);
    expect(run('simulate', '--generate', 'store-decade', '--out', out).status).toBe(2);
  });

  it('refuses --script with --sales, and a script that is not there, with exit 2', () => {
    expect(run('simulate', '--script', join(dir.path, 'day.jsonl'), '--sales', '3', '--data-dir', join(dir.path, 'd')).status).toBe(2);
    expect(run('simulate', '--script', join(dir.path, 'none.jsonl'), '--data-dir', join(dir.path, 'd')).status).toBe(2);
  });
});
