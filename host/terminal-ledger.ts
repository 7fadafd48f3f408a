import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../core/ports/clock.ts';
import { businessDayOf } from '../core/till/business-day.ts';
import { SqliteLedgerStore } from '../db/sqlite-ledger.ts';
import { LedgerStoreError } from '../db/errors.ts';
import { nodeLedgerCrypto } from '../platform/node-crypto.ts';
import { openDataFolder } from '../platform/data-folder.ts';
import { createTerminalKey, loadTerminalKey, signerFromPem, terminalKeyPath, type FileSigner } from '../platform/terminal-key.ts';

export interface TerminalIdentity {
  terminalId: string;
  storeId: string;
  timeZone: string;
  /** Local hour at which a new business day starts. */
  rolloverHour: number;
}

export function ledgerPath(dataDir: string): string {
  return join(dataDir, 'ledger.sqlite');
}

export const SOFTWARE = `tillproof/${(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version}`;

/**
 * Opens this terminal's ledger, creating the key and the ledger together on first start.
 * A ledger file that disappeared while its key remains is never silently recreated: that is
 * how a deleted ledger would hide its sales.
 * `key`: the key material the desktop app decrypted from the key file (kept encrypted with the
 * OS keychain, platform/key-envelope.ts); without it the key file is read as plain PEM.
 */
export function openTerminalLedger(
  dataDir: string,
  identity: TerminalIdentity,
  clock: Clock,
  key?: { pem: string },
): { store: SqliteLedgerStore; signer: FileSigner; created: boolean } {
  // Owner-only, or the start stops naming what others can read (platform/data-folder.ts).
  openDataFolder(dataDir);
  const dbPath = ledgerPath(dataDir);
  const keyPath = terminalKeyPath(dataDir);
  const hasLedger = existsSync(dbPath);
  const hasKey = existsSync(keyPath);
  if (!hasLedger && hasKey) {
    throw new LedgerStoreError(
      'ledger.missing',
      `the ledger ${dbPath} is missing but this terminal already has a key (${keyPath}); restore the ledger from backup. A new ledger is not created over a lost one.`,
    );
  }
  if (hasLedger && !hasKey) {
    throw new LedgerStoreError(
      'ledger.invalid-entry',
      `the terminal key ${keyPath} is missing; restore it from backup. Without it no entry can be signed.`,
    );
  }
  if (hasLedger) {
    const signer = key ? signerFromPem(key.pem, `the terminal key decrypted from ${keyPath}`) : loadTerminalKey(keyPath);
    return { store: SqliteLedgerStore.open(dbPath, nodeLedgerCrypto, signer, { terminalId: identity.terminalId }), signer, created: false };
  }
  const signer = createTerminalKey(keyPath);
  const now = clock.now();
  try {
    const store = SqliteLedgerStore.create(dbPath, nodeLedgerCrypto, signer, {
      terminalId: identity.terminalId,
      storeId: identity.storeId,
      software: SOFTWARE,
      businessDay: businessDayOf(now, identity.timeZone, identity.rolloverHour),
      at: now.toISOString(),
    });
    return { store, signer, created: true };
  } catch (e) {
    // A first start that failed (full disk, say) leaves nothing behind, so the next start is a first start again.
    for (const p of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, keyPath]) rmSync(p, { force: true });
    throw e;
  }
}

export const systemClock: Clock = { now: () => new Date() };
