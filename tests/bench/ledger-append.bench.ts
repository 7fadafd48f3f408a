// Ledger append of a realistic sale (5 lines, one tender, with read models and signature)
// against a bare durable single-row SQLite commit of the same bytes, same settings, same disk.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';
import { canonicalJson } from '../../core/ledger/canonical.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { appendSale, newSigner, saleBody, tempDir } from '../helpers/ledger.ts';
import { compare, report } from './harness.ts';

const dir = tempDir('tillproof-bench-');
try {
  const store = SqliteLedgerStore.create(join(dir.path, 'ledger.sqlite'), nodeLedgerCrypto, newSigner(), {
    terminalId: 'T-BENCH',
    storeId: 'S-1',
    software: 'bench',
    businessDay: '2026-11-20',
    at: '2026-11-20T08:00:00.000Z',
  });
  const bare = new Database(join(dir.path, 'bare.sqlite'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
  const payload = canonicalJson(saleBody(1));
  const insert = bare.prepare('INSERT INTO t (payload) VALUES (?)');

  const result = compare(
    { name: 'ledger append: sale, 5 lines, 1 tender', run: () => store.write((tx) => appendSale(tx)) },
    { name: `bare durable 1-row commit (${payload.length} B)`, run: () => insert.run(payload) },
  );
  report('Ledger append vs bare SQLite durable commit (WAL, synchronous=FULL)', result, 1.3);

  // Where the time goes: the same two writers with fsync turned off leave only CPU and page
  // writes, so (durable - no-sync) is what the disk flush costs each of them.
  store.database.pragma('synchronous = OFF');
  bare.pragma('synchronous = OFF');
  const cpu = compare(
    { name: 'ledger append, synchronous=OFF', run: () => store.write((tx) => appendSale(tx)) },
    { name: 'bare 1-row commit, synchronous=OFF', run: () => insert.run(payload) },
  );
  report('Same, without fsync (CPU and page writes only)', cpu);
  console.log(
    `  flush cost per commit: ledger ${(result.candidateMedianUs - cpu.candidateMedianUs).toFixed(1)} us, bare ${(result.baselineMedianUs - cpu.baselineMedianUs).toFixed(1)} us`,
  );
  store.close();
  bare.close();
} finally {
  dir.cleanup();
}
