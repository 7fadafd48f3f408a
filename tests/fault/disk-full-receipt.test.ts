// A real full disk while the receipt prints: the till runs in its own mount namespace with its data
// on a 3 MB tmpfs, and the disk fills up (a file written until ENOSPC) right after the printer
// confirmed the receipt. The cashier is told the receipt printed and the sale is recorded; Print
// again prints nothing while the disk is full, and records the receipt once there is space. When the
// till restarts instead, the print it noted with the sale makes any new print a marked reissue.
// Needs `unshare` with user and mount namespaces (Linux); skipped where the machine refuses them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURE = resolve(import.meta.dirname, 'fixtures/disk-full-receipt.ts');
const namespaces = process.platform === 'linux' && spawnSync('unshare', ['-rm', 'true']).status === 0;

/** Runs the fixture on a 3 MB tmpfs of its own; returns its steps by name. */
function runOnSmallDisk(scenario: 'same-session' | 'restart' | 'before-print'): Map<string, unknown> {
  const mount = mkdtempSync(join(tmpdir(), 'tillproof-full-disk-'));
  try {
    const script = `mount -t tmpfs -o size=3m,mode=0700 tmpfs "$1" && TMPDIR="$1" exec "$2" "$3" "$4"`;
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', script, 'sh', mount, process.execPath, FIXTURE, scenario], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return new Map(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { step: string; value: unknown })
        .map((s) => [s.step, s.value]),
    );
  } finally {
    rmSync(mount, { recursive: true, force: true });
  }
}

/** The text lines of a printed receipt. */
const textOf = (lines: unknown) => (lines as string[]).join('\n');

describe.skipIf(!namespaces)('a real full disk while the receipt prints', () => {
  it('tells the truth, prints no second original, and records the receipt once there is space', () => {
    const steps = runOnSmallDisk('same-session');
    const complete = steps.get('complete') as { ok: boolean; error: { code: string; message: string } };
    expect(complete.ok).toBe(false);
    expect(complete.error.code).toBe('receipt.not-recorded');
    expect(complete.error.message).toMatch(/receipt 1 printed on front and its sale is recorded.*is full/);
    expect(steps.get('receipt')).toMatchObject({ receiptNo: 1, dischargedSeq: null });
    expect(steps.get('retry while full')).toMatchObject({ ok: false, error: { code: 'receipt.not-recorded' } });
    expect(steps.get('printed')).toBe(1);
    expect(steps.get('retry with space')).toMatchObject({ ok: true, result: { status: 'printed' } });
    expect(steps.get('printed after')).toBe(1);
    expect(steps.get('verify')).toMatchObject({ ok: true });
  });

  it('a disk that fills up before the receipt prints: the print noted with the sale goes out once, and is recorded once there is space', () => {
    const steps = runOnSmallDisk('before-print');
    // The first print was noted in the sale's own commit: nothing more to write before the paper.
    expect(steps.get('complete')).toMatchObject({ ok: false, error: { code: 'receipt.not-recorded' } });
    expect(steps.get('printed')).toBe(1);
    expect(steps.get('retry with space')).toMatchObject({ ok: true, result: { status: 'printed' } });
    expect(steps.get('printed after')).toBe(1);
    // The one piece of paper is the original, not marked as a reissue.
    expect(textOf(steps.get('printed heading'))).not.toMatch(/REISSUED/);
    expect(steps.get('verify')).toMatchObject({ ok: true });
  });

  it("after a restart, says the receipt may be in the customer's hand and prints it again only marked as a reissue", () => {
    const steps = runOnSmallDisk('restart');
    expect(steps.get('printed')).toBe(1);
    expect(steps.get('login while full')).toMatchObject({ ok: false, error: { code: 'ledger.disk-full' } });
    // What the till knew in memory is gone; what it noted before printing is not.
    expect(steps.get('after restart')).toMatchObject({
      ok: true,
      result: { status: 'failed', failure: { reason: 'unconfirmed', printerId: 'front' } },
    });
    expect(steps.get('print after restart')).toMatchObject({ ok: true, result: { status: 'printed' } });
    expect(steps.get('printed after')).toBe(2);
    // The second piece of paper is not a second original: it says it replaces any earlier print.
    expect(textOf(steps.get('reprinted heading'))).toMatch(/REISSUED: REPLACES ANY EARLIER PRINT OF #1/);
    expect(steps.get('verify')).toMatchObject({ ok: true });
  });
});
