import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir } from '../../helpers/ledger.ts';

const CLI = join(import.meta.dirname, '../../../cli/main.ts');
const dir = tempDir('tillproof-sim-');
afterAll(() => dir.cleanup());

function simulate(name: string, seed: number) {
  const r = spawnSync(
    process.execPath,
    [CLI, 'simulate', '--data-dir', join(dir.path, name), '--sales', '60', '--seed', String(seed), '--json'],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  const { ledger: _l, seconds: _s, salesPerSecond: _r, lastHash: _h, ...rest } = JSON.parse(r.stdout) as Record<string, unknown>;
  return rest;
}

describe('tillproof simulate', () => {
  // Three simulated days of 60 sales each, one after the other, with every receipt rendered by
  // the printer emulator: about 20 s on an idle 2-core machine, so a loaded CI machine gets room.
  it('is deterministic for a seed, differs across seeds, and leaves a ledger that verifies', { timeout: 180_000 }, () => {
    const a = simulate('a', 42);
    const b = simulate('b', 42);
    const c = simulate('c', 43);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(a).toMatchObject({ sales: 60, receiptsPrinted: 60, firstReceipt: 1, lastReceipt: 60 });
    const byTender = a.byTender as Record<string, number>;
    expect(Object.values(byTender).reduce((s, v) => s + v, 0)).toBe(a.gross);
    const verify = spawnSync(process.execPath, [CLI, 'ledger', 'verify', '--data-dir', join(dir.path, 'a')], { encoding: 'utf8' });
    expect(verify.status).toBe(0);
  });

  it('refuses bad arguments with exit 2', () => {
    expect(spawnSync(process.execPath, [CLI, 'simulate', '--data-dir', dir.path, '--sales', 'many'], { encoding: 'utf8' }).status).toBe(2);
    expect(spawnSync(process.execPath, [CLI, 'simulate', '--sales', '3'], { encoding: 'utf8' }).status).toBe(2);
  });
});
