import { receiptSeriesOf, TRAINING_RECEIPT_BASE } from '../core/shared/receipt-number.ts';
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { LedgerCrypto, Signer } from '../core/ports/crypto.ts';
import { canonicalJson, type JsonValue } from '../core/ledger/canonical.ts';
import { sealEntry, genesisPrevHash, type EntryDraft, type LedgerEntry } from '../core/ledger/entry.ts';
import { entryBodies, isEntryKind } from '../core/ledger/bodies.ts';
import { toBase64 } from '../core/ledger/bytes.ts';
import type { BusinessDayRecord, DayTotal, DrawerSessionRecord } from '../core/till/till-records.ts';
import type { Durability, LedgerHead, LedgerStore, LedgerTx, ReceiptPrintStart, SaleInProgressRecord } from '../core/ports/ledger-store.ts';
import type { OpenObligation, ReceiptRecord } from '../core/receipts/receipt-record.ts';
import type { SerialState } from '../core/sales/serial.ts';
import type { GiftCardBalance } from '../core/giftcards/balance.ts';
import type { MemberCreatedHere, MemberPurchase } from '../core/sales/member.ts';
import { openLedgerDatabase } from './ledger-database.ts';
import { Projector } from './projections.ts';
import { LedgerStoreError, fromSqliteError } from './errors.ts';
import { acquireLedgerWriterLock } from './ledger-writer-lock.ts';

/** PRAGMA synchronous = NORMAL: in WAL mode, a commit that survives a process crash but is not flushed. */
const SYNC_NORMAL = 1;
const CREATED_HERE = `member_id AS memberId, seq, name, tier, phone, email, carrier, operator_id AS operatorId, created_at AS createdAt`;

/** The customer search's lookups by index (issue #15), named so a test can assert their query plans. */
export const CUSTOMER_LOOKUPS = {
  createdByPhone: `SELECT ${CREATED_HERE} FROM members_created_here WHERE phone = ? ORDER BY member_id LIMIT ?`,
  memberPurchases: `SELECT receipt_no AS receiptNo, ended_at AS endedAt, total, status FROM receipts
    WHERE member_id = ? AND kind = 'sale' AND training = 0 ORDER BY receipt_no DESC LIMIT ?`,
} as const;

const printStartKey = (receiptNo: number) => `receipt_print_started:${receiptNo}`;
const parkedKey = (saleId: string) => `parked:${saleId}`;

export { LEDGER_APPLICATION_ID, openLedgerDatabase, withLedgerDatabase } from './ledger-database.ts';

export interface EntryRow {
  seq: number;
  v: number;
  terminal_id: string;
  kind: string;
  business_day: string;
  started_at: string;
  ended_at: string;
  operator_id: string | null;
  body: string;
  prev_hash: string;
  hash: string;
  signature: string;
  key_id: string;
}

export function rowToEntry(r: EntryRow): LedgerEntry {
  return {
    v: r.v,
    terminalId: r.terminal_id,
    seq: r.seq,
    kind: r.kind,
    businessDay: r.business_day,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    operatorId: r.operator_id,
    body: JSON.parse(r.body) as JsonValue,
    prevHash: r.prev_hash,
    hash: r.hash,
    signature: r.signature,
    keyId: r.key_id,
  };
}

export interface CreateLedgerOptions {
  terminalId: string;
  storeId: string;
  software: string;
  /** Business day and time of the genesis entry. */
  businessDay: string;
  at: string;
}

/**
 * The terminal's ledger in one SQLite file. Each `write` is one IMMEDIATE transaction that
 * appends entries, updates the read models and the head, and commits durably (fsync); a
 * 'process-crash' write (the journal of an unpaid sale) commits with synchronous=NORMAL, which
 * appends to the WAL without the flush, and may append no entry.
 */
