import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteLedgerStore, LEDGER_APPLICATION_ID } from '../../../db/sqlite-ledger.ts';
import { LedgerStoreError } from '../../../db/errors.ts';
import { verifyLedgerFile, rebuildProjections, compareProjections } from '../../../db/ledger-verify.ts';
import { nodeLedgerCrypto as crypto } from '../../../platform/node-crypto.ts';
import type { FileSigner } from '../../../platform/terminal-key.ts';
import { appendSale, draft, newSigner, saleBody, tempDir } from '../../helpers/ledger.ts';

let dir: ReturnType<typeof tempDir>;
let path: string;
let signer: FileSigner;
let store: SqliteLedgerStore;

const create = () =>
  SqliteLedgerStore.create(path, crypto, signer, {
    terminalId: 'T-001',
    storeId: 'S-1',
    software: 'test',
    businessDay: '2026-11-20',
    at: '2026-11-20T08:00:00.000Z',
  });

beforeEach(() => {
  dir = tempDir();
  path = join(dir.path, 'ledger.sqlite');
  signer = newSigner();
  store = create();
});
afterEach(() => {
  store.close();
  dir.cleanup();
});

function count(): number {
  return store.database.prepare('SELECT COUNT(*) FROM ledger_entries').pluck().get() as number;
}

function expectCode(fn: () => unknown, code: string): LedgerStoreError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LedgerStoreError);
    expect((e as LedgerStoreError).code).toBe(code);
    return e as LedgerStoreError;
  }
  throw new Error(`expected ${code}`);
}

describe('ledger file', () => {
  it('is a WAL database with synchronous=FULL, foreign keys, a busy timeout and the Tillproof application id', () => {
    const db = store.database;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('application_id', { simple: true })).toBe(LEDGER_APPLICATION_ID);
  });

  it('starts with a genesis entry that records the terminal public key', () => {
    const genesis = store.entry(1)!;
    expect(genesis.kind).toBe('ledger-opened');
    expect(genesis.body).toMatchObject({ terminalId: 'T-001', storeId: 'S-1', algorithm: 'Ed25519', keyId: signer.keyId });
    expect(store.head()).toMatchObject({ seq: 1, hash: genesis.hash, activeKeyId: signer.keyId });
  });

  it('refuses to create a second ledger over an existing file', () => {
    expectCode(() => create(), 'ledger.already-exists');
  });
});

