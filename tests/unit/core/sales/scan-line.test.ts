// core/sales/scan-line.ts through the contract (sale.scan) against a real SQLite ledger: what a
// scale label, a GS1 variable-measure pack and an 8-digit code put on the sale, and what is refused.
// Barcodes are published examples or get their check digits from the reference below, written
// from the GS1 General Specifications and independent of the till's own encoder.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectRefused, loginAs, openDrawer, startTestHost, type TestHost, type TestProduct } from '../../../helpers/host.ts';

/** GS1 mod-10 (General Specifications 7.9.1): weights 3, 1, 3... from the rightmost body digit. */
function ref(body: string): string {
  const digits = [...body].reverse().map(Number);
  const sum = digits.reduce((s, d, i) => s + d * (i % 2 === 0 ? 3 : 1), 0);
  return body + String((10 - (sum % 10)) % 10);
}

const GS = '\u001d';

const product = (p: Partial<TestProduct> & Pick<TestProduct, 'productId' | 'sku' | 'unit' | 'prices' | 'barcodes'>): TestProduct => ({
  name: p.sku,
  names: {},
  department: 'produce',
  taxClass: 'zero',
  active: true,
  ...p,
});

// A GS1 variable-measure trade item: GTIN-14 with indicator digit 9.
const CHEESE_GTIN = ref('9471000000123');
const PACK_GTIN = ref('9471000000456');
const FIXED_GTIN = ref('0471000000789');

const EXTRA: TestProduct[] = [
  product({ productId: 'p-apple', sku: 'APPLE', unit: 'kg', prices: { retail: 180 }, barcodes: [], itemCode: '10001' }),
  product({ productId: 'p-bun', sku: 'BUN', unit: 'each', prices: { retail: 30 }, barcodes: [], itemCode: '20002' }),
  product({ productId: 'p-cheese', sku: 'CHEESE', unit: 'kg', prices: { retail: 600 }, barcodes: [CHEESE_GTIN] }),
  product({ productId: 'p-pack', sku: 'PACK', unit: 'each', prices: { retail: 99 }, barcodes: [PACK_GTIN] }),
  product({ productId: 'p-fixed', sku: 'FIXED', unit: 'each', prices: { retail: 50 }, barcodes: [FIXED_GTIN] }),
  // UPC-A 012345000065 (the UPC-E 01234565 expanded, a published example); 01234565 is also a valid EAN-8.
  product({ productId: 'p-gum', sku: 'GUM', unit: 'each', prices: { retail: 15 }, barcodes: ['00012345000065'] }),
];

const SCAN_CONFIG = {
  scan: {
    variableMeasure: [
      { name: 'weight', prefix: '21', itemCode: { start: 2, length: 5 }, measure: 'weight' as const, value: { start: 7, length: 5 } },
      { name: 'price', prefix: '22', itemCode: { start: 2, length: 5 }, measure: 'price' as const, value: { start: 7, length: 5 } },
    ],
  },
};

let host: TestHost;
beforeEach(async () => {
  host = startTestHost(SCAN_CONFIG, undefined, { products: EXTRA });
  await loginAs(host, '101');
  await openDrawer(host);
});
afterEach(() => host.close());

const scan = (code: string) => host.call('sale.scan', { code, source: 'serial' });
const lines = async () => (await host.call('session.state')).sale?.lines.map((l) => [l.sku, l.qtyMilli, l.amount]) ?? [];

describe('GS1 variable-measure packs (AI 01 with indicator 9)', () => {
  it('charges the net weight (310n) at the price per kg: a 1.250 kg pack is 1.250 kg, not 1', async () => {
    const view = await scan(`]C101${CHEESE_GTIN}3103001250`);
    expect(view.lines.map((l) => [l.sku, l.qtyMilli, l.amount])).toEqual([['CHEESE', 1250, 750]]);
    // Bracketed form without a symbology identifier, five decimals rounded half-up to grams: 0.50051 kg -> 501 g.
    const again = await scan(`(01)${CHEESE_GTIN}(3105)050051`);
    expect(again.lines.at(-1)).toMatchObject({ qtyMilli: 501, amount: 301 });
  });

  it('charges the amount payable (392n) as printed, rounded to the currency like a scale label', async () => {
    const view = await scan(`]C101${PACK_GTIN}3922${'18950'}`);
    expect(view.lines.map((l) => [l.sku, l.qtyMilli, l.amount])).toEqual([['PACK', 1000, 190]]);
    // Weight and amount together: the amount is charged, the weight shown as the quantity.
    const both = await scan(`]C101${CHEESE_GTIN}3103000800${GS}3920480`);
    expect(both.lines.at(-1)).toMatchObject({ sku: 'CHEESE', qtyMilli: 800, amount: 480 });
    // 393n with the store's currency (TWD, ISO 4217 numeric 901) is the same; another currency is refused.
    expect((await scan(`]C101${PACK_GTIN}3930901120`)).lines.at(-1)).toMatchObject({ amount: 120 });
    await expectRefused(host, 'sale.scan', { code: `]C101${PACK_GTIN}3932840500`, source: 'serial' }, 'scan.invalid-barcode');
  });

  it('a fixed-measure item (indicator 0) ignores a weight on its label and sells at the shelf price', async () => {
    expect((await scan(`]C101${FIXED_GTIN}3103001250`)).lines).toMatchObject([{ sku: 'FIXED', qtyMilli: 1000, amount: 50 }]);
  });

  it('refuses a weight on a piece item, a price or weight of 0, and a weighed pack without its weight', async () => {
    await expectRefused(host, 'sale.scan', { code: `]C101${PACK_GTIN}3103001250`, source: 'serial' }, 'scan.weight-on-piece-item');
    await expectRefused(host, 'sale.scan', { code: `]C101${PACK_GTIN}39200`, source: 'serial' }, 'scan.label-zero-price');
    await expectRefused(host, 'sale.scan', { code: `]C101${CHEESE_GTIN}3103000000`, source: 'serial' }, 'scan.label-zero-weight');
    await expectRefused(host, 'sale.scan', { code: `]C101${CHEESE_GTIN}`, source: 'serial' }, 'scan.label-zero-weight');
    expect((await host.call('session.state')).sale).toBeNull();
  });
});

