import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  NOT_BY_LINE,
  UNKNOWN_SALE,
  cashierExceptions,
  contributionsOf,
  hourIn,
  previousPeriod,
  salesFigures,
  type SalesDimension,
  type SalesEntry,
} from '../../../hq/sales-figures.ts';

let seq = 0;
function entry(kind: string, body: unknown, extra: Partial<SalesEntry> = {}): SalesEntry {
  seq++;
  return {
    storeId: 'S-1',
    terminalId: 'T-1',
    seq,
    hash: seq.toString(16).padStart(64, '0'),
    kind,
    businessDay: '2026-11-20',
    endedAt: '2026-11-20T10:00:00.000Z',
    operatorId: 'staff-1',
    body,
    ...extra,
  };
}

const sale = (total: number, extra: Record<string, unknown> = {}) =>
  entry('sale', {
    saleId: `s-${seq + 1}`,
    currency: 'TWD',
    total,
    lines: [{ amount: total, department: 'tea' }],
    tenders: [{ type: 'cash', amount: total }],
    training: false,
    ...extra,
  });

const options = (dimension: SalesDimension, sales: SalesEntry[] = []) => ({
  dimension,
  timeZone: 'Asia/Taipei',
  fallbackCurrency: 'TWD',
  saleOf: (terminalId: string, saleId: string) =>
    sales.find((s) => s.terminalId === terminalId && (s.body as { saleId: string }).saleId === saleId),
});

const figuresBy = (entries: SalesEntry[], dimension: SalesDimension, sales: SalesEntry[] = []) =>
  salesFigures(entries.flatMap((e) => contributionsOf(e, options(dimension, sales))));

