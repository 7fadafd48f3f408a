// The ranges and last number read from a real ledger file, inside the write that uses them: a
// write that fails after taking a number (a crash before the commit) leaves it unused.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { join } from 'node:path';
import { SqliteLedgerStore } from '../../../db/sqlite-ledger.ts';
import { LAST_ISSUED_SQL, LedgerInvoiceRangeSink, RANGES_SQL, SqliteInvoiceNumbers } from '../../../db/invoice-numbers.ts';
import { numbersLeft } from '../../../core/fiscal/tw-einvoice/number-ranges.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
import { draft, newSigner, saleBody, tempDir } from '../../helpers/ledger.ts';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('tillproof-einvoice-db-');
});
afterEach(() => dir.cleanup());

const newLedger = (name: string) =>
  SqliteLedgerStore.create(join(dir.path, name), nodeLedgerCrypto, newSigner(), {
    terminalId: 'T-01',
    storeId: 'S-1',
    software: 'test',
    businessDay: '2026-11-20',
    at: '2026-11-20T02:00:00.000Z',
  });

it('reads ranges and the last number within the write, and a rolled-back sale frees its number', () => {
  const store = newLedger('ledger.sqlite');
  try {
    const book = new SqliteInvoiceNumbers(store.database);
    store.write((tx) =>
      tx.append(draft('einvoice-range', { period: '11512', track: 'AB', from: '11223300', to: '11223349', source: 'till' })),
    );
    expect(book.ranges('11512')).toEqual([{ track: 'AB', from: '11223300', to: '11223349' }]);
    expect(book.ranges('11510')).toEqual([]);
    const sellNext = () =>
      store.write((tx) => {
        const next = numbersLeft(book.ranges('11512'), book.lastIssued('11512')).next!;
        const einvoice = { period: '11512', number: next, randomCode: '0042' };
        tx.append(draft('sale', { ...saleBody(tx.nextReceiptNo()), einvoice }));
        // Seen inside the same write.
        expect(book.lastIssued('11512')).toBe(next);
        return next;
      });
    expect(sellNext()).toBe('AB11223300');
    expect(() =>
      store.write((tx) => {
        tx.append(
          draft('sale', { ...saleBody(tx.nextReceiptNo()), einvoice: { period: '11512', number: 'AB11223301', randomCode: '0001' } }),
        );
        throw new Error('the till stopped before the commit');
      }),
    ).toThrow(/stopped/);
    expect(book.lastIssued('11512')).toBe('AB11223300');
    expect(sellNext()).toBe('AB11223301');
  } finally {
    store.close();
  }
});

it('finds the ranges and the last number by index, not by reading the whole ledger', () => {
  const store = newLedger('plan.sqlite');
  try {
    const db = store.database;
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('11512') as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    expect(plan(RANGES_SQL)).toMatch(/USING INDEX ledger_einvoice_ranges/);
    expect(plan(LAST_ISSUED_SQL)).toMatch(/USING INDEX ledger_einvoice_sales/);
  } finally {
    store.close();
  }
});

it('records the ranges HQ delivers once each, in the ledger, and refuses one overlapping a range the till has', () => {
  const store = newLedger('hq.sqlite');
  try {
    // Typed in at the till before HQ delivered anything.
    store.write((tx) =>
      tx.append(draft('einvoice-range', { period: '11512', track: 'AB', from: '11223300', to: '11223349', source: 'till' })),
    );
    const sink = new LedgerInvoiceRangeSink({
      store,
      clock: { now: () => new Date('2026-11-21T02:00:00.000Z') },
      timeZone: 'Asia/Taipei',
      rolloverHour: 4,
    });
    const delivered = [
      { period: '11512', track: 'AB', from: '11223300', to: '11223349' },
      { period: '11512', track: 'AB', from: '11223350', to: '11223399' },
      { period: '11512', track: 'AB', from: '11223390', to: '11223439' },
      { period: '11602', track: 'CD', from: '00000000', to: '00000049' },
    ];
    expect(sink.record(delivered)).toEqual({
      recorded: 2,
      refused: ['11512: AB11223390-AB11223439 overlaps AB11223350-AB11223399, already recorded for this period'],
    });
    const head = store.head().seq;
    // Delivered again (every sync round): nothing new is written.
    expect(sink.record(delivered.slice(0, 2))).toEqual({ recorded: 0, refused: [] });
    expect(store.head().seq).toBe(head);
    const entries = [...store.entries()].filter((e) => e.kind === 'einvoice-range').map((e) => e.body);
    expect(entries).toEqual([
      { period: '11512', track: 'AB', from: '11223300', to: '11223349', source: 'till' },
      { period: '11512', track: 'AB', from: '11223350', to: '11223399', source: 'hq' },
      { period: '11602', track: 'CD', from: '00000000', to: '00000049', source: 'hq' },
    ]);
    expect([...store.entries()].at(-1)).toMatchObject({ businessDay: '2026-11-21', operatorId: null });
  } finally {
    store.close();
  }
});