describe('scale labels', () => {
  it('sells a weight label by the kg and a price label at its price', async () => {
    await scan(ref('211000101250')); // 21 10001 01250: 1.250 kg of apples
    await scan(ref('222000200045')); // 22 20002 00045: a bun reduced to 45
    expect(await lines()).toEqual([
      ['APPLE', 1250, 225],
      ['BUN', 1000, 45],
    ]);
  });

  it('refuses a weight label on a piece item, a price-0 label and a weight-0 label, with nothing on the sale', async () => {
    await expectRefused(host, 'sale.scan', { code: ref('212000200500'), source: 'wedge' }, 'scan.weight-on-piece-item');
    await expectRefused(host, 'sale.scan', { code: ref('222000200000'), source: 'wedge' }, 'scan.label-zero-price');
    await expectRefused(host, 'sale.scan', { code: ref('211000100000'), source: 'wedge' }, 'scan.label-zero-weight');
    expect((await host.call('session.state')).sale).toBeNull();
    const refused = host.events.filter((e) => e.event === 'scan.received').map((e) => (e.payload as { errorCode?: string }).errorCode);
    expect(refused).toEqual(['scan.weight-on-piece-item', 'scan.label-zero-price', 'scan.label-zero-weight']);
  });
});

describe('8-digit codes without a symbology identifier', () => {
  it('finds a UPC-E code (last data digit 5-9) listed by its UPC-A, although it also reads as EAN-8', async () => {
    expect((await scan('01234565')).lines).toMatchObject([{ sku: 'GUM', amount: 15 }]);
  });

  it('refuses a code that names two products, starts no sale, and leaves sign-out free', async () => {
    const both = startTestHost({}, undefined, {
      products: [
        ...EXTRA,
        product({ productId: 'p-ean8', sku: 'EAN8', unit: 'each', prices: { retail: 9 }, barcodes: ['00000001234565'] }),
      ],
    });
    try {
      await loginAs(both, '101');
      await expectRefused(both, 'sale.scan', { code: '01234565', source: 'wedge' }, 'scan.ambiguous');
      expect((await both.call('session.state')).sale).toBeNull();
      await both.call('session.logout', { reason: 'manual' });
    } finally {
      both.close();
    }
  });
});

describe('a sale with nothing left on it', () => {
  it('is closed by the cashier without a supervisor, and sign-out is free again', async () => {
    await scan(ref('211000101250'));
    await host.call('sale.voidLine', { lineNo: 1, reason: 'customer changed mind' });
    expect((await host.fail('session.logout', { reason: 'manual' })).code).toBe('sale.locked');
    await host.call('sale.cancel', { reason: 'customer left' });
    await host.call('session.logout', { reason: 'manual' });
  });

  it('with an item on it still needs approval to cancel', async () => {
    await scan(ref('211000101250'));
    expect((await host.fail('sale.cancel', { reason: 'customer left' })).code).toBe('approval.required');
  });
});

describe('a scan that may be the tail of a split one', () => {
  it('is refused, not sold, even when it is a valid code of a catalog item, and the refusal is reported', async () => {
    const gum = { code: '01234565', source: 'wedge' as const };
    await expectRefused(host, 'sale.scan', { ...gum, afterBreak: true }, 'scan.split');
    expect((await host.call('session.state')).sale).toBeNull();
    expect(host.events.filter((e) => e.event === 'scan.received').at(-1)?.payload).toMatchObject({ ok: false, errorCode: 'scan.split' });
    expect((await host.call('sale.scan', gum)).lines).toMatchObject([{ sku: 'GUM' }]);
  });
});
