import { createHmac } from 'node:crypto';
import type { MethodName, ParamsInput, Result } from '../core/contract/methods.ts';
import { memberToken } from '../core/sales/member-token.ts';
import { processLogger } from '../platform/logger.ts';
import { dispatchCall } from './dispatch.ts';
import type { TerminalRuntime } from './terminal-runtime.ts';

// Realistic sales through the host's contract (the path the UI takes), for demos, training
// data and load. Deterministic for a given seed on a fresh data dir: the same products,
// quantities, tenders and member scans, at the same simulated times.

/** mulberry32: small, fast, and the same everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimulationClock {
  now(): Date;
  advance(ms: number): void;
}

export function simulationClock(startIso: string): SimulationClock {
  let t = new Date(startIso).getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

export interface SimulationSummary {
  sales: number;
  items: number;
  gross: number;
  tax: number;
  byTender: Record<string, number>;
  memberSales: number;
  receiptsPrinted: number;
  receiptsElectronic: number;
  firstReceipt: number | null;
  lastReceipt: number | null;
  lastSeq: number;
  lastHash: string;
}

export interface SimulationOptions {
  sales: number;
  seed: number;
  staff: { staffId: string; pin: string };
  clock: SimulationClock;
  onProgress?: (done: number, total: number) => void;
}

const hmac = { hmac: (alg: 'sha1' | 'sha256', key: Uint8Array, data: Uint8Array) => createHmac(alg, key).update(data).digest() };

type Call = <M extends MethodName>(method: M, params: ParamsInput<M>) => Promise<Result<M>>;

/** One to six lines of random products; a weighed one gets a random weight. */
async function addRandomLines(call: Call, random: () => number, products: readonly string[]): Promise<void> {
  const lines = 1 + Math.floor(random() * 6);
  for (let i = 0; i < lines; i++) {
    const productId = products[Math.floor(random() * products.length)]!;
    const weighed = (await call('catalog.search', { query: productId, limit: 1 }))[0]?.unit === 'kg';
    await call(
      'sale.addItem',
      weighed ? { productId, qtyMilli: 200 + Math.floor(random() * 1300) } : { productId, ...(random() < 0.2 ? { qtyMilli: 2000 } : {}) },
    );
  }
}

/** Card, card and cash, or cash (exact or rounded up), as a cashier would see them. */
async function payRandomly(call: Call, random: () => number, view: Result<'sale.present'>, n: number): Promise<void> {
  const roll = random();
  if (roll < 0.2) {
    await call('sale.addTender', {
      type: 'card',
      amount: view.total,
      reference: `SIM-${n}`,
      last4: String(1000 + Math.floor(random() * 9000)),
    });
  } else if (roll < 0.3 && view.total > 1) {
    const card = Math.floor(view.total / 2);
    await call('sale.addTender', { type: 'card', amount: card, reference: `SIM-${n}`, last4: '4242' });
    const rest = (await call('session.state', {})).sale!.due + (await call('session.state', {})).sale!.cashRounding;
    await call('sale.addTender', { type: 'cash', amount: Math.ceil(rest / 100) * 100 || rest });
  } else {
    const due = view.total + view.cashRounding;
    await call('sale.addTender', {
      type: 'cash',
      amount: random() < 0.5 ? due : Math.ceil(due / 100) * 100 + (random() < 0.3 ? 100 : 0),
    });
  }
}

export async function simulateSales(runtime: TerminalRuntime, options: SimulationOptions): Promise<SimulationSummary> {
  const random = seededRandom(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const log = processLogger().child({ component: 'simulate' });
  async function call<M extends MethodName>(method: M, params: ParamsInput<M>): Promise<Result<M>> {
    const r = await dispatchCall(runtime.handlers, method, params, log);
    if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
    return r.result as Result<M>;
  }
  const db = runtime.store.database;
  const products = db.prepare('SELECT product_id FROM products WHERE active = 1 ORDER BY product_no').pluck().all() as string[];
  const members = db
    .prepare('SELECT member_id AS memberId, token_secret AS secret FROM members WHERE active = 1 ORDER BY member_id')
    .all() as Array<{ memberId: string; secret: string }>;
  if (products.length === 0) throw new Error('the catalog is empty: import one first (tillproof catalog import)');

  await call('session.login', { method: 'pin', staffId: options.staff.staffId, pin: options.staff.pin });
  const till = await call('till.status', {});
  if (!till.session) {
    const note = till.denominations.find((d) => d >= 100) ?? till.denominations[0] ?? 100;
    await call('till.openDrawer', { counts: [{ value: note, count: 20 }] });
  }
  const summary: SimulationSummary = {
    sales: 0,
    items: 0,
    gross: 0,
    tax: 0,
    byTender: {},
    memberSales: 0,
    receiptsPrinted: 0,
    receiptsElectronic: 0,
    firstReceipt: null,
    lastReceipt: null,
    lastSeq: 0,
    lastHash: '',
  };
  for (let n = 0; n < options.sales; n++) {
    options.clock.advance(Math.floor(45_000 + random() * 240_000));
    await addRandomLines(call, random, products);
    if (members.length && random() < 0.15) {
      const m = pick(members);
      await call('sale.scan', { code: memberToken(hmac, m.memberId, m.secret, options.clock.now()), source: 'hid' });
      summary.memberSales++;
    }
    if (random() < 0.05)
      await call('sale.applyDiscount', { scope: 'line', lineNo: 1, kind: 'percent', value: 500, reason: 'simulated: damaged packaging' });
    const view = await call('sale.present', {});
    await payRandomly(call, random, view, n);
    let receipt = await call('sale.complete', {});
    if (receipt.status !== 'printed')
      receipt = await call('receipt.electronic', { receiptNo: receipt.receiptNo, reason: 'printer-failed' });
    if (receipt.status === 'printed') summary.receiptsPrinted++;
    else summary.receiptsElectronic++;
    const entry = runtime.store.entry(runtime.store.receipt(receipt.receiptNo)!.seq)!;
    const body = entry.body as { total: number; tax: number; lines: unknown[]; tenders: Array<{ type: string; amount: number }> };
    summary.sales++;
    summary.items += body.lines.length;
    summary.gross += body.total;
    summary.tax += body.tax;
    for (const t of body.tenders) summary.byTender[t.type] = (summary.byTender[t.type] ?? 0) + t.amount;
    summary.firstReceipt ??= receipt.receiptNo;
    summary.lastReceipt = receipt.receiptNo;
    if (options.onProgress && (n + 1) % 100 === 0) options.onProgress(n + 1, options.sales);
  }
  const head = runtime.store.head();
  summary.lastSeq = head.seq;
  summary.lastHash = head.hash;
  return summary;
}