describe('sales figures', () => {
  it('leaves training sales and returns out', () => {
    const figures = figuresBy(
      [sale(500), sale(900, { training: true }), entry('return', { currency: 'TWD', total: 100, training: true })],
      'store',
    );
    expect(figures).toEqual([expect.objectContaining({ key: 'S-1', salesCount: 1, salesTotal: 500, returnsCount: 0, netTotal: 500 })]);
  });

  it('keeps what no line carries (an order discount) as its own figure, so departments add up to the total', () => {
    const s = sale(1400, { lines: [{ amount: 1000, department: 'tea' }, { amount: 500 }] });
    const net = Object.fromEntries(figuresBy([s], 'department').map((f) => [f.key, f.netTotal]));
    expect(net).toEqual({ tea: 1000, '(none)': 500, [NOT_BY_LINE]: -100 });
  });

  it('ignores voided lines', () => {
    const s = sale(1000, {
      lines: [
        { amount: 1000, department: 'tea' },
        { amount: 300, department: 'cake', voided: true },
      ],
    });
    expect(figuresBy([s], 'department').map((f) => f.key)).toEqual(['tea']);
  });

  it('splits a sale over salespersons by share in whole units, remainder to the first; without any, the cashier', () => {
    const shared = sale(1001, {
      salespersons: [
        { staffId: 'a', shareBp: 3333 },
        { staffId: 'b', shareBp: 6667 },
      ],
    });
    const alone = sale(200);
    const net = Object.fromEntries(figuresBy([shared, alone], 'salesperson').map((f) => [f.key, f.netTotal]));
    expect(net).toEqual({ a: 334, b: 667, 'staff-1': 200 });
  });

  it('takes a post-void off the voided sale’s tenders; off an unknown sale when HQ does not hold it', () => {
    const s = sale(800, {
      tenders: [
        { type: 'cash', amount: 300 },
        { type: 'card', amount: 500 },
      ],
    });
    const v = entry('void', { scope: 'post-void', saleId: (s.body as { saleId: string }).saleId, amount: 800 });
    const net = Object.fromEntries(figuresBy([s, v], 'tender', [s]).map((f) => [f.key, f.netTotal]));
    expect(net).toEqual({ cash: 0, card: 0 });
    const orphan = figuresBy([v], 'tender', []);
    expect(orphan).toEqual([expect.objectContaining({ key: UNKNOWN_SALE, postVoidsCount: 1, postVoidsTotal: 800, netTotal: -800 })]);
  });

  it('a post-void of a training sale counts nowhere; line and sale voids move no money', () => {
    const t = sale(800, { training: true });
    const v = entry('void', { scope: 'post-void', saleId: (t.body as { saleId: string }).saleId, amount: 800 });
    expect(figuresBy([v], 'store', [t])).toEqual([]);
    expect(figuresBy([entry('void', { scope: 'line', saleId: 'x', lineNo: 1, amount: 5 })], 'store')).toEqual([]);
  });

  it('reads a malformed body as moving no money rather than failing', () => {
    expect(figuresBy([entry('sale', null), entry('sale', 'text')], 'tender')).toEqual([]);
    const figures = figuresBy([entry('return', { total: 'lots', refunds: 'none' })], 'tender');
    expect(figures).toEqual([expect.objectContaining({ returnsCount: 1, returnsTotal: 0, netTotal: 0 })]);
  });

  it('every dimension adds up to the same net (property)', () => {
    const line = fc.record({ amount: fc.integer({ min: 0, max: 10_000 }), department: fc.constantFrom('tea', 'cake', undefined) });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            lines: fc.array(line, { minLength: 1, maxLength: 4 }),
            discount: fc.integer({ min: 0, max: 500 }),
            cashPart: fc.integer({ min: 0, max: 100 }),
            hour: fc.integer({ min: 0, max: 23 }),
            share: fc.integer({ min: 1, max: 9999 }),
            kind: fc.constantFrom('sale', 'return'),
          }),
          { maxLength: 20 },
        ),
        (specs) => {
          const entries = specs.map((s) => {
            const total = s.lines.reduce((a, l) => a + l.amount, 0) - s.discount;
            const cash = Math.trunc((total * s.cashPart) / 100);
            const tenders = [
              { type: 'cash', amount: cash },
              { type: 'card', amount: total - cash },
            ];
            return entry(
              s.kind,
              {
                currency: 'TWD',
                total,
                lines: s.lines,
                [s.kind === 'sale' ? 'tenders' : 'refunds']: tenders,
                salespersons: [
                  { staffId: 'a', shareBp: s.share },
                  { staffId: 'b', shareBp: 10_000 - s.share },
                ],
                training: false,
              },
              { endedAt: `2026-11-20T${String(s.hour).padStart(2, '0')}:00:00.000Z` },
            );
          });
          const nets = (['store', 'day', 'hour', 'department', 'salesperson', 'tender'] as const).map((d) =>
            figuresBy(entries, d).reduce((a, f) => a + f.netTotal, 0),
          );
          expect(new Set(nets).size).toBe(1);
        },
      ),
      { seed: 18, numRuns: 200 },
    );
  });

  it('counts hours in the store’s zone', () => {
    expect(hourIn('2026-11-20T16:30:00.000Z', 'Asia/Taipei')).toBe('00');
    expect(hourIn('2026-11-20T16:30:00.000Z', 'UTC')).toBe('16');
  });

  it('groups exceptions per cashier: voids, refunds, no-sales, price overrides', () => {
    const rows = cashierExceptions([
      entry('void', { scope: 'line', saleId: 'x', lineNo: 1, amount: 5 }),
      entry('void', { scope: 'post-void', saleId: 'x', amount: 5 }, { operatorId: 'b' }),
      entry('return', { total: 10, training: false, withReceipt: true }),
      entry('return', { total: 10, training: true, withReceipt: true }),
      entry('no-sale', { reason: 'x' }, { operatorId: null }),
      entry('approval', { action: 'a price override', approverId: 'm', requesterId: 'b', method: 'pin' }, { operatorId: 'm' }),
    ]);
    expect(rows).toEqual([
      { staffId: '(none)', voids: 0, refunds: 0, noSales: 1, overrides: 0 },
      { staffId: 'b', voids: 1, refunds: 0, noSales: 0, overrides: 1 },
      { staffId: 'staff-1', voids: 1, refunds: 1, noSales: 0, overrides: 0 },
    ]);
  });

  it('the previous period is the same number of days just before', () => {
    expect(previousPeriod('2026-11-19', '2026-11-20')).toEqual({ from: '2026-11-17', to: '2026-11-18' });
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' });
  });
});
