// The first start after an upgrade has no checkpoint and walks the whole ledger: it saves a signed
// checkpoint per chunk as it goes, so a till killed half-way through resumes from the last one at
// its next start instead of from the genesis entry, and an entry forged beyond it is still found.
// The check runs in a child process that is SIGKILLed after its second chunk.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';
import { readCheckpoint } from '../../db/ledger-checkpoint.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { createTerminalKey, terminalKeyPath } from '../../platform/terminal-key.ts';
import { appendSale, tempDir } from '../helpers/ledger.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = join(import.meta.dirname, 'fixtures/startup-check.ts');
const ENTRIES = 3_000;
const dirs: Array<ReturnType<typeof tempDir>> = [];

afterAll(() => {
  for (const d of dirs) d.cleanup();
});

/** A till's data folder with a 3,000-entry ledger and no checkpoint (as before the upgrade). */
function ledgerWithoutCheckpoint(): string {
  const dir = tempDir('tillproof-firststart-');
  dirs.push(dir);
  const signer = createTerminalKey(terminalKeyPath(dir.path));
  const store = SqliteLedgerStore.create(join(dir.path, 'ledger.sqlite'), nodeLedgerCrypto, signer, {
    terminalId: 'T-01',
    storeId: 'S-TPE',
    software: 'test',
    businessDay: '2026-11-20',
    at: '2026-11-20T02:00:00.000Z',
  });
  while (store.head().seq < ENTRIES) {
    store.write((tx) => {
      for (let k = 0; k < 500 && tx.head().seq < ENTRIES; k++) appendSale(tx);
    });
  }
  store.close();
  return dir.path;
}

type Step = { step: string; value: Record<string, unknown> };

/** Runs the check in a child; with `stall`, kills it (SIGKILL) once it waits after its second chunk. */
function runCheck(dataDir: string, stall = false): Promise<{ steps: Step[]; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [CHILD, dataDir, ...(stall ? ['stall'] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const steps: Step[] = [];
  let out = '';
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      steps.push(JSON.parse(out.slice(0, nl)) as Step);
      out = out.slice(nl + 1);
      if (stall && steps.filter((s) => s.step === 'progress').length === 2) child.kill('SIGKILL');
    }
  });
  return new Promise((done) => child.once('exit', (_code, signal) => done({ steps, signal, stderr })));
}

function checkpointSeq(dataDir: string): number | null {
  const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true });
  try {
    return readCheckpoint(db)?.checkpoint.seq ?? null;
  } finally {
    db.close();
  }
}

const status = (steps: Step[]) => steps.find((s) => s.step === 'status')?.value;

describe('the first long start-up check is resumable', () => {
  it('killed half-way, the next start resumes from the saved checkpoint and finishes', async () => {
    const dataDir = ledgerWithoutCheckpoint();
    const killed = await runCheck(dataDir, true);
    expect(killed.stderr).toBe('');
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.steps.map((s) => s.value)).toEqual([
      { from: 0, checked: 500, total: ENTRIES, seq: 500 },
      { from: 0, checked: 1000, total: ENTRIES, seq: 1000 },
    ]);
    expect(checkpointSeq(dataDir)).toBe(1000);

    const resumed = await runCheck(dataDir);
    expect(resumed.stderr).toBe('');
    expect(resumed.steps[0]?.value).toEqual({ from: 1000, checked: 500, total: ENTRIES - 1000, seq: 1500 });
    expect(status(resumed.steps)).toMatchObject({ ok: true, fromSeq: 1000, headSeq: ENTRIES, problems: [] });
    expect(checkpointSeq(dataDir)).toBe(ENTRIES);
  });

  it('an entry forged beyond the saved checkpoint is still found after the resume', async () => {
    const dataDir = ledgerWithoutCheckpoint();
    expect((await runCheck(dataDir, true)).signal).toBe('SIGKILL');
    expect(checkpointSeq(dataDir)).toBe(1000);
    const db = new Database(join(dataDir, 'ledger.sqlite'));
    db.exec(`DROP TRIGGER ledger_entries_no_update;
      UPDATE ledger_entries SET body = json_set(body, '$.total', 1) WHERE seq = 2500`);
    db.close();

    const resumed = await runCheck(dataDir);
    expect(resumed.stderr).toBe('');
    expect(status(resumed.steps)).toMatchObject({ ok: false, fromSeq: 1000, problems: [{ kind: 'ledger', seq: 2500 }] });
    // The chunks before the forged entry were checked and saved; none at or after it.
    expect(checkpointSeq(dataDir)).toBe(2000);
  });
});
