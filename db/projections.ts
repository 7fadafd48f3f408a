import type Database from 'better-sqlite3';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import { knownEntry, type EntryKind, type EntryOf, type SaleBody } from '../core/ledger/bodies.ts';
import { dayTotalDeltas, type SaleLookup } from '../core/till/day-totals.ts';
import { drawerDeltas } from '../core/till/drawer-session.ts';
import { giftCardDeltas } from '../core/giftcards/balance.ts';

/** Read-model tables, each with the ORDER BY that makes its contents comparable. */
export const PROJECTION_TABLES: ReadonlyArray<{ table: string; orderBy: string; seqColumn?: string }> = [
  { table: 'receipts', orderBy: 'receipt_no', seqColumn: 'seq' },
  { table: 'open_obligations', orderBy: 'receipt_no', seqColumn: 'opened_seq' },
  { table: 'business_days', orderBy: 'business_day', seqColumn: 'last_seq' },
  { table: 'day_totals', orderBy: 'business_day, key' },
  { table: 'returned_lines', orderBy: 'original_receipt_no, line_no' },
  { table: 'drawer_sessions', orderBy: 'session_id', seqColumn: 'opened_seq' },
  { table: 'serial_states', orderBy: 'serial', seqColumn: 'seq' },
  { table: 'giftcard_balances', orderBy: 'card_ref', seqColumn: 'seq' },
  { table: 'members_created_here', orderBy: 'member_id', seqColumn: 'seq' },
];

/** Rows per day-totals statement: a sale's deltas fit in one. */
const TOTALS_PER_STATEMENT = 32;

type KindProjections = { [K in EntryKind]?: (entry: EntryOf<K>) => void };

function projectKind<K extends EntryKind>(projections: KindProjections, entry: EntryOf<K>): void {
  projections[entry.kind]?.(entry);
}

/**
 * Applies ledger entries to the read models. Statements are prepared once per database;
 * every call runs inside the caller's transaction (the same one that inserts the entry).
 */
