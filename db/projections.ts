import type Database from 'better-sqlite3';
import type { LedgerEntry } from '../core/ledger/entry.ts';
import type { EntryBody } from '../core/ledger/bodies.ts';

/** Read-model tables, each with the ORDER BY that makes its contents comparable. */
export const PROJECTION_TABLES: ReadonlyArray<{ table: string; orderBy: string; seqColumn?: string }> = [
  { table: 'receipts', orderBy: 'receipt_no', seqColumn: 'seq' },
  { table: 'sales', orderBy: 'seq', seqColumn: 'seq' },
  { table: 'receipt_obligations', orderBy: 'receipt_no', seqColumn: 'opened_seq' },
  { table: 'day_totals', orderBy: 'business_day', seqColumn: 'last_seq' },
  { table: 'tender_totals', orderBy: 'business_day, tender' },
  { table: 'sealed_days', orderBy: 'business_day', seqColumn: 'z_seq' },
];

type Body<K extends Parameters<typeof bodyOf>[1]> = EntryBody<K>;
function bodyOf<K extends 'sale' | 'return' | 'receipt-issued' | 'receipt-print-failed' | 'receipt-reprinted' | 'void' | 'z-report'>(entry: LedgerEntry, _kind: K): Body<K> {
  return entry.body as unknown as Body<K>;
}

/**
 * Applies ledger entries to the read models. Statements are prepared once per database;
 * every call runs inside the caller's transaction (the same one that inserts the entry).
 */
export class Projector {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      day: db.prepare(`INSERT INTO day_totals (business_day, first_seq, last_seq) VALUES (?, ?, ?)
        ON CONFLICT (business_day) DO UPDATE SET last_seq = excluded.last_seq`),
      dayAdd: db.prepare(`UPDATE day_totals SET sales_count = sales_count + ?, sales_total = sales_total + ?, sales_tax = sales_tax + ?,
        returns_count = returns_count + ?, returns_total = returns_total + ?, voids_count = voids_count + ?, no_sales = no_sales + ?,
        training_count = training_count + ?, training_total = training_total + ? WHERE business_day = ?`),
      tender: db.prepare(`INSERT INTO tender_totals (business_day, tender, amount, count) VALUES (?, ?, ?, ?)
        ON CONFLICT (business_day, tender) DO UPDATE SET amount = amount + excluded.amount, count = count + excluded.count`),
      receipt: db.prepare('INSERT INTO receipts (receipt_no, seq, kind, document_id, business_day, total) VALUES (?, ?, ?, ?, ?, ?)'),
      copies: db.prepare('UPDATE receipts SET copies = copies + 1 WHERE receipt_no = ?'),
      sale: db.prepare(`INSERT INTO sales (seq, sale_id, receipt_no, business_day, operator_id, ended_at, currency, total, tax,
        member_id, member_tier, member_verification, training, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'completed')`),
      saleStatus: db.prepare('UPDATE sales SET status = ? WHERE sale_id = ?'),
      saleReturned: db.prepare('UPDATE sales SET returned_total = returned_total + ? WHERE sale_id = ?'),
      saleSeq: db.prepare('SELECT seq, training FROM sales WHERE sale_id = ?'),
      entryBody: db.prepare('SELECT body FROM ledger_entries WHERE seq = ?').pluck(),
      obligation: db.prepare('INSERT INTO receipt_obligations (receipt_no, document_id, kind, opened_seq) VALUES (?, ?, ?, ?)'),
      discharge: db.prepare('UPDATE receipt_obligations SET discharged_seq = ?, channel = ? WHERE receipt_no = ? AND discharged_seq IS NULL'),
      printFailed: db.prepare('UPDATE receipt_obligations SET failures = failures + 1 WHERE receipt_no = ?'),
      seal: db.prepare('INSERT INTO sealed_days (business_day, z_seq, z_no) VALUES (?, ?, ?)'),
    };
  }

  private addDay(day: string, d: Partial<Record<'sales' | 'salesTotal' | 'salesTax' | 'returns' | 'returnsTotal' | 'voids' | 'noSales' | 'training' | 'trainingTotal', number>>): void {
    this.s.dayAdd.run(d.sales ?? 0, d.salesTotal ?? 0, d.salesTax ?? 0, d.returns ?? 0, d.returnsTotal ?? 0, d.voids ?? 0, d.noSales ?? 0, d.training ?? 0, d.trainingTotal ?? 0, day);
  }

  apply(entry: LedgerEntry): void {
    const day = entry.businessDay;
    this.s.day.run(day, entry.seq, entry.seq);
    switch (entry.kind) {
      case 'sale': {
        const b = bodyOf(entry, 'sale');
        this.s.receipt.run(b.receiptNo, entry.seq, 'sale', b.saleId, day, b.total);
        this.s.sale.run(entry.seq, b.saleId, b.receiptNo, day, entry.operatorId, entry.endedAt, b.currency, b.total, b.tax,
          b.member?.memberId ?? null, b.member?.tier ?? null, b.member?.verification ?? null, b.training ? 1 : 0);
        this.s.obligation.run(b.receiptNo, b.saleId, 'sale', entry.seq);
        if (b.training) {
          this.addDay(day, { training: 1, trainingTotal: b.total });
        } else {
          this.addDay(day, { sales: 1, salesTotal: b.total, salesTax: b.tax });
          for (const t of b.tenders) this.s.tender.run(day, t.type, t.amount, 1);
        }
        break;
      }
      case 'return': {
        const b = bodyOf(entry, 'return');
        this.s.receipt.run(b.receiptNo, entry.seq, 'return', b.returnId, day, b.total);
        this.s.obligation.run(b.receiptNo, b.returnId, 'return', entry.seq);
        if (b.originalSaleId) this.s.saleReturned.run(b.total, b.originalSaleId);
        if (b.training) break;
        this.addDay(day, { returns: 1, returnsTotal: b.total });
        for (const t of b.refunds) this.s.tender.run(day, t.type, -t.amount, 1);
        break;
      }
      case 'receipt-issued': {
        const b = bodyOf(entry, 'receipt-issued');
        if (b.copyNo === 0) this.s.discharge.run(entry.seq, b.channel, b.receiptNo);
        break;
      }
      case 'receipt-print-failed':
        this.s.printFailed.run(bodyOf(entry, 'receipt-print-failed').receiptNo);
        break;
      case 'receipt-reprinted':
        this.s.copies.run(bodyOf(entry, 'receipt-reprinted').receiptNo);
        break;
      case 'void': {
        const b = bodyOf(entry, 'void');
        if (b.scope !== 'post-void') break;
        this.s.saleStatus.run('post-voided', b.saleId);
        const sale = this.s.saleSeq.get(b.saleId) as { seq: number; training: number } | undefined;
        if (!sale || sale.training) break;
        const original = JSON.parse(this.s.entryBody.get(sale.seq) as string) as EntryBody<'sale'>;
        // A post-void reverses the sale in the day it is recorded, tender by tender.
        this.addDay(day, { voids: 1, salesTotal: -original.total, salesTax: -original.tax });
        for (const t of original.tenders) this.s.tender.run(day, t.type, -t.amount, 0);
        break;
      }
      case 'no-sale':
        this.addDay(day, { noSales: 1 });
        break;
      case 'z-report': {
        const b = bodyOf(entry, 'z-report');
        this.s.seal.run(b.businessDay, entry.seq, b.zNo);
        break;
      }
      default:
        break;
    }
  }
}
