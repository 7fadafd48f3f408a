// The till's start-up check of its own ledger at a million entries: from the signed checkpoint
// the last start left (the day's new entries only) vs walking the whole chain, in the same run.
// Size: TILLPROOF_BENCH_ENTRIES (default 1,000,000); entries since the last start: TILLPROOF_BENCH_SINCE (default 1,000).
import { join } from 'node:path';
import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';
import { saveCheckpoint, verifySinceCheckpoint } from '../../db/ledger-checkpoint.ts';
import { checkMasterData } from '../../db/master-data-digests.ts';
import { signCheckpoint, type LedgerCheckpoint } from '../../core/ledger/checkpoint.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { ENTRY_VERSION, entryHash, sealEntry } from '../../core/ledger/entry.ts';
import { canonicalJson, type JsonValue } from '../../core/ledger/canonical.ts';
import { draft, newSigner, saleBody, tempDir } from '../helpers/ledger.ts';

const target = Number(process.env.TILLPROOF_BENCH_ENTRIES ?? 1_000_000);
const since = Number(process.env.TILLPROOF_BENCH_SINCE ?? 1_000);
const dir = tempDir('tillproof-startbench-');
const PLACEHOLDER_SIGNATURE = Buffer.alloc(64).toString('base64');
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
  const signAll = process.env.TILLPROOF_BENCH_SIGN_ALL === '1';
  /**
   * Appends n sales. `signed`: hashed and signed as the writer does. Not signed: hash-chained with
   * a placeholder signature, which only a whole-chain walk would read (building a million
   * Ed25519-signed entries takes most of an hour on a busy two-core machine).
   */
  const sell = (n: number, signed: boolean) => {
    for (let written = 0; written < n;) {
      db.transaction(() => {
        for (let k = 0; k < 5_000 && written < n; k++, written++) {
          const seq = head.seq + 1;
          const body = saleBody(seq, `s-${seq}`) as unknown as JsonValue;
          const d = { ...draft('sale', body as never, '2025-11-21T03:00:00.000Z', '2025-11-21', 'staff-1'), body };
          const bodyText = canonicalJson(body);
          let e;
          if (signed || seq === target - since)
            e = sealEntry(nodeLedgerCrypto, signer, d, { terminalId: 'T-BENCH', seq, prevHash: head.hash }, bodyText);
          else {
            const unsigned = {
              v: ENTRY_VERSION,
              terminalId: 'T-BENCH',
              seq,
              kind: d.kind,
              businessDay: d.businessDay,
              startedAt: d.startedAt,
              endedAt: d.endedAt,
              operatorId: d.operatorId,
              body,
              prevHash: head.hash,
              keyId: signer.keyId,
            };
            e = { ...unsigned, hash: entryHash(nodeLedgerCrypto, unsigned, bodyText), signature: PLACEHOLDER_SIGNATURE };
          }
          insert.run({ ...e, body: bodyText });
          head = { ...head, seq, hash: e.hash };
        }
        db.prepare('UPDATE business_days SET last_seq = ?').run(head.seq);
      })();
      if (head.seq % 100_000 < 5_000) console.error(`built ${head.seq} of ${target}`);
    }
  };
  const t0 = Date.now();
  sell(target - since - 1, signAll);
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
  sell(since, true);
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
  // The baseline: the same check with no checkpoint, walking the whole chain (a first start, or a
  // checkpoint refused). On a ledger built with placeholder signatures it walks a fully signed
  // ledger of BASELINE entries built now and scales per entry; TILLPROOF_BENCH_SIGN_ALL=1 walks this one.
  let walked = 0;
  let fullMs: number;
  if (signAll) {
    db.prepare("DELETE FROM ledger_meta WHERE key = 'verified_checkpoint'").run();
    fullMs = time(() => {
      const run = verifySinceCheckpoint(db, nodeLedgerCrypto, terminal);
      if (!run.result.ok) throw new Error(`full walk failed: ${JSON.stringify(run.result)}`);
      walked = run.checked;
    });
    console.log(`  walking the whole chain (${walked} entries, no checkpoint): ${(fullMs / 1000).toFixed(1)} s`);
  } else {
    const baseline = Number(process.env.TILLPROOF_BENCH_BASELINE ?? 20_000);
    const small = SqliteLedgerStore.create(join(dir.path, 'baseline.sqlite'), nodeLedgerCrypto, signer, {
      terminalId: 'T-BENCH',
      storeId: 'S',
      software: 'bench',
      businessDay: '2025-11-21',
      at: '2025-11-21T00:00:00.000Z',
    });
    for (let n = 0; n < baseline;) {
      small.write((tx) => {
        for (let k = 0; k < 500 && n < baseline; k++, n++) {
          const no = tx.nextReceiptNo();
          tx.append(draft('sale', saleBody(no, `b-${no}`), '2025-11-21T03:00:00.000Z', '2025-11-21', 'staff-1'));
        }
      });
    }
    const smallMs = time(() => {
      const run = verifySinceCheckpoint(small.database, nodeLedgerCrypto, terminal);
      if (!run.result.ok) throw new Error(`full walk failed: ${JSON.stringify(run.result)}`);
      walked = run.checked;
    });
    small.close();
    fullMs = (smallMs / walked) * head.seq;
    console.log(
      `  walking the whole chain (no checkpoint): ${(smallMs / 1000).toFixed(1)} s for a fully signed ${walked}-entry ledger, ${((smallMs / walked) * 1000).toFixed(0)} us per entry: ~${(fullMs / 1000).toFixed(0)} s at ${head.seq} entries`,
    );
  }
  console.log(`  ratio whole chain / from checkpoint: ${(fullMs / startupMs).toFixed(0)}x`);
  store.close();
} finally {
  dir.cleanup();
}