export class Projector {
  private readonly s;
  private readonly db: Database.Database;
  /** The day-totals upsert for n rows, prepared when first needed. */
  private readonly totals = new Map<number, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
    this.s = {
      day: db.prepare(`INSERT INTO business_days (business_day, first_seq, last_seq) VALUES (?, ?, ?)
        ON CONFLICT (business_day) DO UPDATE SET last_seq = excluded.last_seq`),
      seal: db.prepare('UPDATE business_days SET z_seq = ?, z_no = ? WHERE business_day = ?'),
      receipt:
        db.prepare(`INSERT INTO receipts (receipt_no, seq, kind, document_id, business_day, operator_id, ended_at, currency, total, tax,
        member_id, member_tier, member_verification, training, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'completed')`),
      receiptRow: db.prepare('SELECT seq, kind, operator_id, training, status FROM receipts WHERE receipt_no = ?'),
      drawerOpen: db.prepare(
        'INSERT INTO drawer_sessions (session_id, business_day, opened_seq, operator_id, float) VALUES (?, ?, ?, ?, ?)',
      ),
      drawerCosign: db.prepare('UPDATE drawer_sessions SET cosign_seq = ? WHERE session_id = ?'),
      drawerClose: db.prepare('UPDATE drawer_sessions SET closed_seq = ?, counted = ?, expected = ?, over_short = ? WHERE session_id = ?'),
      drawerAdd: {
        cashSales: db.prepare('UPDATE drawer_sessions SET cash_sales = cash_sales + ? WHERE session_id = ?'),
        cashRefunds: db.prepare('UPDATE drawer_sessions SET cash_refunds = cash_refunds + ? WHERE session_id = ?'),
        cashIn: db.prepare('UPDATE drawer_sessions SET cash_in = cash_in + ? WHERE session_id = ?'),
        paidOuts: db.prepare('UPDATE drawer_sessions SET paid_outs = paid_outs + ? WHERE session_id = ?'),
        pickups: db.prepare('UPDATE drawer_sessions SET pickups = pickups + ? WHERE session_id = ?'),
        otherOut: db.prepare('UPDATE drawer_sessions SET other_out = other_out + ? WHERE session_id = ?'),
      },
      entryBody: db.prepare('SELECT body FROM ledger_entries WHERE seq = ?').pluck(),
      status: db.prepare('UPDATE receipts SET status = ? WHERE receipt_no = ?'),
      returned: db.prepare('UPDATE receipts SET returned_total = returned_total + ? WHERE receipt_no = ?'),
      copies: db.prepare('UPDATE receipts SET copies = copies + 1 WHERE receipt_no = ?'),
      printFailed: db.prepare('UPDATE receipts SET print_failures = print_failures + 1 WHERE receipt_no = ?'),
      discharge: db.prepare('UPDATE receipts SET discharged_seq = ?, channel = ? WHERE receipt_no = ? AND discharged_seq IS NULL'),
      open: db.prepare('INSERT INTO open_obligations (receipt_no, opened_seq) VALUES (?, ?)'),
      close: db.prepare('DELETE FROM open_obligations WHERE receipt_no = ?'),
      serial: db.prepare(`INSERT INTO serial_states (serial, state, seq, receipt_no, line_no) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (serial) DO UPDATE SET state = excluded.state, seq = excluded.seq, receipt_no = excluded.receipt_no, line_no = excluded.line_no`),
      giftCard: db.prepare(`INSERT INTO giftcard_balances (card_ref, last4, balance, seq) VALUES (?, ?, ?, ?)
        ON CONFLICT (card_ref) DO UPDATE SET balance = balance + excluded.balance, seq = excluded.seq`),
      memberCreated:
        db.prepare(`INSERT INTO members_created_here (member_id, seq, name, tier, phone, email, carrier, operator_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      returnedLine: db.prepare(`INSERT INTO returned_lines (original_receipt_no, line_no, qty_milli) VALUES (?, ?, ?)
        ON CONFLICT (original_receipt_no, line_no) DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli`),
    };
  }

  /** A day's total deltas in one statement (a sale has about ten); a key twice adds up, as SQLite upserts row by row. */
  private addTotals(day: string, deltas: readonly (readonly [string, number, number])[]): void {
    for (let from = 0; from < deltas.length; from += TOTALS_PER_STATEMENT) {
      const chunk = deltas.slice(from, from + TOTALS_PER_STATEMENT);
      const params: (string | number)[] = [];
      for (const [key, amount, count] of chunk) params.push(day, key, amount, count);
      this.totalsStatement(chunk.length).run(params);
    }
  }

  private totalsStatement(rows: number): Database.Statement {
    let st = this.totals.get(rows);
    if (!st) {
      st = this.db.prepare(`INSERT INTO day_totals (business_day, key, amount, count) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}
        ON CONFLICT (business_day, key) DO UPDATE SET amount = amount + excluded.amount, count = count + excluded.count`);
      this.totals.set(rows, st);
    }
    return st;
  }

  private readonly lookupSale: SaleLookup = (receiptNo) => {
    const row = this.s.receiptRow.get(receiptNo) as { seq: number; operator_id: string | null; kind: string } | undefined;
    if (!row || row.kind !== 'sale') return undefined;
    return { body: JSON.parse(this.s.entryBody.get(row.seq) as string) as SaleBody, operatorId: row.operator_id };
  };

  apply(entry: LedgerEntry): void {
    const day = entry.businessDay;
    this.s.day.run(day, entry.seq, entry.seq);
    // Day totals and drawer sessions come from the same pure functions `ledger verify` uses.
    this.addTotals(day, dayTotalDeltas(entry, this.lookupSale));
    for (const d of drawerDeltas(entry, this.lookupSale)) {
      if (d.type === 'open') this.s.drawerOpen.run(d.sessionId, d.businessDay, d.seq, d.operatorId, d.float);
      else if (d.type === 'close') this.s.drawerClose.run(d.seq, d.counted, d.expected, d.overShort, d.sessionId);
      else if (d.type === 'cosign') this.s.drawerCosign.run(d.seq, d.sessionId);
      else this.s.drawerAdd[d.field].run(d.amount, d.sessionId);
    }
    // Gift card balances (issue #15), from the same function the tests recompute them with.
    for (const g of giftCardDeltas(entry, this.lookupSale)) this.s.giftCard.run(g.cardRef, g.last4, g.amount, entry.seq);
    const typed = knownEntry(entry);
    if (typed) projectKind(this.byKind, typed);
  }

  /** What each kind of entry changes in the receipts, obligations and business days; kinds not listed change nothing there. */
  private readonly byKind: KindProjections = {
    sale: (entry) => {
      const b = entry.body;
      this.s.receipt.run(
        b.receiptNo,
        entry.seq,
        'sale',
        b.saleId,
        entry.businessDay,
        entry.operatorId,
        entry.endedAt,
        b.currency,
        b.total,
        b.tax,
        b.member?.memberId ?? null,
        b.member?.tier ?? null,
        b.member?.verification ?? null,
        b.training ? 1 : 0,
      );
      this.s.open.run(b.receiptNo, entry.seq);
      // Where each serial stands (issue #14): training sells nothing for real.
      if (!b.training)
        for (const l of b.lines) if (l.serial && !l.voided) this.s.serial.run(l.serial.value, 'sold', entry.seq, b.receiptNo, l.lineNo);
    },
    return: (entry) => {
      const b = entry.body;
      this.s.receipt.run(
        b.receiptNo,
        entry.seq,
        'return',
        b.returnId,
        entry.businessDay,
        entry.operatorId,
        entry.endedAt,
        b.currency,
        b.total,
        b.tax,
        null,
        null,
        null,
        b.training ? 1 : 0,
      );
      // An exchange's return is receipted on its sale's receipt (issue #15): it owes none of its own.
      if (!b.exchange) this.s.open.run(b.receiptNo, entry.seq);
      if (b.originalReceiptNo) {
        this.s.returned.run(b.total, b.originalReceiptNo);
        for (const l of b.lines) this.s.returnedLine.run(b.originalReceiptNo, l.lineNo, l.qtyMilli);
      }
      if (!b.training) for (const l of b.lines) if (l.serial) this.s.serial.run(l.serial, 'returned', entry.seq, b.receiptNo, l.lineNo);
    },
    'receipt-issued': (entry) => {
      const b = entry.body;
      if (b.copyNo !== 0) return;
      this.s.discharge.run(entry.seq, b.channel, b.receiptNo);
      this.s.close.run(b.receiptNo);
    },
    'receipt-print-failed': (entry) => {
      this.s.printFailed.run(entry.body.receiptNo);
    },
    'receipt-reprinted': (entry) => {
      this.s.copies.run(entry.body.receiptNo);
    },
    void: (entry) => {
      const b = entry.body;
      if (b.scope === 'post-void' && b.receiptNo !== undefined) {
        this.s.status.run('post-voided', b.receiptNo);
        // A voided sale's serials are back in the store.
        for (const l of this.lookupSale(b.receiptNo)?.body.lines ?? [])
          if (l.serial) this.s.serial.run(l.serial.value, 'returned', entry.seq, b.receiptNo, l.lineNo);
      }
    },
    'member-created': (entry) => {
      const b = entry.body;
      this.s.memberCreated.run(
        b.memberId,
        entry.seq,
        b.name,
        b.tier,
        b.phone ?? null,
        b.email ?? null,
        b.carrier ?? null,
        entry.operatorId,
        entry.endedAt,
      );
    },
    'z-report': (entry) => {
      this.s.seal.run(entry.seq, entry.body.zNo, entry.body.businessDay);
    },
  };
}
