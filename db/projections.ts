import type Database from 'better-sqlite3';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import type { EntryBody, EntryKind } from '../core/ledger/bodies.ts';

/** Read-model tables, each with the ORDER BY that makes its contents comparable. */
export const PROJECTION_TABLES: ReadonlyArray<{ table: string; orderBy: string; seqColumn?: string }> = [
  { table: 'receipts', orderBy: 'receipt_no', seqColumn: 'seq' },
  { table: 'open_obligations', orderBy: 'receipt_no', seqColumn: 'opened_seq' },
  { table: 'business_days', orderBy: 'business_day', seqColumn: 'last_seq' },
  { table: 'day_totals', orderBy: 'business_day, key' },
  { table: 'returned_lines', orderBy: 'original_receipt_no, line_no' },
];

function bodyOf<K extends EntryKind>(entry: LedgerEntry, _kind: K): EntryBody<K> {
  return entry.body as unknown as EntryBody<K>;
}

/**
 * Applies ledger entries to the read models. Statements are prepared once per database;
 * every call runs inside the caller's transaction (the same one that inserts the entry).
 */
export class Projector {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      day: db.prepare(`INSERT INTO business_days (business_day, first_seq, last_seq) VALUES (?, ?, ?)
        ON CONFLICT (business_day) DO UPDATE SET last_seq = excluded.last_seq`),
      seal: db.prepare('UPDATE business_days SET z_seq = ?, z_no = ? WHERE business_day = ?'),
      total: db.prepare(`INSERT INTO day_totals (business_day, key, amount, count) VALUES (?, ?, ?, ?)
        ON CONFLICT (business_day, key) DO UPDATE SET amount = amount + excluded.amount, count = count + excluded.count`),
      receipt: db.prepare(`INSERT INTO receipts (receipt_no, seq, kind, document_id, business_day, operator_id, ended_at, currency, total, tax,
        member_id, member_tier, member_verification, training, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'completed')`),
      receiptRow: db.prepare('SELECT seq, training, status FROM receipts WHERE receipt_no = ?'),
      entryBody: db.prepare('SELECT body FROM ledger_entries WHERE seq = ?').pluck(),
      status: db.prepare('UPDATE receipts SET status = ? WHERE receipt_no = ?'),
      returned: db.prepare('UPDATE receipts SET returned_total = returned_total + ? WHERE receipt_no = ?'),
      copies: db.prepare('UPDATE receipts SET copies = copies + 1 WHERE receipt_no = ?'),
      printFailed: db.prepare('UPDATE receipts SET print_failures = print_failures + 1 WHERE receipt_no = ?'),
      discharge: db.prepare('UPDATE receipts SET discharged_seq = ?, channel = ? WHERE receipt_no = ? AND discharged_seq IS NULL'),
      open: db.prepare('INSERT INTO open_obligations (receipt_no, opened_seq) VALUES (?, ?)'),
      close: db.prepare('DELETE FROM open_obligations WHERE receipt_no = ?'),
      returnedLine: db.prepare(`INSERT INTO returned_lines (original_receipt_no, line_no, qty_milli) VALUES (?, ?, ?)
        ON CONFLICT (original_receipt_no, line_no) DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli`),
    };
  }

  private add(day: string, key: string, amount: number, count = 1): void {
    this.s.total.run(day, key, amount, count);
  }

  apply(entry: LedgerEntry): void {
    const day = entry.businessDay;
    this.s.day.run(day, entry.seq, entry.seq);
    switch (entry.kind) {
      case 'sale': {
        const b = bodyOf(entry, 'sale');
        this.s.receipt.run(b.receiptNo, entry.seq, 'sale', b.saleId, day, entry.operatorId, entry.endedAt, b.currency, b.total, b.tax,
          b.member?.memberId ?? null, b.member?.tier ?? null, b.member?.verification ?? null, b.training ? 1 : 0);
        this.s.open.run(b.receiptNo, entry.seq);
        if (b.training) {
          this.add(day, 'training:sales', b.total);
          break;
        }
        this.add(day, 'sales', b.total);
        this.add(day, 'sales:tax', b.tax);
        for (const t of b.tenders) this.add(day, `tender:${t.type}`, t.amount);
        break;
      }
      case 'return': {
        const b = bodyOf(entry, 'return');
        this.s.receipt.run(b.receiptNo, entry.seq, 'return', b.returnId, day, entry.operatorId, entry.endedAt, b.currency, b.total, b.tax, null, null, null, b.training ? 1 : 0);
        this.s.open.run(b.receiptNo, entry.seq);
        if (b.originalReceiptNo) {
          this.s.returned.run(b.total, b.originalReceiptNo);
          for (const l of b.lines) this.s.returnedLine.run(b.originalReceiptNo, l.lineNo, l.qtyMilli);
        }
        if (b.training) {
          this.add(day, 'training:returns', b.total);
          break;
        }
        this.add(day, 'returns', b.total);
        this.add(day, 'returns:tax', b.tax);
        for (const t of b.refunds) this.add(day, `tender:${t.type}`, -t.amount);
        break;
      }
      case 'receipt-issued': {
        const b = bodyOf(entry, 'receipt-issued');
        if (b.copyNo !== 0) break;
        this.s.discharge.run(entry.seq, b.channel, b.receiptNo);
        this.s.close.run(b.receiptNo);
        if (b.electronicReason === 'declined-paper') this.add(day, 'receipts:declined-paper', 0);
        break;
      }
      case 'receipt-print-failed':
        this.s.printFailed.run(bodyOf(entry, 'receipt-print-failed').receiptNo);
        break;
      case 'receipt-reprinted':
        this.s.copies.run(bodyOf(entry, 'receipt-reprinted').receiptNo);
        this.add(day, 'receipts:reprints', 0);
        break;
      case 'void': {
        const b = bodyOf(entry, 'void');
        if (b.scope !== 'post-void' || b.receiptNo === undefined) {
          this.add(day, `voids:${b.scope}`, b.amount);
          break;
        }
        const sale = this.s.receiptRow.get(b.receiptNo) as { seq: number; training: number } | undefined;
        this.s.status.run('post-voided', b.receiptNo);
        if (!sale || sale.training) break;
        const original = JSON.parse(this.s.entryBody.get(sale.seq) as string) as EntryBody<'sale'>;
        // A post-void reverses the sale in the day it is recorded, tender by tender.
        this.add(day, 'post-voids', original.total);
        this.add(day, 'sales', -original.total, 0);
        this.add(day, 'sales:tax', -original.tax, 0);
        for (const t of original.tenders) this.add(day, `tender:${t.type}`, -t.amount, 0);
        break;
      }
      case 'no-sale':
        this.add(day, 'no-sales', 0);
        break;
      case 'cash-in':
        this.add(day, 'cash-in', bodyOf(entry, 'cash-in').amount);
        break;
      case 'cash-out': {
        const b = bodyOf(entry, 'cash-out');
        this.add(day, `cash-out:${b.purpose}`, b.amount);
        break;
      }
      case 'z-report': {
        const b = bodyOf(entry, 'z-report');
        this.s.seal.run(entry.seq, b.zNo, b.businessDay);
        break;
      }
      default:
        break;
    }
  }
}
