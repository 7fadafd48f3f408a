import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type MethodName } from '../../../../core/contract/index.ts';
import { bridgeOver, methodOf, type MethodCall } from '../../../../renderer/bridge/method-table.ts';

describe('a bridge over one call', () => {
  it('has every contract method, each passing its own name and parameters through', async () => {
    const calls: Array<[MethodName, unknown]> = [];
    const call: MethodCall = (method, params) => {
      calls.push([method, params]);
      return Promise.resolve(`answer to ${method}` as never);
    };
    const bridge = bridgeOver(call, () => () => undefined);
    for (const m of METHOD_NAMES) expect(typeof bridge[m]).toBe('function');
    await expect(bridge['catalog.search']({ query: 'tea', limit: 5 })).resolves.toBe('answer to catalog.search');
    await expect(methodOf(bridge, 'sale.present')({})).resolves.toBe('answer to sale.present');
    expect(calls).toEqual([
      ['catalog.search', { query: 'tea', limit: 5 }],
      ['sale.present', {}],
    ]);
  });

  it('keeps the event subscription it was given', () => {
    const on = () => () => undefined;
    expect(bridgeOver(() => Promise.reject(new Error('unused')), on).on).toBe(on);
  });
});
