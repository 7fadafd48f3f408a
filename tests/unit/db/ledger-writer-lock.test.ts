// One writer per ledger, between real processes: a second program is refused with the name and
// pid of the one holding the ledger, and a holder killed with SIGKILL leaves no lock behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { acquireLedgerWriterLock, ledgerWriter, writerLockPath, writerRecordPath } from '../../../db/ledger-writer-lock.ts';
import { LedgerStoreError } from '../../../db/errors.ts';
import { tempDir } from '../../helpers/ledger.ts';

const LOCK_MODULE = resolve(import.meta.dirname, '../../../db/ledger-writer-lock.ts');
const dir = tempDir('tillproof-lock-');
const children: ChildProcess[] = [];
afterAll(() => dir.cleanup());

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Another process that takes the ledger's writer lock as "tillproof serve" and keeps it until killed. */
async function holderProcess(ledger: string): Promise<ChildProcess> {
  const script = `const m = await import(${JSON.stringify(LOCK_MODULE)});
m.nameLedgerWriter('tillproof serve');
m.acquireLedgerWriterLock(${JSON.stringify(ledger)});
process.stdout.write('held\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  await new Promise<void>((done, fail) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && done());
    child.once('exit', (code) => fail(new Error(`the lock holder exited with ${code}: ${err}`)));
  });
  return child;
}

function refusal(ledger: string): LedgerStoreError {
  try {
    acquireLedgerWriterLock(ledger)();
  } catch (e) {
    if (e instanceof LedgerStoreError) return e;
    throw e;
  }
  throw new Error('the lock was taken although another process holds it');
}

describe('the ledger writer lock', () => {
  it('refuses a second process, naming the program and pid that hold the ledger', async () => {
    const ledger = join(dir.path, 'a', 'ledger.sqlite');
    mkdirSync(join(dir.path, 'a'));
    const holder = await holderProcess(ledger);
    const e = refusal(ledger);
    expect(e.code).toBe('ledger.in-use');
    expect(e.message).toContain(`in use by tillproof serve (pid ${holder.pid}`);
    expect(e.message).toMatch(/stop it \(or let it finish\), then try again/);
    expect(ledgerWriter(ledger)?.pid).toBe(holder.pid);
    // Private files, like the ledger itself.
    expect(statSync(writerLockPath(ledger)).mode & 0o077).toBe(0);
    expect(statSync(writerRecordPath(ledger)).mode & 0o077).toBe(0);
  });

  it('takes over the lock of a holder that was killed (the operating system dropped it)', async () => {
    const ledger = join(dir.path, 'b', 'ledger.sqlite');
    mkdirSync(join(dir.path, 'b'));
    const holder = await holderProcess(ledger);
    expect(refusal(ledger).code).toBe('ledger.in-use');
    const gone = new Promise((done) => holder.once('exit', done));
    holder.kill('SIGKILL');
    await gone;
    // The dead holder's record is still there; it does not stop the next writer.
    expect(ledgerWriter(ledger)?.pid).toBe(holder.pid);
    const release = acquireLedgerWriterLock(ledger);
    expect(ledgerWriter(ledger)?.pid).toBe(process.pid);
    release();
    expect(existsSync(writerRecordPath(ledger))).toBe(false);
    // Released: another process may take it again.
    const next = await holderProcess(ledger);
    expect(ledgerWriter(ledger)?.pid).toBe(next.pid);
  });

  it('is shared by the stores one process opens on the same ledger, until the last one closes', () => {
    const ledger = join(dir.path, 'ledger.sqlite');
    const first = acquireLedgerWriterLock(ledger);
    const second = acquireLedgerWriterLock(ledger);
    first();
    first();
    expect(ledgerWriter(ledger)?.pid).toBe(process.pid);
    second();
    expect(ledgerWriter(ledger)).toBeNull();
  });
});
