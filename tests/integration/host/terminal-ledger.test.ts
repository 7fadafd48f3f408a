import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openTerminalLedger, ledgerPath } from '../../../host/terminal-ledger.ts';
import { terminalKeyPath } from '../../../platform/terminal-key.ts';
import type { LedgerStoreError } from '../../../db/errors.ts';
import { appendSale, tempDir } from '../../helpers/ledger.ts';

const identity = { terminalId: 'T-007', storeId: 'S-TPE-1', timeZone: 'Asia/Taipei', rolloverHour: 4 };
const clock = { now: () => new Date('2026-11-20T17:30:00.000Z') }; // 01:30 in Taipei: still the 20th's business day

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

describe('first start and restart of a terminal ledger', () => {
  it('creates the key (owner-only) and the ledger together, on the store business day', () => {
    const { store, created, signer } = openTerminalLedger(dir.path, identity, clock);
    expect(created).toBe(true);
    expect(statSync(terminalKeyPath(dir.path)).mode & 0o777).toBe(0o600);
    expect(store.entry(1)).toMatchObject({ kind: 'ledger-opened', businessDay: '2026-11-20', terminalId: 'T-007', keyId: signer.keyId });
    store.write((tx) => appendSale(tx));
    store.close();
    const again = openTerminalLedger(dir.path, identity, clock);
    expect(again.created).toBe(false);
    expect(again.store.head().seq).toBe(2);
    again.store.close();
  });

  it('never silently recreates a ledger that disappeared while its key remains', () => {
    openTerminalLedger(dir.path, identity, clock).store.close();
    renameSync(ledgerPath(dir.path), join(dir.path, 'moved-away.sqlite'));
    expect(() => openTerminalLedger(dir.path, identity, clock)).toThrow(/missing but this terminal already has a key/);
    expect(existsSync(ledgerPath(dir.path))).toBe(false);
  });

  it('refuses a key file that others can read', () => {
    openTerminalLedger(dir.path, identity, clock).store.close();
    chmodSync(terminalKeyPath(dir.path), 0o644);
    expect(() => openTerminalLedger(dir.path, identity, clock)).toThrow(/readable by others .* chmod 600/);
  });

  it('refuses a ledger that belongs to another terminal id', () => {
    openTerminalLedger(dir.path, identity, clock).store.close();
    try {
      openTerminalLedger(dir.path, { ...identity, terminalId: 'T-008' }, clock);
      expect.unreachable();
    } catch (e) {
      expect((e as LedgerStoreError).code).toBe('ledger.terminal-mismatch');
    }
  });
});
