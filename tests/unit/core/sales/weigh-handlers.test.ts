// sale.weigh and scale.read through the host's handlers on a real SQLite ledger, with a scale
// written for the test (the real driver against the emulator is in
// tests/integration/host/scale-sale.test.ts): where a line's weight came from (scale, label,
// typed, or typed over a scale weight), and each refusal with nothing added.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalBy, expectRefused, loginAs, openDrawer, startTestHost, type TestHost, type TestProduct } from '../../../helpers/host.ts';
import type { ScaleReading, WeighingScale } from '../../../../core/ports/scale.ts';
import type { DeviceStatus } from '../../../../core/contract/views.ts';
import { DeviceError } from '../../../../hardware/device.ts';

/** A scale whose platter the test sets; `reads` counts the requests. */
class TestScale implements WeighingScale {
  readonly id = 'scale';
  reading: ScaleReading | Error = { state: 'stable', grams: 0, net: false };
  reads = 0;
  status(): DeviceStatus {
    return { device: 'scale', id: this.id, state: 'idle' };
  }
  onStatus(): () => void {
    return () => {};
  }
  statistics(): Record<string, number> {
    return {};
  }
  read(): Promise<ScaleReading> {
    this.reads++;
    return this.reading instanceof Error ? Promise.reject(this.reading) : Promise.resolve(this.reading);
  }
  readSettled(): Promise<ScaleReading> {
    return this.read();
  }
}

const APPLES: TestProduct = {
  productId: 'p-apples',
  sku: 'APPLES',
  name: '蘋果 Apples',
  names: {},
  department: 'produce',
  taxClass: 'standard',
  unit: 'kg',
  prices: { retail: 100 },
  barcodes: [],
  active: true,
  itemCode: '10001',
};

const CONFIG = {
  scan: {
    variableMeasure: [
      { name: 'weight', prefix: '21', itemCode: { start: 2, length: 5 }, measure: 'weight' as const, value: { start: 7, length: 5 } },
    ],
  },
  devices: { scale: { type: 'scale' as const, transport: { kind: 'serial' as const, path: '/dev/ttyUSB9' }, tares: { APPLES: 20 } } },
};

let host: TestHost;
let scale: TestScale;
beforeEach(async () => {
  scale = new TestScale();
  host = startTestHost(CONFIG, undefined, { products: [APPLES], scale });
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const weighedOf = async () => (await host.call('session.state')).sale?.lines.map((l) => [l.sku, l.qtyMilli, l.weighed ?? null]) ?? [];

describe('sale.weigh', () => {
  it('marks each weighed line with where its weight came from: scale, label or typed', async () => {
    scale.reading = { state: 'stable', grams: 1520, net: false };
    await host.call('sale.weigh', { productId: 'p-banana' });
    await host.call('sale.scan', { code: '2110001012501', source: 'serial' });
    await host.call('sale.addItem', { productId: 'p-banana', qtyMilli: 300 });
    // A preset tare of 20 g for the apples.
    scale.reading = { state: 'stable', grams: 520, net: false };
    await host.call('sale.weigh', { productId: 'p-apples' });
    expect(await weighedOf()).toEqual([
      ['BANANA', 1520, 'scale'],
      ['APPLES', 1250, 'label'],
      ['BANANA', 300, 'typed'],
      ['APPLES', 500, 'scale'],
    ]);
  });

  it('a weight from the scale changed by hand becomes a typed weight', async () => {
    scale.reading = { state: 'stable', grams: 800, net: false };
    await host.call('sale.weigh', { productId: 'p-banana' });
    await host.call('sale.setQuantity', { lineNo: 1, qtyMilli: 600, approval: approvalBy('201') });
    expect(await weighedOf()).toEqual([['BANANA', 600, 'typed']]);
  });

  it('refuses what the scale does not vouch for, and adds nothing', async () => {
    for (const [reading, code] of [
      [{ state: 'motion' }, 'scale.unstable'],
      [{ state: 'under-zero' }, 'scale.under-zero'],
      [{ state: 'over-capacity' }, 'scale.over-capacity'],
      [{ state: 'stable', grams: 1, net: false }, 'scale.no-weight'],
      [new DeviceError('device.timeout', 'no answer'), 'scale.offline'],
    ] as const) {
      scale.reading = reading;
      await expectRefused(host, 'sale.weigh', { productId: 'p-banana' }, code);
    }
    // A keyed tare as heavy as the load leaves nothing to sell.
    scale.reading = { state: 'stable', grams: 300, net: false };
    await expectRefused(host, 'sale.weigh', { productId: 'p-banana', tareGrams: 300 }, 'scale.no-weight');
    await expectRefused(host, 'sale.weigh', { productId: 'p-banana', tareGrams: 0 }, 'payload.invalid');
    await expectRefused(host, 'sale.weigh', { productId: 'p-tea' }, 'scale.piece-item');
    await expectRefused(host, 'sale.weigh', { productId: 'p-none' }, 'catalog.not-found');
    expect((await host.call('session.state')).sale).toBeNull();
  });

  it('needs someone signed in, before the scale is even asked', async () => {
    await host.call('session.logout', {});
    const reads = scale.reads;
    await expectRefused(host, 'sale.weigh', { productId: 'p-banana' }, 'auth.required');
    await expectRefused(host, 'scale.read', {}, 'auth.required');
    expect(scale.reads).toBe(reads);
  });
});

describe('scale.read', () => {
  it('gives the screen the weight and state, offline when the scale cannot be read', async () => {
    scale.reading = { state: 'stable', grams: 1234, net: false };
    expect(await host.call('scale.read', {})).toEqual({ state: 'stable', grams: 1234 });
    scale.reading = { state: 'motion' };
    expect(await host.call('scale.read', {})).toEqual({ state: 'motion' });
    scale.reading = new DeviceError('device.offline', 'unplugged');
    expect(await host.call('scale.read', {})).toEqual({ state: 'offline' });
  });

  it('says there is no scale on a till without one, and sale.weigh asks to type the weight', async () => {
    const plain = startTestHost({}, undefined, {});
    try {
      await loginAs(plain, '101');
      expect(await plain.call('scale.read', {})).toEqual({ state: 'none' });
      await expectRefused(plain, 'sale.weigh', { productId: 'p-banana' }, 'scale.none');
    } finally {
      plain.close();
    }
  });
});
