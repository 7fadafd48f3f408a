// Opening a ledger file: a non-ledger is refused by name, and maintenance on an open file holds the
// ledger's writer lock only while it runs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedgerDatabase, withLedgerDatabase } from '../../../db/ledger-database.ts';
import { SqliteLedgerStore } from '../../../db/sqlite-ledger.ts';
import { LedgerStoreError } from '../../../db/errors.ts';
import { ledgerWriter } from '../../../db/ledger-writer-lock.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import { newSigner, tempDir } from '../../helpers/ledger.ts';

const dir = tempDir('tillproof-ledger-db-');
afterAll(() => dir.cleanup());

describe('opening a ledger file', () => {
  it('refuses an empty file as not a ledger', () => {
    const path = join(dir.path, 'empty.sqlite');
    writeFileSync(path, '');
    expect(() => openLedgerDatabase(path, { mustExist: true })).toThrow(LedgerStoreError);
    expect(() => openLedgerDatabase(path, { mustExist: true })).toThrow(/empty file, not a Tillproof ledger/);
  });

  it('maintenance holds the writer lock while it runs and lets go after, also when it fails', () => {
    const path = join(dir.path, 'ledger.sqlite');
    const store = SqliteLedgerStore.create(path, nodeLedgerCrypto, newSigner(), {
      terminalId: 'T-1',
      storeId: 'S-1',
      software: 'test',
      businessDay: '2026-11-20',
      at: '2026-11-20T02:00:00.000Z',
    });
    store.close();
    expect(ledgerWriter(path)).toBeNull();
    const entries = withLedgerDatabase(path, (db) => {
      expect(ledgerWriter(path)?.pid).toBe(process.pid);
      return db.prepare('SELECT COUNT(*) FROM ledger_entries').pluck().get();
    });
    expect(entries).toBe(1);
    expect(ledgerWriter(path)).toBeNull();
    expect(() =>
      withLedgerDatabase(path, () => {
        throw new Error('maintenance failed');
      }),
    ).toThrow(/maintenance failed/);
    expect(ledgerWriter(path)).toBeNull();
  });
});
