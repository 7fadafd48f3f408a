// Selling goods by weight from a Mettler Toledo scale (issue #15): the till's runtime drives the
// scale driver over a real socat pty pair to the scale emulator, on a real SQLite ledger. A
// stable weight is sold (less its tare) and the sale line records that it came from the scale;
// moving, under-zero, over-capacity and empty-platter weights are refused and add nothing; a
// typed weight is still possible and is recorded as typed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { startTerminal, type TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { dispatchCall } from '../../../host/dispatch.ts';
import { MemoryDrawer, MemoryPrinter } from '../../../hardware/virtual/memory-devices.ts';
import { ScaleEmulator } from '../../../hardware/emulators/scale-emulator.ts';
import { entryOf } from '../../../core/ledger/bodies.ts';
import type { MethodName, ParamsInput, Result } from '../../../core/contract/methods.ts';
import { FAST_RECONNECT, SOCAT_MISSING, isIdle, socatAvailable, statusWhere, until } from '../hardware/helpers.ts';

const BANANAS = 'TP-0059'; // demo catalog: 香蕉, 80 a kg, tax class zero
const SWEET_POTATO = 'TP-0046'; // 烤地瓜, 150 a kg, sold in a 15 g paper bag (preset tare)
const BADGE = 'DEMO-BADGE-1001'; // S001 陳怡君, cashier

let dataDir: string;
let runtime: TerminalRuntime;
let scale: ScaleEmulator;

async function call<M extends MethodName>(method: M, params: ParamsInput<M>): Promise<Result<M>> {
  const r = await dispatchCall(runtime.handlers, method, params, { error: () => undefined });
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.result as Result<M>;
}

async function refusal<M extends MethodName>(method: M, params: ParamsInput<M>): Promise<string> {
  const r = await dispatchCall(runtime.handlers, method, params, { error: () => undefined });
  if (r.ok) throw new Error(`${method} was not refused`);
  return r.error.code;
}

const sales = () => [...runtime.store.entries()].flatMap((e) => entryOf(e, 'sale') ?? []);

describe.skipIf(!socatAvailable)('selling by weight from a Toledo scale (socat pty pair, SQLite ledger)', () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tillproof-scale-'));
    scale = new ScaleEmulator({ capacityGrams: 15_000 });
    await scale.plugIn();
    const config = parseConfig(
      {
        ...DEMO_CONFIG,
        devices: {
          scale: {
            type: 'scale',
            transport: { kind: 'serial', path: scale.hostPath },
            settleMs: 400,
            tares: { '1046': 15 },
            reconnect: FAST_RECONNECT,
          },
        },
      },
      'scale test',
    );
    runtime = startTerminal({ dataDir, config, demo: true, printer: new MemoryPrinter('receipt'), drawer: new MemoryDrawer('drawer') });
    await statusWhere(runtime.hardware.scale!, isIdle, 'idle');
    await call('session.login', { method: 'badge', badge: BADGE });
    await call('till.openDrawer', { counts: [{ value: 1000, count: 2 }] });
  });

  afterAll(async () => {
    await runtime?.close();
    await scale?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the live weight and its state to the screen', async () => {
    scale.command('weight 1250');
    expect(await call('scale.read', {})).toEqual({ state: 'stable', grams: 1250 });
    scale.command('motion');
    expect(await call('scale.read', {})).toEqual({ state: 'motion' });
    scale.command('stable');
  });

  it('refuses a moving, negative, over-capacity or empty weight and adds nothing', async () => {
    scale.command('weight 900');
    scale.command('motion');
    expect(await refusal('sale.weigh', { productId: BANANAS })).toBe('scale.unstable');
    scale.command('stable');
    scale.command('weight -30');
    expect(await refusal('sale.weigh', { productId: BANANAS })).toBe('scale.under-zero');
    scale.command('weight 15200');
    expect(await refusal('sale.weigh', { productId: BANANAS })).toBe('scale.over-capacity');
    scale.command('weight 0');
    expect(await refusal('sale.weigh', { productId: BANANAS })).toBe('scale.no-weight');
    // The preset tare of the sweet potato's bag is all there is on the platter.
    scale.command('weight 15');
    expect(await refusal('sale.weigh', { productId: SWEET_POTATO })).toBe('scale.no-weight');
    // An item sold by the piece is not weighed.
    expect(await refusal('sale.weigh', { productId: 'TP-0058' })).toBe('scale.piece-item');
    expect((await call('session.state', {})).sale?.lines ?? []).toEqual([]);
  });

  it('sells a stable weight that settled while weighing, the preset and keyed tares taken off, and records the source', async () => {
    scale.command('weight 1250');
    scale.command('motion');
    const weighing = call('sale.weigh', { productId: BANANAS });
    const before = scale.model.requests;
    await until(() => scale.model.requests >= before + 1, 'the till asking the moving scale');
    scale.command('stable');
    const first = await weighing;
    expect(first.lines[0]).toMatchObject({ sku: '1059', qtyMilli: 1250, amount: 100, weighed: 'scale' });

    scale.command('weight 515');
    const second = await call('sale.weigh', { productId: SWEET_POTATO, tareGrams: 40 });
    // The bag's preset tare applies, not the keyed one.
    expect(second.lines[1]).toMatchObject({ sku: '1046', qtyMilli: 500, amount: 75, weighed: 'scale', tareGrams: 15 });

    scale.command('weight 1040');
    const third = await call('sale.weigh', { productId: BANANAS, tareGrams: 40 });
    expect(third.lines[2]).toMatchObject({ qtyMilli: 1000, amount: 80, weighed: 'scale', tareGrams: 40 });

    // Typing a weight is still possible, and marked.
    const typed = await call('sale.addItem', { productId: BANANAS, qtyMilli: 500 });
    expect(typed.lines[3]).toMatchObject({ qtyMilli: 500, weighed: 'typed' });

    await call('sale.present', {});
    await call('sale.addTender', { type: 'cash', amount: 300 });
    await call('sale.complete', {});
    const sale = sales().at(-1)!;
    expect(sale.body.lines.map((l) => ({ sku: l.sku, qtyMilli: l.qtyMilli, weight: l.weight }))).toEqual([
      { sku: '1059', qtyMilli: 1250, weight: { source: 'scale' } },
      { sku: '1046', qtyMilli: 500, weight: { source: 'scale', tareGrams: 15, tare: 'preset' } },
      { sku: '1059', qtyMilli: 1000, weight: { source: 'scale', tareGrams: 40, tare: 'keyed' } },
      { sku: '1059', qtyMilli: 500, weight: { source: 'typed' } },
    ]);
  });

  it('says the scale cannot be read when its cable is out, and sells again once it is back', async () => {
    await scale.unplug();
    await statusWhere(runtime.hardware.scale!, (s) => s.state === 'offline', 'offline');
    expect(await refusal('sale.weigh', { productId: BANANAS })).toBe('scale.offline');
    expect(await call('scale.read', {})).toEqual({ state: 'offline' });
    await scale.plugIn();
    await statusWhere(runtime.hardware.scale!, isIdle, 'idle again', 10_000);
    scale.command('weight 250');
    const view = await call('sale.weigh', { productId: BANANAS });
    expect(view.lines.at(-1)).toMatchObject({ qtyMilli: 250, amount: 20, weighed: 'scale' });
  });
});

describe.runIf(!socatAvailable)('selling by weight from a Toledo scale', () => {
  it.skip(SOCAT_MISSING, () => {});
});
