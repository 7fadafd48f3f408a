// Power-cut style test: a writer is SIGKILLed mid-stream 20 times. Every seq it reported as
// committed must be in the ledger afterwards, and the ledger must verify each time.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { verifyLedgerFile } from '../../db/ledger-verify.ts';
import { ledgerPath } from '../../host/terminal-ledger.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { tempDir } from '../helpers/ledger.ts';

const CHILD = join(import.meta.dirname, 'fixtures/append-loop.ts');

function runAndKill(dataDir: string, killAfterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.startsWith('ready\n') && !child.killed) setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited by itself: ${err}`));
      // A partial last line was never a complete report of a commit.
      const lines = out.split('\n').slice(1, -1);
      resolve(lines.map(Number));
    });
  });
}

describe('crash safety', () => {
  it('20 SIGKILLs at random moments: every reported seq survives and the ledger verifies', async () => {
    const dir = tempDir('tillproof-crash-');
    try {
      let seed = 20261122;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      let reported = 0;
      for (let round = 0; round < 20; round++) {
        const seqs = await runAndKill(dir.path, Math.floor(random() * 150));
        const { result } = verifyLedgerFile(ledgerPath(dir.path), nodeLedgerCrypto);
        expect(result.ok, `round ${round}: ${JSON.stringify(result)}`).toBe(true);
        if (!result.ok) break;
        const highest = seqs.length ? Math.max(...seqs) : reported;
        expect(result.lastSeq, `round ${round}: reported ${highest} but ledger ends at ${result.lastSeq}`).toBeGreaterThanOrEqual(highest);
        // Seqs are reported in order, without gaps, continuing from the previous round.
        seqs.forEach((s, i) => expect(s).toBe(seqs[0]! + i));
        reported = Math.max(reported, highest);
      }
      expect(reported).toBeGreaterThan(20);
    } finally {
      dir.cleanup();
    }
  }, 120_000);
});
