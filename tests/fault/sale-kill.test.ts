// A paid sale survives kill -9 (issue #12, item 6). 20 rounds: the real host in a child process
// (host/terminal-runtime.ts behind browser mode's WebSocket) rings up a sale, takes the card payment,
// and is SIGKILLed at a random moment between the tender and the completion (sometimes with
// `sale.complete` already sent). After each restart the paid sale is there: completed in the ledger,
// or resumed with the same lines and tenders, which the next round completes or a manager ends with
// a reason. Nothing else is written, and `tillproof ledger verify` passes.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { verifyLedgerFile } from '../../db/ledger-verify.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { RECEIPT_LABELS } from '../../core/receipts/labels.ts';
import { tempDir } from '../helpers/ledger.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CHILD = join(import.meta.dirname, 'fixtures/serve-till.ts');
const children = new Set<ChildProcess>();
const dirs: Array<ReturnType<typeof tempDir>> = [];

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) d.cleanup();
});

interface Till {
  child: ChildProcess;
  exited: Promise<void>;
  call(method: string, params?: unknown): Promise<Record<string, unknown>>;
  send(method: string, params?: unknown): void;
}

/** Starts the host child on `dataDir` and connects to its API as the paired screen does. */
async function startTill(dataDir: string, hold?: 'hold-drawer'): Promise<Till> {
  // Node's compile cache: the restarts after the first load the host's modules from it (on a busy machine most of a start).
  const env = { ...process.env, NODE_COMPILE_CACHE: join(dataDir, 'compile-cache') };
  const child = spawn(process.execPath, [CHILD, dataDir, ...(hold ? [hold] : [])], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const exited = new Promise<void>((done) => child.once('exit', () => done(void children.delete(child))));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<URL>((done, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`the till exited (${code}) before serving: ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^pairing (\S+)$/m.exec(out);
      if (m) done(new URL(m[1]!));
    });
  });
  const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
  const ws = new WebSocket(`ws://${url.host}/api?token=${encodeURIComponent(token)}`);
  await new Promise((done, fail) => ws.once('open', done).once('error', fail));
  let nextId = 1;
  const waiting = new Map<number, { done: (r: Record<string, unknown>) => void; fail: (e: Error) => void }>();
  ws.on('message', (data: Buffer) => {
    const msg = JSON.parse(data.toString('utf8')) as { type: string; id: number; ok: boolean; result?: unknown; error?: { code: string } };
    if (msg.type !== 'result') return;
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.ok) w?.done(msg.result as Record<string, unknown>);
    else w?.fail(new Error(`${msg.error?.code}`));
  });
  ws.on('error', () => undefined);
  const send = (method: string, params: unknown = {}) => {
    const id = nextId++;
    ws.send(JSON.stringify({ type: 'call', id, method, params }));
    return id;
  };
  return {
    child,
    exited,
    send: (method, params) => void send(method, params),
    call: (method, params) =>
      new Promise((done, fail) => {
        waiting.set(send(method, params), { done, fail: (e) => fail(new Error(`${method}: ${e.message}`)) });
      }),
  };
}

type Row = { seq: number; kind: string; body: Record<string, unknown> };

/** The ledger's entries, read from the file as an auditor would. */
function entries(ledgerPath: string): Row[] {
  const db = new Database(ledgerPath, { readonly: true });
  try {
    const rows = db.prepare('SELECT seq, kind, body FROM ledger_entries ORDER BY seq').all() as Array<{
      seq: number;
      kind: string;
      body: string;
    }>;
    return rows.map((r) => ({ ...r, body: JSON.parse(r.body) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

interface PaidSale {
  saleId: string;
  total: number;
  lines: unknown;
  tenders: unknown;
}

/** After a restart: the paid sale is completed in the ledger, or resumed as it was; then it is finished. */
async function finishPaidSale(
  till: Till,
  ledgerPath: string,
  paid: PaidSale,
  round: number,
): Promise<'completed' | 'resumed-completed' | 'resumed-ended'> {
  const state = await till.call('session.state');
  const sale = state.sale as (PaidSale & { resumedAt?: string }) | null;
  await till.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
  if (sale === null) {
    const sold = entries(ledgerPath).filter((e) => e.kind === 'sale' && e.body.saleId === paid.saleId);
    expect(sold).toHaveLength(1);
    expect(sold[0]!.body.total).toBe(paid.total);
    const owed = state.obligation as { receiptNo: number } | null;
    if (owed) await till.call('receipt.print', { receiptNo: owed.receiptNo });
    return 'completed';
  }
  expect(sale).toMatchObject({ saleId: paid.saleId, total: paid.total, lines: paid.lines, tenders: paid.tenders });
  expect(sale.resumedAt).toEqual(expect.any(String));
  if (round % 2 === 0) {
    const receipt = await till.call('sale.complete');
    expect(receipt.status).toBe('printed');
    return 'resumed-completed';
  }
  await till.call('sale.cancel', {
    reason: `card refunded after restart ${round}`,
    approval: { method: 'pin', staffId: 'S003', pin: '3333' },
  });
  return 'resumed-ended';
}

/** Rings up a card sale and returns it once the card payment is taken (the host answered the tender). */
async function payByCard(till: Till, round: number): Promise<PaidSale> {
  await till.call('sale.scan', { code: '4711037000012', source: 'hid' });
  await till.call('sale.scan', { code: '4711074000020', source: 'hid' });
  const presented = await till.call('sale.present');
  const paid = await till.call('sale.addTender', { type: 'card', amount: presented.total, reference: `AUTH-${round}`, last4: '4242' });
  return { saleId: paid.saleId as string, total: paid.total as number, lines: paid.lines, tenders: paid.tenders };
}

/**
 * One till through `rounds` kills: each round finishes the paid sale the last kill interrupted, rings
 * up the next, takes its card payment and is killed at a random moment before it completes.
 */
async function killRounds(rounds: number, seed: number) {
  const dir = tempDir('tillproof-sale-kill-');
  dirs.push(dir);
  const ledgerPath = join(dir.path, 'ledger.sqlite');
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const outcomes: string[] = [];
  const paidSales: PaidSale[] = [];
  let pending: PaidSale | null = null;
  for (let round = 0; round <= rounds; round++) {
    const till = await startTill(dir.path);
    if (pending) outcomes.push(await finishPaidSale(till, ledgerPath, pending, round));
    if (round === rounds) {
      till.child.kill('SIGTERM');
      await till.exited;
      break;
    }
    if (!pending) await till.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    pending = await payByCard(till, round);
    paidSales.push(pending);
    // A random moment after the payment: half the rounds with the completion already on its way.
    if (random() < 0.5) till.send('sale.complete');
    await new Promise((done) => setTimeout(done, Math.floor(random() * 30)));
    till.child.kill('SIGKILL');
    await till.exited;
    // What the kill left is a consistent ledger.
    expect(verifyLedgerFile(ledgerPath, nodeLedgerCrypto).result.ok).toBe(true);
  }
  return { dataDir: dir.path, entries: entries(ledgerPath), outcomes, paidSales };
}

describe('kill -9 between the tender and the completion', () => {
  it('20 rounds: the paid sale is always there after the restart, nothing else changes, the ledger verifies', async () => {
    const { dataDir, entries: all, outcomes, paidSales } = await killRounds(20, 12);
    // Each paid sale ended exactly once: one sale entry, or one void naming the card payment given back.
    for (const p of paidSales) {
      const sold = all.filter((e) => e.kind === 'sale' && e.body.saleId === p.saleId);
      const ended = all.filter((e) => e.kind === 'void' && e.body.saleId === p.saleId);
      expect(sold.length + ended.length).toBe(1);
      for (const v of ended) expect(v.body).toMatchObject({ scope: 'sale', tendersReturned: [{ type: 'card', amount: p.total }] });
    }
    // Nothing else: no other sale, and only the selling, the receipts, the restarts and the managers' approvals.
    const ours = new Set(paidSales.map((p) => p.saleId));
    expect(all.filter((e) => e.kind === 'sale' && !ours.has(e.body.saleId as string))).toEqual([]);
    const allowed = new Set(['ledger-opened', 'config-change', 'login', 'sale', 'receipt-issued', 'sale-resumed', 'approval', 'void']);
    expect(all.filter((e) => !allowed.has(e.kind)).map((e) => e.kind)).toEqual([]);
    expect(all.filter((e) => e.kind === 'sale-resumed').every((e) => e.body.outcome === 'resumed')).toBe(true);
    expect(outcomes).toHaveLength(20);
    expect(outcomes).toContain('resumed-ended');
    expect(outcomes.filter((o) => o.startsWith('resumed')).length).toBeGreaterThanOrEqual(5);

    const verify = spawnSync(process.execPath, [join(ROOT, 'cli', 'main.ts'), 'ledger', 'verify', '--data-dir', dataDir], {
      encoding: 'utf8',
    });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 240_000);
});

describe('kill -9 while a sale is rung up, nothing paid yet', () => {
  it('every item the till answered for is there after the restart, through three kills, and the sale then completes', async () => {
    const dir = tempDir('tillproof-item-kill-');
    dirs.push(dir);
    const ledgerPath = join(dir.path, 'ledger.sqlite');
    let till = await startTill(dir.path);
    const db = new Database(ledgerPath, { readonly: true });
    const products = db
      .prepare(`SELECT product_id FROM products WHERE active = 1 AND unit = 'each' ORDER BY product_no LIMIT 3`)
      .pluck()
      .all() as string[];
    db.close();
    expect(products).toHaveLength(3);
    await till.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    let answered: Record<string, unknown> | undefined;
    for (const productId of products) {
      if (answered) {
        // The sale the last kill interrupted is back as the till last answered it.
        const { sale } = await till.call('session.state');
        expect(sale).toMatchObject({ saleId: answered.saleId, total: answered.total, lines: answered.lines });
        await till.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
      }
      answered = await till.call('sale.addItem', { productId });
      // Killed the moment the answer arrived: the journal save before it was not flushed to disk.
      till.child.kill('SIGKILL');
      await till.exited;
      expect(verifyLedgerFile(ledgerPath, nodeLedgerCrypto).result.ok).toBe(true);
      till = await startTill(dir.path);
    }
    const { sale } = await till.call('session.state');
    expect(sale).toMatchObject({ saleId: answered!.saleId, total: answered!.total, lines: answered!.lines });
    expect((sale as { lines: unknown[] }).lines).toHaveLength(3);
    await till.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    const presented = await till.call('sale.present');
    await till.call('sale.addTender', { type: 'card', amount: presented.total, reference: 'AUTH-ITEMS', last4: '4242' });
    await till.call('sale.complete');
    till.child.kill('SIGTERM');
    await till.exited;
    const sold = entries(ledgerPath).filter((e) => e.kind === 'sale');
    expect(sold).toHaveLength(1);
    expect(sold[0]!.body).toMatchObject({ saleId: answered!.saleId, total: answered!.total });
    expect(
      entries(ledgerPath)
        .filter((e) => e.kind === 'sale-resumed')
        .map((e) => e.body.outcome),
    ).toEqual(['resumed', 'resumed', 'resumed']);
  }, 180_000);
});

describe("kill -9 between a cash sale's commit and its receipt's print", () => {
  it('the sale is recorded with its receipt owed; after the restart the receipt prints once, marked as a reissue', async () => {
    const dir = tempDir('tillproof-print-kill-');
    dirs.push(dir);
    const ledgerPath = join(dir.path, 'ledger.sqlite');
    // The drawer kick never returns: the till stops after the sale's commit, before any paper.
    let till = await startTill(dir.path, 'hold-drawer');
    await till.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    await till.call('till.openDrawer', { counts: [{ value: 100, count: 20 }] });
    await till.call('sale.scan', { code: '4711037000012', source: 'hid' });
    const presented = await till.call('sale.present');
    await till.call('sale.addTender', { type: 'cash', amount: presented.total });
    till.send('sale.complete');
    await expect.poll(() => entries(ledgerPath).some((e) => e.kind === 'sale'), { timeout: 60_000, interval: 20 }).toBe(true);
    till.child.kill('SIGKILL');
    await till.exited;
    expect(verifyLedgerFile(ledgerPath, nodeLedgerCrypto).result.ok).toBe(true);

    till = await startTill(dir.path);
    const { obligation } = await till.call('session.state');
    // The print was noted with the sale: it may be in the customer's hand as far as the till knows.
    expect(obligation).toMatchObject({ status: 'failed', failure: { reason: 'unconfirmed' } });
    const { receiptNo } = obligation as { receiptNo: number };
    await till.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    // What the next print puts on paper says it replaces any earlier print.
    const owed = (await till.call('receipt.get', { receiptNo })) as { document: { lines: Array<{ text?: string }> } };
    expect(owed.document.lines.map((l) => l.text)).toContain(`*** ${RECEIPT_LABELS['zh-TW'].reissue} #${receiptNo} ***`);
    expect(await till.call('receipt.print', { receiptNo })).toMatchObject({ status: 'printed' });
    till.child.kill('SIGTERM');
    await till.exited;
    const kinds = entries(ledgerPath).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'sale')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'receipt-issued')).toHaveLength(1);
  }, 120_000);
});
