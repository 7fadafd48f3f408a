// From `tillproof serve` to the sign-in screen usable in Chromium (the staff number field shown
// and enabled), with a 1,000,000-product catalog and a 1,000,000-entry ledger, against the same
// till on its demo data (66 products, a few entries) in the same run; the host's RSS at each size.
// The start includes the till's own check of its ledger from the signed checkpoint its last start
// left, with the 1,000 entries written since.
//
//   TILLPROOF_BENCH_PRODUCTS=1000000 TILLPROOF_BENCH_ENTRIES=1000000 node tests/bench/startup.bench.ts
//
// The big ledger is built straight into its table (hash-chained, with placeholder signatures
// before the checkpoint, which the start-up check does not read: signing a million entries takes
// most of an hour here); the catalog goes in as `tillproof catalog import` puts it, with its
// config-change entry and digest. Setup, not the measurement.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { applyCatalog, versionLabel } from '../../db/master-data.ts';
import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';
import { openLedgerDatabase } from '../../db/ledger-database.ts';
import { readCheckpoint, saveCheckpoint } from '../../db/ledger-checkpoint.ts';
import { signCheckpoint, type SignedCheckpoint } from '../../core/ledger/checkpoint.ts';
import { ENTRY_VERSION, entryHash, sealEntry } from '../../core/ledger/entry.ts';
import { canonicalJson, type JsonValue } from '../../core/ledger/canonical.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { loadTerminalKey, terminalKeyPath } from '../../platform/terminal-key.ts';
import { DEMO_CONFIG, parseConfig } from '../../host/config.ts';
import { ledgerPath } from '../../host/terminal-ledger.ts';
import { startTerminal } from '../../host/terminal-runtime.ts';
import { syntheticProducts } from '../helpers/catalog.ts';
import { draft, saleBody } from '../helpers/ledger.ts';
import { tillPages } from '../e2e/pages/index.ts';
import { buildServedRenderer, startServe, stopServe } from '../e2e/serve-process.ts';

const PRODUCTS = Number(process.env.TILLPROOF_BENCH_PRODUCTS ?? 1_000_000);
const ENTRIES = Number(process.env.TILLPROOF_BENCH_ENTRIES ?? 1_000_000);
const SINCE = 1_000;
const RUNS = 3;

interface Start {
  ms: number;
  rssMiB: number;
}

/** One start: spawn to the sign-in field usable in a fresh page (of a browser already running); the host's RSS then. */
async function start(dataDir: string): Promise<Start> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    return await startIn(browser, dataDir);
  } finally {
    await browser.close();
  }
}

