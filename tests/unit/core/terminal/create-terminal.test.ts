// The composition root: the handler map behind the locked-till guard, and reconfiguring a running terminal.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import {
  approvalBy,
  barcodeOf,
  loginAs,
  openDrawer,
  PRODUCTS,
  STAFF,
  startTestHost,
  TEST_CONFIG,
  type TestHost,
} from '../../../helpers/host.ts';
import { newSigner, tempDir } from '../../../helpers/ledger.ts';
import { createTerminal } from '../../../../core/terminal/create-terminal.ts';
import { terminalConfigSchema, type TerminalConfigInput } from '../../../../core/config/terminal-config.ts';
import type { MethodName, ParamsInput, Result } from '../../../../core/contract/methods.ts';
import { renderReceiptText } from '../../../../core/receipts/receipt-document.ts';
import { SqliteLedgerStore } from '../../../../db/sqlite-ledger.ts';
import { nodeLedgerCrypto } from '../../../../platform/node-crypto.ts';
import { MemoryDrawer, MemoryPrinter } from '../../../../hardware/virtual/memory-devices.ts';
import { dispatchCall } from '../../../../host/dispatch.ts';

let host: TestHost;
beforeEach(async () => {
  host = startTestHost();
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

describe('the locked-till guard', () => {
  it('a locked till refuses everything but the state and an unlock, for every client', async () => {
    await host.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
    await host.call('session.lock');
    expect((await host.call('session.state')).locked).toBe(true);
    expect((await host.fail('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' })).code).toBe('auth.required');
    expect((await host.fail('sale.present')).code).toBe('auth.required');
    // Another cashier cannot take over a till with a sale in progress (only a supervisor or manager can).
    expect((await host.fail('session.login', { method: 'pin', staffId: '102', pin: '2222' })).code).toBe('sale.takeover-denied');
    await host.call('session.login', { method: 'pin', staffId: '101', pin: '1111' });
    const state = await host.call('session.state');
    expect(state).toMatchObject({ locked: false, sale: { total: 25 } });
  });
});

describe('reconfigure', () => {
  // A terminal built directly (not through startTestHost) so the test can reconfigure it.
  function terminal(input: TerminalConfigInput) {
    const dir = tempDir('tillproof-terminal-');
    const config = terminalConfigSchema.parse(input);
    const signer = newSigner();
    const at = '2026-11-20T02:00:00.000Z';
    const store = SqliteLedgerStore.create(join(dir.path, 'ledger.sqlite'), nodeLedgerCrypto, signer, {
      terminalId: config.terminal.terminalId,
      storeId: config.store.storeId,
      software: 'test',
      businessDay: '2026-11-20',
      at,
    });
    const printer = new MemoryPrinter('front');
    let n = 0;
    const built = createTerminal({
      config,
      store,
      catalog: {
        byGtin: (g) => PRODUCTS.find((p) => p.barcodes.includes(g)),
        bySku: (s) => PRODUCTS.find((p) => p.sku === s),
        byId: (id) => PRODUCTS.find((p) => p.productId === id),
        byItemCode: () => undefined,
        search: () => [],
        version: () => 'test',
      },
      staff: {
        byId: (id) => STAFF.find((s) => s.staffId === id),
        verifyPin: (id, pin) => STAFF.find((s) => s.staffId === id && s.pin === pin),
        byBadge: () => undefined,
      },
      members: { byId: () => undefined, byCard: () => undefined, searchByName: () => [] },
      printer,
      drawer: new MemoryDrawer('drawer-1'),
      signer,
      crypto: { ...nodeLedgerCrypto, hmac: (alg, key, data) => createHmac(alg, key).update(data).digest() },
      clock: { now: () => new Date(at) },
      newId: () => `id-${++n}`,
      emit: () => undefined,
    });
    const log = { error: () => undefined };
    const call = async <M extends MethodName>(method: M, params: ParamsInput<M>): Promise<Result<M>> => {
      const r = await dispatchCall(built.handlers, method, params, log);
      if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code}`), { code: r.error.code });
      return r.result as Result<M>;
    };
    const failure = (method: MethodName, params: unknown) =>
      dispatchCall(built.handlers, method, params, log).then((r) => (r.ok ? 'ok' : r.error.code));
    const sellTea = async () => {
      await call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      await call('sale.present', {});
      await call('sale.addTender', { type: 'cash', amount: 25 });
      return call('sale.complete', {});
    };
    return { config, built, printer, call, failure, sellTea, close: () => (store.close(), dir.cleanup()) };
  }

  it('receipt texts and denominations are read from the configuration in force: a reconfigure reaches the next receipt and count', async () => {
    const t = terminal({ ...TEST_CONFIG, receipt: { footer: ['Thank you'] } });
    try {
      await t.call('session.login', { method: 'pin', staffId: '101', pin: '1111' });
      await t.call('till.openDrawer', { counts: [{ value: 100, count: 20 }] });
      expect(renderReceiptText((await t.sellTea()).document)).toContain('Thank you');
      const { receipt, till } = t.config;
      t.built.reconfigure({
        ...t.config,
        receipt: { ...receipt, footer: ['See you soon'] },
        till: { ...till, denominations: [1000, 500, 100] },
      });
      const text = renderReceiptText((await t.sellTea()).document);
      expect(text).toContain('See you soon');
      expect(text).not.toContain('Thank you');
      expect((await t.call('till.status', {})).denominations).toEqual([1000, 500, 100]);
      // 50 is a TWD coin (the default list the till started with), but not in the new list.
      expect(await t.failure('till.closeDrawer', { counts: [{ value: 50, count: 1 }] })).toBe('till.bad-count');
    } finally {
      t.close();
    }
  });

  it('the sale in progress keeps the pricing rules it started with; the next sale gets the new ones', async () => {
    const t = terminal(TEST_CONFIG);
    try {
      await t.call('session.login', { method: 'pin', staffId: '101', pin: '1111' });
      await t.call('till.openDrawer', { counts: [{ value: 100, count: 20 }] });
      await t.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      t.built.reconfigure({ ...t.config, pricing: { ...t.config.pricing, defaultTier: 'member' } });
      const view = await t.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      expect(view.lines.map((l) => l.unitPrice)).toEqual([25]);
      expect(view.total).toBe(50);
      await t.call('sale.cancel', { reason: 'price change', approval: approvalBy('301') });
      expect((await t.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' })).total).toBe(22);
    } finally {
      t.close();
    }
  });

  it('refuses a change of store, terminal id or currency under a running terminal', () => {
    const t = terminal(TEST_CONFIG);
    try {
      const inDollars = { ...t.config, store: { ...t.config.store, currency: 'USD' } };
      expect(() => t.built.reconfigure(inDollars)).toThrow(/cannot change its store, terminal id or currency/);
      expect(() => t.built.reconfigure({ ...t.config, terminal: { ...t.config.terminal, terminalId: 'T-02' } })).toThrow(/cannot change/);
      expect(() => t.built.reconfigure({ ...t.config, store: { ...t.config.store, storeId: 'S-KHH' } })).toThrow(/cannot change/);
    } finally {
      t.close();
    }
  });
});

describe('a step that fails half-way leaves the sale usable', () => {
  const tea = PRODUCTS.find((p) => p.productId === 'p-tea')!;
  /** A host whose catalog also has `product` under barcode 4710000000066 (fault injection). */
  async function hostWith(product: Omit<(typeof PRODUCTS)[number], 'barcodes'>): Promise<TestHost> {
    const injected = { ...product, barcodes: ['04710000000066'] };
    const h = startTestHost({}, undefined, {
      catalog: (own) => ({ ...own, byGtin: (g) => (g === injected.barcodes[0] ? injected : own.byGtin(g)) }),
    });
    await loginAs(h, '101');
    await openDrawer(h);
    return h;
  }

  /** Void, cancel (with a manager) and sign-out all still work after the fault. */
  async function expectSaleStillUsable(h: TestHost): Promise<void> {
    expect((await h.call('session.state')).sale?.lines.map((l) => l.productId)).toEqual(['p-tea']);
    const voided = await h.call('sale.voidLine', { lineNo: 1, reason: 'customer changed mind', approval: approvalBy('301') });
    expect(voided.lines).toEqual([]);
    await h.call('sale.scan', { code: barcodeOf('p-cake'), source: 'hid' });
    expect(await h.call('sale.cancel', { reason: 'customer left', approval: approvalBy('301') })).toEqual({ ok: true });
    expect(await h.call('session.logout', { reason: 'manual' })).toEqual({ ok: true });
  }

  it('a product with a tax class the store does not define is refused by name, and the sale goes on', async () => {
    const h = await hostWith({ ...tea, productId: 'p-lux', sku: 'LUX', taxClass: 'luxury' });
    try {
      await h.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      const e = await h.fail('sale.scan', { code: '4710000000066', source: 'hid' });
      expect(e.code).toBe('price.invalid');
      expect(e.message).toMatch(/LUX has tax class "luxury", which this store does not define/);
      await expectSaleStillUsable(h);
    } finally {
      h.close();
    }
  });

  it('an unexpected fault inside a step (a price the money code refuses, thrown after the line was added) is undone', async () => {
    const h = await hostWith({ ...tea, productId: 'p-bad', sku: 'BAD', prices: { retail: 25.5 } });
    try {
      await h.call('sale.scan', { code: barcodeOf('p-tea'), source: 'hid' });
      expect((await h.fail('sale.scan', { code: '4710000000066', source: 'hid' })).code).toBe('internal');
      // The screens are shown the sale as it is again.
      const shown = h.events.filter((e) => e.event === 'sale.changed').at(-1)?.payload as { lines: Array<{ productId: string }> };
      expect(shown.lines.map((l) => l.productId)).toEqual(['p-tea']);
      await expectSaleStillUsable(h);
    } finally {
      h.close();
    }
  });

  it('a fault in the first step of a sale leaves no sale open', async () => {
    const h = await hostWith({ ...tea, productId: 'p-bad', sku: 'BAD', prices: { retail: 25.5 } });
    try {
      expect((await h.fail('sale.scan', { code: '4710000000066', source: 'hid' })).code).toBe('internal');
      expect((await h.call('session.state')).sale).toBeNull();
      expect(await h.call('session.logout', { reason: 'manual' })).toEqual({ ok: true });
    } finally {
      h.close();
    }
  });
});
