import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, METHOD_NAMES, type MethodName } from '../../../core/contract/index.ts';
import type { WindowRole } from '../../../electron/app-protocol.ts';
import type { CallEnvelope } from '../../../electron/call-envelope.ts';
import { DISPLAY_EVENTS, DISPLAY_METHODS, handleContractCall, mayCall, mayReceive, parseCallRequest } from '../../../electron/ipc-calls.ts';
import type { IpcSenderFacts } from '../../../electron/ipc-sender.ts';

const windows = new Map<number, WindowRole>([
  [1, 'main'],
  [2, 'display'],
]);
const ours: IpcSenderFacts = { webContentsId: 1, frameUrl: 'app://tillproof/index.html', isMainFrame: true };

describe('payload parsing in main', () => {
  it('parses with the contract schema and applies its defaults', () => {
    expect(parseCallRequest('main', 'catalog.search', { query: 'tea' })).toEqual({
      ok: true,
      method: 'catalog.search',
      params: { query: 'tea', limit: 20 },
    });
    expect(parseCallRequest('main', 'session.state', undefined)).toEqual({ ok: true, method: 'session.state', params: {} });
  });

  it('refuses unknown methods, including prototype names', () => {
    for (const m of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 42, null, { toString: () => 'sale.scan' }]) {
      const r = parseCallRequest('main', m, {});
      expect(r.ok).toBe(false);
      if (!r.ok && !r.envelope.ok) expect(r.envelope.error.code).toBe('method.unknown');
    }
  });

  it('reports the path of the bad field, and every issue in details', () => {
    const r = parseCallRequest('main', 'sale.addTender', { type: 'card', amount: -5, reference: '', last4: '12a4' });
    expect(r.ok).toBe(false);
    if (r.ok || r.envelope.ok) return;
    expect(r.envelope.error).toMatchObject({ code: 'payload.invalid', messageKey: 'error.payload.invalid' });
    const issues = (r.envelope.error.details as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
    expect(issues).toEqual(expect.arrayContaining(['amount', 'reference', 'last4']));
  });

  it.each([
    ['an extra key (strict objects)', 'sale.scan', { code: '4711037000012', source: 'manual', price: 0 }],
    ['a polluted prototype key', 'sale.scan', JSON.parse('{"code":"1","source":"manual","__proto__":{"admin":true}}')],
    ['a wrong type', 'sale.scan', { code: 4711037000012, source: 'manual' }],
    ['a value outside the enum', 'sale.scan', { code: '1', source: 'keyboard' }],
    ['a non-JSON value that IPC can carry', 'sale.scan', { code: new Date(0), source: 'manual' }],
    ['a huge string', 'sale.scan', { code: 'x'.repeat(1_000_000), source: 'manual' }],
    ['an array for an object', 'sale.scan', ['4711037000012', 'manual']],
    ['a float for an integer amount', 'sale.addTender', { type: 'cash', amount: 10.5 }],
  ])('refuses %s', (_what, method, params) => {
    const r = parseCallRequest('main', method, params);
    expect(r.ok).toBe(false);
    if (!r.ok && !r.envelope.ok) expect(r.envelope.error.code).toBe('payload.invalid');
  });

  it('refuses params that would not fit in one frame to the host', () => {
    const params = { lines: [{ productId: 'p'.repeat(128), qtyMilli: 1000 }], reason: 'r'.repeat(200) };
    expect(parseCallRequest('main', 'return.complete', params).ok).toBe(true);
    const r = parseCallRequest('main', 'return.complete', params, 256);
    expect(r).toMatchObject({ ok: false, envelope: { ok: false, error: { code: 'payload.too-large' } } });
  });
});

describe('window roles', () => {
  it('lets the customer display read the sale and nothing else', () => {
    for (const m of METHOD_NAMES) expect(mayCall('main', m)).toBe(true);
    expect([...DISPLAY_METHODS].sort()).toEqual(['receipt.get', 'session.state']);
    expect(mayCall('display', 'sale.complete')).toBe(false);
    expect(mayCall('display', 'drawer.noSale')).toBe(false);
    const r = parseCallRequest('display', 'sale.cancel', { reason: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok && !r.envelope.ok) expect(r.envelope.error.code).toBe('permission.denied');
  });

  it('sends the customer display the sale events only', () => {
    for (const e of EVENT_NAMES) expect(mayReceive('main', e)).toBe(true);
    expect(mayReceive('display', 'sale.changed')).toBe(true);
    expect(mayReceive('display', 'drawer.alarm')).toBe(false);
    expect(mayReceive('display', 'scan.received')).toBe(false);
    for (const e of DISPLAY_EVENTS) expect(EVENT_NAMES).toContain(e);
  });
});

describe('a call through main', () => {
  function relay() {
    const calls: Array<{ method: MethodName; params: unknown }> = [];
    return {
      calls,
      call: async (method: MethodName, params: unknown): Promise<CallEnvelope> => {
        calls.push({ method, params });
        return { ok: true, result: { echoed: method } };
      },
    };
  }
  const log = {
    warnings: [] as string[],
    warn(message: string) {
      this.warnings.push(message);
    },
  };

  it('relays a checked, parsed call and returns the host answer', async () => {
    const r = relay();
    const answer = await handleContractCall(ours, 'sale.scan', { code: '4711037000012', source: 'wedge' }, { windows, relay: r, log });
    expect(answer).toEqual({ ok: true, result: { echoed: 'sale.scan' } });
    expect(r.calls).toEqual([{ method: 'sale.scan', params: { code: '4711037000012', source: 'wedge' } }]);
  });

  it('never reaches the host for a refused sender or a bad payload', async () => {
    const r = relay();
    const refused = await handleContractCall(
      { ...ours, frameUrl: 'https://evil.example/' },
      'sale.complete',
      {},
      { windows, relay: r, log },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'permission.denied' } });
    const bad = await handleContractCall(ours, 'sale.complete', { force: true }, { windows, relay: r, log });
    expect(bad).toMatchObject({ ok: false, error: { code: 'payload.invalid' } });
    const display = await handleContractCall({ ...ours, webContentsId: 2 }, 'drawer.noSale', { reason: 'x' }, { windows, relay: r, log });
    expect(display).toMatchObject({ ok: false, error: { code: 'permission.denied' } });
    expect(r.calls).toEqual([]);
    expect(log.warnings).toContain('refused an IPC call');
  });
});