export class SqliteLedgerStore implements LedgerStore {
  readonly terminalId: string;
  readonly path: string;
  private readonly db: Database.Database;
  private readonly crypto: LedgerCrypto;
  private signer: Signer;
  private rotatingTo: Signer | null = null;
  private lastReceiptNo = 0;
  private lastTrainingReceiptNo = 0;
  private cachedHead: LedgerHead;
  private readonly sealed = new Set<string>();
  private readonly projector: Projector;
  private readonly st;
  /** SQLite's data_version when the cached head was read: it moves only when another connection commits. */
  private seenVersion: number;
  private readonly releaseLock: () => void;
  /** One IMMEDIATE transaction around a function, built once (better-sqlite3 wraps it per call otherwise). */
  private readonly immediate: (run: () => unknown) => unknown;

  private constructor(
    path: string,
    db: Database.Database,
    crypto: LedgerCrypto,
    signer: Signer,
    head: LedgerHead,
    releaseLock: () => void = () => undefined,
  ) {
    this.path = path;
    this.releaseLock = releaseLock;
    this.db = db;
    this.crypto = crypto;
    this.signer = signer;
    this.cachedHead = head;
    this.terminalId = head.terminalId;
    this.projector = new Projector(db);
    this.immediate = db.transaction((run: () => unknown) => run()).immediate;
    this.st = {
      insert:
        db.prepare(`INSERT INTO ledger_entries (seq, v, terminal_id, kind, business_day, started_at, ended_at, operator_id, body, prev_hash, hash, signature, key_id)
        VALUES (@seq, @v, @terminalId, @kind, @businessDay, @startedAt, @endedAt, @operatorId, @body, @prevHash, @hash, @signature, @keyId)`),
      // The pending-sale journal: one row in ledger_meta, so it needs no table of its own.
      keepSale: db.prepare(
        `INSERT INTO ledger_meta (key, value) VALUES ('sale_in_progress', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
      forgetSale: db.prepare(`DELETE FROM ledger_meta WHERE key = 'sale_in_progress'`),
      // A receipt's noted print start: one row in ledger_meta per receipt still owed whose print began.
      notePrint: db.prepare(`INSERT INTO ledger_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
      forgetPrint: db.prepare('DELETE FROM ledger_meta WHERE key = ?'),
      printStarted: db.prepare('SELECT value FROM ledger_meta WHERE key = ?').pluck(),
      saleInProgress: db.prepare(`SELECT value FROM ledger_meta WHERE key = 'sale_in_progress'`).pluck(),
      // Held sales (issue #15): one row in ledger_meta per sale-parked entry not recalled yet, kept with the entries.
      parkedSales: db
        .prepare(`SELECT CAST(value AS INTEGER) FROM ledger_meta WHERE key LIKE 'parked:%' ORDER BY CAST(value AS INTEGER)`)
        .pluck(),
      activeKey: db.prepare(
        `INSERT INTO ledger_meta (key, value) VALUES ('active_key_id', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ),
      // Training receipts before their own series took live numbers: they still count as taken.
      lastReceipt: db.prepare('SELECT COALESCE(MAX(receipt_no), 0) FROM receipts WHERE receipt_no <= ?').pluck(),
      lastTrainingReceipt: db.prepare('SELECT COALESCE(MAX(receipt_no), ?) FROM receipts WHERE receipt_no > ?').pluck(),
      one: db.prepare('SELECT * FROM ledger_entries WHERE seq = ?'),
      range: db.prepare('SELECT * FROM ledger_entries WHERE seq BETWEEN ? AND ? ORDER BY seq'),
      rotations: db.prepare(`SELECT * FROM ledger_entries WHERE kind = 'key-rotation' ORDER BY seq`),
      receipt:
        db.prepare(`SELECT receipt_no AS receiptNo, seq, kind, document_id AS documentId, business_day AS businessDay, operator_id AS operatorId,
        ended_at AS endedAt, total, status, returned_total AS returnedTotal, copies, print_failures AS printFailures, discharged_seq AS dischargedSeq, channel, training
        FROM receipts WHERE receipt_no = ?`),
      returnedLines: db.prepare('SELECT line_no, qty_milli FROM returned_lines WHERE original_receipt_no = ?').raw(),
      // Returns get receipt numbers after their sale's; the host asks only for receipts with returned lines.
      returnsAgainst: db.prepare(`SELECT e.* FROM receipts r JOIN ledger_entries e ON e.seq = r.seq
        WHERE r.kind = 'return' AND r.receipt_no > ? AND json_extract(e.body, '$.originalReceiptNo') = ? ORDER BY e.seq`),
      dayTotals: db.prepare('SELECT key, amount, count FROM day_totals WHERE business_day = ?').raw(),
      giftCardBalance: db.prepare('SELECT card_ref AS cardRef, last4, balance, seq FROM giftcard_balances WHERE card_ref = ?'),
      createdByPhone: db.prepare(CUSTOMER_LOOKUPS.createdByPhone),
      createdByName: db.prepare(
        `SELECT ${CREATED_HERE} FROM members_created_here WHERE instr(lower(name), lower(?)) > 0 ORDER BY member_id LIMIT ?`,
      ),
      createdById: db.prepare(`SELECT ${CREATED_HERE} FROM members_created_here WHERE member_id = ?`),
      memberPurchases: db.prepare(CUSTOMER_LOOKUPS.memberPurchases),
      serialState: db.prepare('SELECT serial, state, seq, receipt_no AS receiptNo, line_no AS lineNo FROM serial_states WHERE serial = ?'),
      businessDay: db.prepare(
        'SELECT business_day AS businessDay, first_seq AS firstSeq, last_seq AS lastSeq, z_seq AS zSeq, z_no AS zNo FROM business_days WHERE business_day = ?',
      ),
      unsealedDays: db.prepare(
        'SELECT business_day AS businessDay, first_seq AS firstSeq, last_seq AS lastSeq, z_seq AS zSeq, z_no AS zNo FROM business_days WHERE z_seq IS NULL ORDER BY business_day',
      ),
      drawerSessions:
        db.prepare(`SELECT session_id AS sessionId, business_day AS businessDay, opened_seq AS openedSeq, operator_id AS operatorId, float, cash_sales AS cashSales,
        cash_refunds AS cashRefunds, cash_in AS cashIn, paid_outs AS paidOuts, pickups, other_out AS otherOut, closed_seq AS closedSeq, counted, expected,
        over_short AS overShort, cosign_seq AS cosignSeq FROM drawer_sessions
        WHERE (@day IS NULL OR business_day = @day) AND (@open IS NULL OR (closed_seq IS NULL) = @open) ORDER BY opened_seq`),
      lastZ: db.prepare('SELECT z_seq FROM business_days WHERE z_seq IS NOT NULL ORDER BY z_no DESC LIMIT 1').pluck(),
      zRange: db
        .prepare('SELECT z_seq FROM business_days WHERE z_seq IS NOT NULL AND business_day BETWEEN ? AND ? ORDER BY business_day')
        .pluck(),
      open: db.prepare(`SELECT o.receipt_no AS receiptNo, r.document_id AS documentId, r.kind, o.opened_seq AS openedSeq, r.print_failures AS failures
        FROM open_obligations o JOIN receipts r ON r.receipt_no = o.receipt_no ORDER BY o.receipt_no`),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      last: db.prepare('SELECT seq, hash FROM ledger_entries ORDER BY seq DESC LIMIT 1'),
      sealedDays: db.prepare('SELECT business_day FROM business_days WHERE z_seq IS NOT NULL').pluck(),
      activeKeyId: db.prepare("SELECT value FROM ledger_meta WHERE key = 'active_key_id'").pluck(),
    };
    for (const d of this.st.sealedDays.all() as string[]) this.sealed.add(d);
    this.readReceiptNumbers();
    this.seenVersion = this.st.dataVersion.get() as number;
  }

  /**
   * Re-reads the head, the last receipt number and the sealed days when another connection has
   * committed since (a program that wrote the file without the writer lock): the next entry then
   * chains on the real head instead of failing on a stale one until a restart. Runs inside the
   * write transaction, so nothing can change between this read and the append.
   */
  private catchUpWithFile(): void {
    const version = this.st.dataVersion.get() as number;
    if (version === this.seenVersion) return;
    const last = this.st.last.get() as { seq: number; hash: string } | undefined;
    const activeKeyId = this.st.activeKeyId.get() as string | undefined;
    if (!last || !activeKeyId) throw new LedgerStoreError('ledger.corrupt', `${this.path} has no genesis entry`);
    if (activeKeyId !== this.signer.keyId && activeKeyId !== this.rotatingTo?.keyId)
      throw new LedgerStoreError('ledger.invalid-entry', `the ledger's active key changed to ${activeKeyId} outside this till`);
    this.cachedHead = { terminalId: this.terminalId, seq: last.seq, hash: last.hash, activeKeyId };
    this.readReceiptNumbers();
    for (const d of this.st.sealedDays.all() as string[]) this.sealed.add(d);
    this.seenVersion = version;
  }

  /** The last receipt numbers taken, live and training (two series). */
  private readReceiptNumbers(): void {
    this.lastReceiptNo = this.st.lastReceipt.get(TRAINING_RECEIPT_BASE) as number;
    this.lastTrainingReceiptNo = this.st.lastTrainingReceipt.get(TRAINING_RECEIPT_BASE, TRAINING_RECEIPT_BASE) as number;
  }

  /** Creates a new ledger file with its genesis entry. Refuses if the file exists. */
  static create(path: string, crypto: LedgerCrypto, signer: Signer, options: CreateLedgerOptions): SqliteLedgerStore {
    if (existsSync(path)) throw new LedgerStoreError('ledger.already-exists', `a ledger already exists at ${path}`);
    const release = acquireLedgerWriterLock(path);
    let db: Database.Database;
    try {
      db = openLedgerDatabase(path, { mustExist: false });
    } catch (e) {
      release();
      throw e;
    }
    try {
      const meta = db.prepare('INSERT INTO ledger_meta (key, value) VALUES (?, ?)');
      db.transaction(() => {
        meta.run('terminal_id', options.terminalId);
        meta.run('store_id', options.storeId);
        meta.run('created_at', options.at);
        meta.run('active_key_id', signer.keyId);
      }).immediate();
      const genesisHead: LedgerHead = {
        terminalId: options.terminalId,
        seq: 0,
        hash: genesisPrevHash(crypto, options.terminalId),
        activeKeyId: signer.keyId,
      };
      const store = new SqliteLedgerStore(path, db, crypto, signer, genesisHead, release);
      store.write((tx) =>
        tx.append({
          kind: 'ledger-opened',
          businessDay: options.businessDay,
          startedAt: options.at,
          endedAt: options.at,
          operatorId: null,
          body: {
            terminalId: options.terminalId,
            storeId: options.storeId,
            algorithm: 'Ed25519',
            publicKey: toBase64(signer.publicKey),
            keyId: signer.keyId,
            software: options.software,
          },
        }),
      );
      return store;
    } catch (e) {
      db.close();
      release();
      throw fromSqliteError(e, path);
    }
  }

  /**
   * Opens an existing ledger with the terminal's current key: for writing, holding the ledger's
   * writer lock until close (`ledger.in-use` while another program writes it), or `readOnly` for
   * reports, which may run beside the till.
   */
  static open(path: string, crypto: LedgerCrypto, signer: Signer, expect?: { terminalId?: string; readOnly?: boolean }): SqliteLedgerStore {
    const readOnly = expect?.readOnly === true;
    const release = readOnly ? () => undefined : acquireLedgerWriterLock(path);
    let db: Database.Database;
    try {
      db = openLedgerDatabase(path, { mustExist: true, readonly: readOnly });
    } catch (e) {
      release();
      throw e;
    }
    try {
      const meta = new Map(
        (db.prepare('SELECT key, value FROM ledger_meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]),
      );
      const last = db.prepare('SELECT seq, hash, terminal_id AS terminalId FROM ledger_entries ORDER BY seq DESC LIMIT 1').get() as
        { seq: number; hash: string; terminalId: string } | undefined;
      const recorded = db.prepare('SELECT MAX(last_seq) FROM business_days').pluck().get() as number | null;
      if (!last || !meta.has('active_key_id')) throw new LedgerStoreError('ledger.corrupt', `${path} has no genesis entry`);
      if (recorded !== last.seq) {
        throw new LedgerStoreError(
          'ledger.corrupt',
          `${path}: the last entry (${last.seq}) does not match the recorded head (${recorded ?? 'none'}); run "tillproof ledger verify"`,
        );
      }
      const row: LedgerHead = { terminalId: last.terminalId, seq: last.seq, hash: last.hash, activeKeyId: meta.get('active_key_id')! };
      if (expect?.terminalId && expect.terminalId !== row.terminalId) {
        throw new LedgerStoreError(
          'ledger.terminal-mismatch',
          `${path} belongs to terminal ${row.terminalId}, but this terminal is configured as ${expect.terminalId}`,
        );
      }
      if (row.activeKeyId !== signer.keyId) {
        throw new LedgerStoreError(
          'ledger.invalid-entry',
          `the terminal key (${signer.keyId}) is not the ledger's active key (${row.activeKeyId})`,
        );
      }
      return new SqliteLedgerStore(path, db, crypto, signer, row, release);
    } catch (e) {
      db.close();
      release();
      throw fromSqliteError(e, path);
    }
  }

  head(): LedgerHead {
    return { ...this.cachedHead };
  }

  write<T>(fn: (tx: LedgerTx) => T, durability: Durability = 'power-loss'): T {
    const light = durability === 'process-crash';
    // The connection stays at FULL (what openLedgerDatabase sets) except around a light write; a
    // level set lower by its owner (a bench at OFF) is kept. The next FULL commit's flush of the WAL
    // carries this one's frames to disk too (docs/architecture.md#durability-tiers).
    // Inside another write (a savepoint) the outer commit decides: nothing to switch.
    const level = light && !this.db.inTransaction ? (this.db.pragma('synchronous', { simple: true }) as number) : SYNC_NORMAL;
    if (level > SYNC_NORMAL) this.db.pragma('synchronous = NORMAL');
    try {
      return this.writeAt(fn, light);
    } finally {
      if (level > SYNC_NORMAL) this.db.pragma(`synchronous = ${level}`);
    }
  }

  private writeAt<T>(fn: (tx: LedgerTx) => T, light: boolean): T {
    let pending = this.cachedHead;
    let lastReceiptNo = this.lastReceiptNo;
    let lastTrainingReceiptNo = this.lastTrainingReceiptNo;
    const sealedNow: string[] = [];
    let open = true;
    const tx: LedgerTx = {
      head: () => ({ ...pending }),
      keepSaleInProgress: (record) => {
        if (!open) throw new LedgerStoreError('ledger.invalid-entry', 'this ledger transaction has already ended');
        if (record) this.st.keepSale.run(JSON.stringify(record));
        else this.st.forgetSale.run();
      },
      notePrintStarted: (start) => {
        if (!open) throw new LedgerStoreError('ledger.invalid-entry', 'this ledger transaction has already ended');
        if (light) throw new LedgerStoreError('ledger.invalid-entry', 'a print start is noted only in a commit flushed to disk');
        this.st.notePrint.run(printStartKey(start.receiptNo), JSON.stringify(start));
      },
      nextReceiptNo: (series = 'live') => (series === 'training' ? lastTrainingReceiptNo : lastReceiptNo) + 1,
      append: (draft) => {
        // A tx captured by a callback that outlives write() must not write outside the transaction.
        if (!open) throw new LedgerStoreError('ledger.invalid-entry', 'this ledger transaction has already ended');
        if (light) throw new LedgerStoreError('ledger.invalid-entry', 'a ledger entry is appended only in a commit flushed to disk');
        const { entry, bodyText } = this.seal(draft, pending);
        this.st.insert.run({ ...entry, body: bodyText });
        this.projector.apply(entry);
        if (entry.kind === 'z-report') sealedNow.push(entry.businessDay);
        // The receipt is given: whatever print of it was under way no longer matters.
        if (entry.kind === 'receipt-issued') this.st.forgetPrint.run(printStartKey((entry.body as { receiptNo: number }).receiptNo));
        // A held sale is listed from its sale-parked entry until a sale-recalled entry takes it up.
        if (entry.kind === 'sale-parked') this.st.notePrint.run(parkedKey((entry.body as { saleId: string }).saleId), String(entry.seq));
        if (entry.kind === 'sale-recalled') this.st.forgetPrint.run(parkedKey((entry.body as { saleId: string }).saleId));
        const receiptNo = entry.kind === 'sale' || entry.kind === 'return' ? (entry.body as { receiptNo: number }).receiptNo : undefined;
        if (receiptNo !== undefined && receiptSeriesOf(receiptNo) === 'training')
          lastTrainingReceiptNo = Math.max(lastTrainingReceiptNo, receiptNo);
        else if (receiptNo !== undefined) lastReceiptNo = Math.max(lastReceiptNo, receiptNo);
        let activeKeyId = pending.activeKeyId;
        if (entry.kind === 'key-rotation' && this.rotatingTo) {
          activeKeyId = this.rotatingTo.keyId;
          this.st.activeKey.run(activeKeyId);
        }
        pending = { terminalId: this.terminalId, seq: entry.seq, hash: entry.hash, activeKeyId };
        return entry;
      },
    };
    let result: T;
    try {
      result = this.immediate(() => {
        this.catchUpWithFile();
        pending = this.cachedHead;
        lastReceiptNo = this.lastReceiptNo;
        return fn(tx);
      }) as T;
    } catch (e) {
      throw fromSqliteError(e, this.path);
    } finally {
      open = false;
    }
    this.cachedHead = pending;
    this.lastReceiptNo = lastReceiptNo;
    this.lastTrainingReceiptNo = lastTrainingReceiptNo;
    for (const d of sealedNow) this.sealed.add(d);
    return result;
  }

  private seal(draft: EntryDraft, head: LedgerHead): { entry: LedgerEntry; bodyText: string } {
    if (!isEntryKind(draft.kind)) throw new LedgerStoreError('ledger.invalid-entry', `unknown entry kind "${draft.kind}"`);
    if (draft.kind === 'key-rotation' && !this.rotatingTo)
      throw new LedgerStoreError('ledger.invalid-entry', 'key rotation goes through rotateKey()');
    if (this.sealed.has(draft.businessDay)) {
      throw new LedgerStoreError(
        'ledger.day-sealed',
        `business day ${draft.businessDay} is closed by its Z report; nothing more can be added to it`,
      );
    }
    const parsed = entryBodies[draft.kind].safeParse(draft.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LedgerStoreError(
        'ledger.invalid-entry',
        `${draft.kind} body: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
      );
    }
    const body = parsed.data as JsonValue;
    const bodyText = canonicalJson(body);
    const entry = sealEntry(
      this.crypto,
      this.signer,
      { ...draft, body },
      { terminalId: this.terminalId, seq: head.seq + 1, prevHash: head.hash },
      bodyText,
    );
    return { entry, bodyText };
  }

  /** Rotates to a new terminal key: the rotation entry is signed by the old key, later ones by the new. */
  rotateKey(next: Signer, at: { businessDay: string; at: string; operatorId: string | null; reason: string }): LedgerEntry {
    this.rotatingTo = next;
    try {
      const entry = this.write((tx) =>
        tx.append({
          kind: 'key-rotation',
          businessDay: at.businessDay,
          startedAt: at.at,
          endedAt: at.at,
          operatorId: at.operatorId,
          body: { algorithm: 'Ed25519', newPublicKey: toBase64(next.publicKey), newKeyId: next.keyId, reason: at.reason },
        }),
      );
      this.signer = next;
      return entry;
    } finally {
      this.rotatingTo = null;
    }
  }

  *entries(range: { from?: number; to?: number } = {}): IterableIterator<LedgerEntry> {
    for (const row of this.st.range.iterate(range.from ?? 1, range.to ?? Number.MAX_SAFE_INTEGER)) yield rowToEntry(row as EntryRow);
  }

  /** Every key-rotation entry, in seq order (a scan of the table: rotations are rare, callers cache). */
  keyRotations(): LedgerEntry[] {
    return (this.st.rotations.all() as EntryRow[]).map(rowToEntry);
  }

  entry(seq: number): LedgerEntry | undefined {
    const row = this.st.one.get(seq) as EntryRow | undefined;
    return row ? rowToEntry(row) : undefined;
  }

  receipt(receiptNo: number): ReceiptRecord | undefined {
    const r = this.st.receipt.get(receiptNo) as (Omit<ReceiptRecord, 'training'> & { training: number }) | undefined;
    return r ? { ...r, training: r.training === 1 } : undefined;
  }

  returnedQuantities(originalReceiptNo: number): Map<number, number> {
    return new Map(this.st.returnedLines.all(originalReceiptNo) as Array<[number, number]>);
  }

  returnsAgainst(originalReceiptNo: number): LedgerEntry[] {
    return (this.st.returnsAgainst.all(originalReceiptNo, originalReceiptNo) as EntryRow[]).map(rowToEntry);
  }

  giftCardBalance(cardRef: string): GiftCardBalance | undefined {
    return this.st.giftCardBalance.get(cardRef) as GiftCardBalance | undefined;
  }

  membersCreatedHere(search: { phone: string } | { name: string }, limit: number): MemberCreatedHere[] {
    const rows = 'phone' in search ? this.st.createdByPhone.all(search.phone, limit) : this.st.createdByName.all(search.name, limit);
    return rows as MemberCreatedHere[];
  }

  memberCreatedHere(memberId: string): MemberCreatedHere | undefined {
    return this.st.createdById.get(memberId) as MemberCreatedHere | undefined;
  }

  memberPurchases(memberId: string, limit: number): MemberPurchase[] {
    return this.st.memberPurchases.all(memberId, limit) as MemberPurchase[];
  }

  serialState(serial: string): SerialState | undefined {
    return this.st.serialState.get(serial) as SerialState | undefined;
  }

  dayTotals(businessDay: string): Record<string, DayTotal> {
    const out: Record<string, DayTotal> = {};
    for (const [key, amount, count] of this.st.dayTotals.all(businessDay) as Array<[string, number, number]>) out[key] = { amount, count };
    return out;
  }

  businessDay(businessDay: string): BusinessDayRecord | undefined {
    return this.st.businessDay.get(businessDay) as BusinessDayRecord | undefined;
  }

  unsealedDays(): BusinessDayRecord[] {
    return this.st.unsealedDays.all() as BusinessDayRecord[];
  }

  drawerSessions(filter: { businessDay?: string; open?: boolean }): DrawerSessionRecord[] {
    return this.st.drawerSessions.all({
      day: filter.businessDay ?? null,
      open: filter.open === undefined ? null : filter.open ? 1 : 0,
    }) as DrawerSessionRecord[];
  }

  lastZReport(): LedgerEntry | undefined {
    const seq = this.st.lastZ.get() as number | undefined;
    return seq ? this.entry(seq) : undefined;
  }

  zReports(from: string, to: string): LedgerEntry[] {
    return (this.st.zRange.all(from, to) as number[]).map((seq) => this.entry(seq)!);
  }

  openObligations(): OpenObligation[] {
    return this.st.open.all() as OpenObligation[];
  }

  printStarted(receiptNo: number): ReceiptPrintStart | undefined {
    const value = this.st.printStarted.get(printStartKey(receiptNo)) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as ReceiptPrintStart);
  }

  saleInProgress(): SaleInProgressRecord | undefined {
    const value = this.st.saleInProgress.get() as string | undefined;
    // Its shape is checked (and its signature verified) where it is used: core/sales/sale-journal.ts.
    return value === undefined ? undefined : (JSON.parse(value) as SaleInProgressRecord);
  }

  parkedSales(): number[] {
    return this.st.parkedSales.all() as number[];
  }

  isDaySealed(businessDay: string): boolean {
    return this.sealed.has(businessDay);
  }

  /** The raw database, for read models and reports in db/. */
  get database(): Database.Database {
    return this.db;
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.releaseLock();
  }
}
