// The till's start-up check of its own ledger at a million entries: from the signed checkpoint
// the last start left (the day's new entries only) vs walking the whole chain, in the same run.
// Size: TILLPROOF_BENCH_ENTRIES (default 1,000,000); entries since the last start: TILLPROOF_BENCH_SINCE (default 1,000).
import { join } from 'node:path';
import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';
import { saveCheckpoint, verifySinceCheckpoint } from '../../db/ledger-checkpoint.ts';
import { checkMasterData } from '../../db/master-data-digests.ts';
import { signCheckpoint, type LedgerCheckpoint } from '../../core/ledger/checkpoint.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { sealEntry } from '../../core/ledger/entry.ts';
import { canonicalJson, type JsonValue } from '../../core/ledger/canonical.ts';
import { draft, newSigner, saleBody, tempDir } from '../helpers/ledger.ts';

const target = Number(process.env.TILLPROOF_BENCH_ENTRIES ?? 1_000_000);
const since = Number(process.env.TILLPROOF_BENCH_SINCE ?? 1_000);
const dir = tempDir('tillproof-startbench-');
const signer = newSigner();
try {
  const store = SqliteLedgerStore.create(join(dir.path, 'ledger.sqlite'), nodeLedgerCrypto, signer, {
    terminalId: 'T-BENCH',
    storeId: 'S',
    software: 'bench',
    businessDay: '2025-11-21',
    at: '2025-11-21T00:00:00.000Z',
  });
  const db = store.database;
  const terminal = { terminalId: 'T-BENCH', publicKey: signer.publicKey, keyId: signer.keyId };
  // The ledger is built straight into the table (signed and chained as the writer would, without
  // the read models, which the start-up check does not read): setup, not the measurement.
  db.pragma('synchronous = OFF');
  const insert =
    db.prepare(`INSERT INTO ledger_entries (seq, v, terminal_id, kind, business_day, started_at, ended_at, operator_id, body, prev_hash, hash, signature, key_id)
    VALUES (@seq, @v, @terminalId, @kind, @businessDay, @startedAt, @endedAt, @operatorId, @body, @prevHash, @hash, @signature, @keyId)`);
  let head = store.head();
  const sell = (n: number) => {
    for (let written = 0; written < n;) {
      db.transaction(() => {
        for (let k = 0; k < 5_000 && written < n; k++, written++) {
          const seq = head.seq + 1;
          const body = saleBody(seq, `s-${seq}`) as unknown as JsonValue;
          const d = { ...draft('sale', body as never, '2025-11-21T03:00:00.000Z', '2025-11-21', 'staff-1'), body };
          const e = sealEntry(nodeLedgerCrypto, signer, d, { terminalId: 'T-BENCH', seq, prevHash: head.hash });
          insert.run({ ...e, body: canonicalJson(e.body) });
          head = { ...head, seq, hash: e.hash };
        }
        db.prepare('UPDATE business_days SET last_seq = ?').run(head.seq);
      })();
      if (head.seq % 100_000 < 5_000) console.error(`built ${head.seq} of ${target}`);
    }
  };
  const t0 = Date.now();
  sell(target - since - 1);
  // The checkpoint the last start (or close) left: the chain state at this point, as the check records it.
  const keyText = Buffer.from(signer.publicKey).toString('base64');
  const checkpoint: LedgerCheckpoint = {
    v: 1,
    terminalId: 'T-BENCH',
    seq: head.seq,
    hash: head.hash,
    activeKeyId: signer.keyId,
    publicKeys: { [signer.keyId]: keyText },
    sealedDays: [],
    masterData: {},
  };
  saveCheckpoint(db, signCheckpoint(signer, checkpoint));
  sell(since);
  db.pragma('synchronous = FULL');
  console.log(`built ${head.seq} entries in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const time = (fn: () => void): number => {
    const s = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - s) / 1e6;
  };
  const startupRuns: number[] = [];
  let checked = 0;
  for (let i = 0; i < 7; i++) {
    startupRuns.push(
      time(() => {
        const run = verifySinceCheckpoint(db, nodeLedgerCrypto, terminal);
        if (!run.result.ok || run.from !== checkpoint.seq) throw new Error(`start-up check failed: ${JSON.stringify(run.result)}`);
        checked = run.checked;
        checkMasterData(db, run.commitments, null);
      }),
    );
  }
  const startupMs = [...startupRuns].sort((a, b) => a - b)[startupRuns.length >> 1]!;
  console.log(`\nStart-up check of a ${head.seq}-entry ledger`);
  console.log(`  from the signed checkpoint (${checked} entries since the last start, master data): ${startupMs.toFixed(1)} ms`);
  // The baseline: the same check with no checkpoint, walking the whole chain (a first start, or a checkpoint refused).
  db.prepare("DELETE FROM ledger_meta WHERE key = 'verified_checkpoint'").run();
  let walked = 0;
  const fullMs = time(() => {
    const run = verifySinceCheckpoint(db, nodeLedgerCrypto, terminal);
    if (!run.result.ok) throw new Error(`full walk failed: ${JSON.stringify(run.result)}`);
    walked = run.checked;
  });
  console.log(`  walking the whole chain (${walked} entries, no checkpoint): ${(fullMs / 1000).toFixed(1)} s`);
  console.log(`  ratio whole chain / from checkpoint: ${(fullMs / startupMs).toFixed(0)}x`);
  store.close();
} finally {
  dir.cleanup();
}