describe('append-only', () => {
  it('rejects UPDATE, DELETE and out-of-sequence INSERT at the database itself', () => {
    store.write((tx) => appendSale(tx));
    const db = store.database;
    expect(() => db.prepare("UPDATE ledger_entries SET body = '{}' WHERE seq = 2").run()).toThrow(/append-only: UPDATE refused/);
    expect(() => db.prepare('DELETE FROM ledger_entries WHERE seq = 2').run()).toThrow(/append-only: DELETE refused/);
    const row = db.prepare('SELECT * FROM ledger_entries WHERE seq = 2').get() as Record<string, unknown>;
    expect(() =>
      db
        .prepare(
          'INSERT INTO ledger_entries VALUES (@seq, @v, @terminal_id, @kind, @business_day, @started_at, @ended_at, @operator_id, @body, @prev_hash, @hash, @signature, @key_id)',
        )
        .run({ ...row, seq: 7 }),
    ).toThrow(/gap/);
    expect(verifyLedgerFile(path, crypto).result).toMatchObject({ ok: true, lastSeq: 2 });
  });

  it('numbers entries and receipts without gaps', () => {
    for (let i = 0; i < 5; i++) store.write((tx) => appendSale(tx));
    const seqs = store.database.prepare('SELECT seq FROM ledger_entries ORDER BY seq').pluck().all();
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.database.prepare('SELECT receipt_no FROM receipts ORDER BY receipt_no').pluck().all()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('writes are all or nothing', () => {
  it('an invalid body is refused with a clear message and writes nothing', () => {
    const before = store.head();
    const body = { ...saleBody(1), total: 12.5 };
    const e = expectCode(() => store.write((tx) => tx.append(draft('sale', body))), 'ledger.invalid-entry');
    expect(e.message).toMatch(/sale body: total/);
    expectCode(() => store.write((tx) => tx.append(draft('sale', { ...saleBody(1), extra: 'field' }))), 'ledger.invalid-entry');
    expectCode(() => store.write((tx) => tx.append(draft('refund-everything', {}))), 'ledger.invalid-entry');
    expect(store.head()).toEqual(before);
    expect(count()).toBe(1);
  });

  it('a failure after the first entry of a transaction rolls back both, and the receipt number is not used up', () => {
    expect(() =>
      store.write((tx) => {
        appendSale(tx);
        throw new Error('printer port vanished while building the receipt');
      }),
    ).toThrow(/printer port/);
    expect(count()).toBe(1);
    expect(store.head().seq).toBe(1);
    store.write((tx) => appendSale(tx));
    expect(store.database.prepare('SELECT receipt_no FROM receipts').pluck().all()).toEqual([1]);
    expect(verifyLedgerFile(path, crypto).result.ok).toBe(true);
  });

  it('a transaction cannot be split by an await: it rolls back, and the late half cannot write either', async () => {
    let late: Promise<void> | undefined;
    expect(() =>
      store.write((tx) => {
        appendSale(tx);
        late = (async () => {
          await Promise.resolve();
          appendSale(tx);
        })();
        return late;
      }),
    ).toThrow(/promise/i);
    await expect(late).rejects.toThrow(/already ended/);
    expect(count()).toBe(1);
  });
});

describe('durability tiers', () => {
  const record = (saleId: string) => ({ saleId, headSeq: 1, savedAt: '', operatorId: null, snapshot: '{}', keyId: 'k', signature: 's' });
  const synchronous = () => store.database.pragma('synchronous', { simple: true });

  it('a journal write not flushed to disk is kept, and the connection is back at FULL after it', () => {
    expect(synchronous()).toBe(2);
    store.write((tx) => tx.keepSaleInProgress(record('s-1')), 'process-crash');
    expect(store.saleInProgress()?.saleId).toBe('s-1');
    expect(synchronous()).toBe(2);
    store.close();
    store = SqliteLedgerStore.open(path, crypto, signer);
    expect(store.saleInProgress()?.saleId).toBe('s-1');
  });

  it('refuses a ledger entry or a print start in a commit that is not flushed, writes nothing, and stays at FULL', () => {
    const e = expectCode(
      () =>
        store.write((tx) => {
          tx.keepSaleInProgress(record('s-2'));
          appendSale(tx);
        }, 'process-crash'),
      'ledger.invalid-entry',
    );
    expect(e.message).toMatch(/flushed to disk/);
    expectCode(
      () => store.write((tx) => tx.notePrintStarted({ receiptNo: 1, printerId: 'p', startedAt: '' }), 'process-crash'),
      'ledger.invalid-entry',
    );
    expect(store.saleInProgress()).toBeUndefined();
    expect(store.printStarted(1)).toBeUndefined();
    expect(count()).toBe(1);
    expect(synchronous()).toBe(2);
    store.write((tx) => appendSale(tx));
    expect(count()).toBe(2);
  });

  it('a journal write inside a flushed one is flushed with it: the connection is not switched mid-transaction', () => {
    store.write((tx) => {
      appendSale(tx);
      store.write((inner) => inner.keepSaleInProgress(record('s-4')), 'process-crash');
      expect(synchronous()).toBe(2);
    });
    expect(store.saleInProgress()?.saleId).toBe('s-4');
    expect(synchronous()).toBe(2);
  });

  it('never raises a level its owner set lower (synchronous=OFF stays OFF)', () => {
    store.database.pragma('synchronous = OFF');
    store.write((tx) => tx.keepSaleInProgress(record('s-3')), 'process-crash');
    expect(synchronous()).toBe(0);
  });
});

describe('read models', () => {
  it('a sale opens a receipt obligation that only a receipt-issued entry discharges', () => {
    const seq = store.write((tx) => appendSale(tx));
    expect(store.openObligations()).toEqual([{ receiptNo: 1, documentId: 'sale-1', kind: 'sale', openedSeq: seq, failures: 0 }]);
    store.write((tx) =>
      tx.append(draft('receipt-print-failed', { saleId: 'sale-1', receiptNo: 1, printerId: 'front', reason: 'paper-out' })),
    );
    expect(store.openObligations()[0]!.failures).toBe(1);
    store.write((tx) =>
      tx.append(
        draft('receipt-issued', { saleId: 'sale-1', receiptNo: 1, channel: 'electronic', electronicReason: 'printer-failed', copyNo: 0 }),
      ),
    );
    expect(store.openObligations()).toEqual([]);
  });

  it('keeps running day totals by tender, and keeps training sales out of them', () => {
    store.write((tx) => appendSale(tx));
    store.write((tx) => appendSale(tx));
    store.write((tx) => tx.append(draft('sale', saleBody(tx.nextReceiptNo(), 'training-1', { training: true }))));
    const totals = Object.fromEntries(
      (
        store.database.prepare("SELECT key, amount, count FROM day_totals WHERE business_day = '2026-11-20'").all() as Array<{
          key: string;
          amount: number;
          count: number;
        }>
      ).map((r) => [r.key, { amount: r.amount, count: r.count }]),
    );
    const one = saleBody(1).total;
    expect(totals.sales).toEqual({ amount: 2 * one, count: 2 });
    expect(totals['tender:cash']).toEqual({ amount: 2 * one, count: 2 });
    expect(totals['training:sales']).toEqual({ amount: one, count: 1 });
  });

  it('adds up a sale paid in two cash tenders under one day-total key, and the totals match a rebuild from the entries', () => {
    const body = saleBody(1);
    const half = Math.floor(body.total / 2);
    const tenders = [
      { type: 'cash' as const, amount: half, tendered: half, change: 0 },
      { type: 'cash' as const, amount: body.total - half, tendered: body.total - half, change: 0 },
    ];
    store.write((tx) => tx.append(draft('sale', { ...body, tenders })));
    const cash = store.database.prepare("SELECT amount, count FROM day_totals WHERE key = 'tender:cash'").get();
    expect(cash).toEqual({ amount: body.total, count: 2 });
    expect(verifyLedgerFile(path, crypto).result).toMatchObject({ ok: true });
  });

  it('a post-void reverses the sale in the day totals', () => {
    store.write((tx) => appendSale(tx));
    store.write((tx) =>
      tx.append(
        draft('void', { scope: 'post-void', saleId: 'sale-1', receiptNo: 1, amount: saleBody(1).total, reason: 'customer changed mind' }),
      ),
    );
    const sales = store.database.prepare("SELECT amount FROM day_totals WHERE key = 'sales'").pluck().get();
    expect(sales).toBe(0);
    expect(store.database.prepare('SELECT status FROM receipts WHERE receipt_no = 1').pluck().get()).toBe('post-voided');
  });

  it('a rebuild from the entries reproduces the stored read models exactly', () => {
    for (let i = 0; i < 20; i++) store.write((tx) => appendSale(tx));
    store.write((tx) => tx.append(draft('receipt-issued', { saleId: 'sale-3', receiptNo: 3, channel: 'printed', copyNo: 0 })));
    const before = store.database.prepare('SELECT * FROM day_totals').all();
    expect(compareProjections(store.database)).toBeNull();
    expect(rebuildProjections(store.database)).toBe(22);
    expect(store.database.prepare('SELECT * FROM day_totals').all()).toEqual(before);
  });
});

describe('sealed business days', () => {
  it('after the Z report nothing more can be added to that day; the next day goes on', () => {
    store.write((tx) => appendSale(tx));
    const head = store.head();
    store.write((tx) =>
      tx.append(draft('z-report', { zNo: 1, businessDay: '2026-11-20', firstSeq: 1, lastSeq: head.seq, lastHash: head.hash, totals: {} })),
    );
    expect(store.isDaySealed('2026-11-20')).toBe(true);
    expectCode(() => store.write((tx) => appendSale(tx, '2026-11-20')), 'ledger.day-sealed');
    store.write((tx) => appendSale(tx, '2026-11-21'));
    store.close();
    // The seal survives a restart.
    store = SqliteLedgerStore.open(path, crypto, signer);
    expectCode(() => store.write((tx) => appendSale(tx, '2026-11-20')), 'ledger.day-sealed');
  });
});

describe('key rotation', () => {
  it('is an entry signed by the old key; later entries use the new key; the old key can no longer write', () => {
    store.write((tx) => appendSale(tx));
    const next = newSigner();
    const rotation = store.rotateKey(next, {
      businessDay: '2026-11-20',
      at: '2026-11-20T12:00:00.000Z',
      operatorId: 'admin',
      reason: 'scheduled',
    });
    expect(rotation.keyId).toBe(signer.keyId);
    store.write((tx) => appendSale(tx));
    expect(store.entry(4)!.keyId).toBe(next.keyId);
    store.close();
    expectCode(() => SqliteLedgerStore.open(path, crypto, signer), 'ledger.invalid-entry');
    store = SqliteLedgerStore.open(path, crypto, next);
    const { result } = verifyLedgerFile(path, crypto, { trustedPublicKey: signer.publicKey });
    expect(result).toMatchObject({ ok: true, keyIds: [signer.keyId, next.keyId], keySource: 'external' });
  });
});

describe('a second writer on the same file', () => {
  it('does not wedge the store: the next write chains on the entries the other connection added', () => {
    store.write((tx) => appendSale(tx));
    // A second connection (a program that wrote the file without the writer lock) appends two sales.
    const other = SqliteLedgerStore.open(path, crypto, signer);
    try {
      other.write((tx) => appendSale(tx));
      other.write((tx) => appendSale(tx));
    } finally {
      other.close();
    }
    const seq = store.write((tx) => appendSale(tx));
    expect(seq).toBe(5);
    expect(store.head().seq).toBe(5);
    expect(store.receipt(4)).toMatchObject({ receiptNo: 4, seq: 5 });
    expect(verifyLedgerFile(path, crypto).result).toMatchObject({ ok: true, lastSeq: 5 });
  });
});

describe('bad files and bad days', () => {
  it('refuses a ledger written by a newer Tillproof, with a message saying so', () => {
    store.database.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')").run();
    store.close();
    const e = expectCode(() => SqliteLedgerStore.open(path, crypto, signer), 'ledger.schema-newer');
    expect(e.message).toMatch(/newer Tillproof \(schema 999/);
  });

  it('a full disk fails the write with ledger.disk-full, leaves no half entry, and selling resumes once there is space', () => {
    const db = store.database;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);
    let failure: LedgerStoreError | undefined;
    for (let i = 0; i < 100 && !failure; i++) {
      try {
        store.write((tx) => appendSale(tx));
      } catch (e) {
        failure = e as LedgerStoreError;
      }
    }
    expect(failure?.code).toBe('ledger.disk-full');
    expect(failure?.message).toMatch(/disk .* is full; nothing was written/);
    const head = store.head();
    expect(store.database.prepare('SELECT MAX(seq) FROM ledger_entries').pluck().get()).toBe(head.seq);
    db.pragma('max_page_count = 1073741823');
    store.write((tx) => appendSale(tx));
    expect(store.head().seq).toBe(head.seq + 1);
    expect(verifyLedgerFile(path, crypto).result).toMatchObject({ ok: true, lastSeq: head.seq + 1 });
  });

  it('a truncated copy of the ledger fails verification as damaged, never opened as empty', () => {
    for (let i = 0; i < 200; i++) store.write((tx) => appendSale(tx));
    store.database.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const damaged = join(dir.path, 'damaged.sqlite');
    copyFileSync(path, damaged);
    const size = statSync(damaged).size;
    truncateSync(damaged, Math.floor(size / 2));
    // A damaged ledger is a verification failure (ledger verify exits 1), not an I/O error.
    expect(verifyLedgerFile(damaged, crypto).result).toMatchObject({ ok: false, reason: 'damaged-file' });
    expect(() => SqliteLedgerStore.open(damaged, crypto, signer)).toThrow(LedgerStoreError);
    expect(statSync(damaged).size).toBe(Math.floor(size / 2));
    store = SqliteLedgerStore.open(path, crypto, signer);
  });

  it('refuses another SQLite database and a non-database file', () => {
    const other = join(dir.path, 'other.sqlite');
    new Database(other).exec('CREATE TABLE t (x)');
    expectCode(() => SqliteLedgerStore.open(other, crypto, signer), 'ledger.not-a-ledger');
  });
});

describe('hot queries use their index', () => {
  const plan = (sql: string, ...args: unknown[]) =>
    (store.database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
  it('entry ranges, receipt lookups, open obligations and day totals never scan a table', () => {
    expect(plan('SELECT * FROM ledger_entries WHERE seq BETWEEN ? AND ? ORDER BY seq', 1, 2)).toMatch(
      /SEARCH ledger_entries USING INTEGER PRIMARY KEY/,
    );
    expect(plan('SELECT * FROM receipts WHERE receipt_no = ?', 1)).toMatch(/SEARCH receipts USING INTEGER PRIMARY KEY/);
    expect(plan('SELECT key, amount FROM day_totals WHERE business_day = ?', '2026-11-20')).toMatch(/SEARCH day_totals USING PRIMARY KEY/);
    expect(plan('SELECT first_seq, last_seq FROM business_days WHERE business_day = ?', '2026-11-20')).toMatch(
      /SEARCH business_days USING PRIMARY KEY/,
    );
    expect(plan('SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1')).toMatch(/SCAN ledger_entries$/); // rowid order, reads one row
  });
});