async function startIn(browser: Browser, dataDir: string): Promise<Start> {
  const t0 = performance.now();
  const served = await startServe(dataDir);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' })).newPage();
    await page.goto(served.pairingUrl);
    const field = tillPages(page).login.staffNumber();
    await field.waitFor({ state: 'visible', timeout: 120_000 });
    for (let i = 0; !(await field.isEnabled()); i++) {
      if (i > 2_000) throw new Error('the sign-in field never became usable');
      await page.waitForTimeout(5);
    }
    const ms = performance.now() - t0;
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${served.child.pid}/status`, 'utf8'))?.[1];
    await page.context().close();
    return { ms, rssMiB: Number(rss ?? 0) / 1024 };
  } finally {
    await stopServe(served);
  }
}

async function starts(dataDir: string, before: () => void = () => {}): Promise<Start> {
  const runs: Start[] = [];
  for (let i = 0; i < RUNS; i++) {
    before();
    runs.push(await start(dataDir));
  }
  runs.sort((a, b) => a.ms - b.ms);
  return runs[RUNS >> 1]!;
}

/** The catalog as `tillproof catalog import` applies it, then ENTRIES sales, then a checkpoint as a start leaves it. */
function grow(dataDir: string): SignedCheckpoint {
  const signer = loadTerminalKey(terminalKeyPath(dataDir));
  const store = SqliteLedgerStore.open(ledgerPath(dataDir), nodeLedgerCrypto, signer, { terminalId: DEMO_CONFIG.terminal.terminalId });
  try {
    const db = store.database;
    const businessDay = store.entry(store.head().seq)!.businessDay;
    let t0 = Date.now();
    store.write((tx) => {
      const change = applyCatalog(db, syntheticProducts(PRODUCTS), undefined, { merge: true });
      const at = new Date().toISOString();
      tx.append({
        kind: 'config-change',
        businessDay,
        startedAt: at,
        endedAt: at,
        operatorId: null,
        body: { section: 'catalog', version: versionLabel(change), summary: `benchmark: ${PRODUCTS} products`, digest: change.digest },
      });
    });
    console.log(`imported ${PRODUCTS.toLocaleString('en-US')} products in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    t0 = Date.now();
    const cp = readCheckpoint(db)?.checkpoint;
    if (!cp) throw new Error('the demo till left no checkpoint');
    // The catalog's config-change, committed as the start-up check would commit it.
    const catalogEntry = store.entry(store.head().seq)!;
    const masterData = { ...cp.masterData, catalog: { seq: catalogEntry.seq, digest: (catalogEntry.body as { digest: string }).digest } };
    const insert =
      db.prepare(`INSERT INTO ledger_entries (seq, v, terminal_id, kind, business_day, started_at, ended_at, operator_id, body, prev_hash, hash, signature, key_id)
      VALUES (@seq, @v, @terminalId, @kind, @businessDay, @startedAt, @endedAt, @operatorId, @body, @prevHash, @hash, @signature, @keyId)`);
    const placeholder = Buffer.alloc(64).toString('base64');
    let head = store.head();
    let left: SignedCheckpoint | null = null;
    const target = head.seq + ENTRIES;
    const checkpointAt = target - SINCE;
    const terminalId = head.terminalId;
    db.pragma('synchronous = OFF');
    while (head.seq < target) {
      db.transaction(() => {
        for (let k = 0; k < 5_000 && head.seq < target; k++) {
          const seq = head.seq + 1;
          const body = saleBody(seq, `bench-${seq}`) as unknown as JsonValue;
          const d = { ...draft('sale', body as never, `${businessDay}T03:00:00.000Z`, businessDay, 'S001'), body };
          const bodyText = canonicalJson(body);
          const at = { terminalId, seq, prevHash: head.hash };
          const signed = seq >= checkpointAt;
          const e = signed
            ? sealEntry(nodeLedgerCrypto, signer, d, at, bodyText)
            : (() => {
                const u = {
                  v: ENTRY_VERSION,
                  ...at,
                  kind: d.kind,
                  businessDay,
                  startedAt: d.startedAt,
                  endedAt: d.endedAt,
                  operatorId: d.operatorId,
                  body,
                  keyId: signer.keyId,
                };
                return { ...u, hash: entryHash(nodeLedgerCrypto, u, bodyText), signature: placeholder };
              })();
          insert.run({ ...e, body: bodyText });
          head = { ...head, seq, hash: e.hash };
          if (seq === checkpointAt) {
            left = signCheckpoint(signer, { ...cp, seq, hash: e.hash, masterData });
            saveCheckpoint(db, left);
          }
        }
        db.prepare('UPDATE business_days SET last_seq = ? WHERE business_day = ?').run(head.seq, businessDay);
      })();
    }
    db.pragma('synchronous = FULL');
    console.log(`wrote ${ENTRIES.toLocaleString('en-US')} entries in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (!left) throw new Error('no checkpoint was written');
    return left;
  } finally {
    store.close();
  }
}

await buildServedRenderer();
const dataDir = mkdtempSync(join(tmpdir(), 'tillproof-startup-bench-'));
try {
  const demo = startTerminal({ dataDir, config: parseConfig(DEMO_CONFIG, 'demo'), demo: true });
  await demo.close();
  const small = await starts(dataDir);
  const checkpoint = grow(dataDir);
  // A start checks the entries since the checkpoint and a normal stop moves it to the head: each
  // start here puts back the one that leaves the last SINCE entries to check, as after a day of sales.
  const big = await starts(dataDir, () => {
    const db = openLedgerDatabase(ledgerPath(dataDir), { mustExist: true });
    try {
      saveCheckpoint(db, checkpoint);
    } finally {
      db.close();
    }
  });
  const line = (label: string, s: Start) => `  ${label.padEnd(58)} ${s.ms.toFixed(0).padStart(6)} ms   host RSS ${s.rssMiB.toFixed(0)} MiB`;
  console.log(`\n\`tillproof serve\` to the sign-in screen usable in Chromium (median of ${RUNS} starts)`);
  console.log(line('demo till (66 products)', small));
  console.log(line(`${PRODUCTS.toLocaleString('en-US')} products, ${ENTRIES.toLocaleString('en-US')} entries (${SINCE} to check)`, big));
  console.log(`  ratio ${(big.ms / small.ms).toFixed(2)}; goal <= 2,000 ms: ${big.ms <= 2_000 ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
