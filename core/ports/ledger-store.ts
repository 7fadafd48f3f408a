// The terminal's ledger as core reads and writes it. db/sqlite-ledger.ts implements it on a
// SQLite file (WAL, synchronous=FULL, the journal of an unpaid sale NORMAL: see Durability);
// tests use the same adapter on a temporary file.
import type { EntryDraft, LedgerEntry } from '../ledger/entry.ts';
import type { OpenObligation, ReceiptRecord } from '../receipts/receipt-record.ts';
import type { ReceiptSeries } from '../shared/receipt-number.ts';
import type { SerialState } from '../sales/serial.ts';
import type { GiftCardBalance } from '../giftcards/balance.ts';
import type { MemberCreatedHere, MemberPurchase } from '../sales/member.ts';
import type { BusinessDayRecord, DayTotal, DrawerSessionRecord } from '../till/till-records.ts';

export interface LedgerHead {
  terminalId: string;
  seq: number;
  hash: string;
  activeKeyId: string;
}

/**
 * The sale in progress as the till last saw it (the pending-sale journal, core/sales/sale-journal.ts):
 * kept in the ledger file, outside the chain, so a restart mid-sale takes it up again. Signed by
 * the terminal key; the sale entry written at completion is the chained truth.
 */
export interface SaleInProgressRecord {
  saleId: string;
  /** The ledger head when it was saved: a sale ended after this seq is not resumed. */
  headSeq: number;
  savedAt: string;
  /** The operator ringing the sale up when it was saved. */
  operatorId: string | null;
  /** Canonical JSON of the sale's snapshot. */
  snapshot: string;
  keyId: string;
  /** Base64 Ed25519 signature by the terminal key over the journal's signed message. */
  signature: string;
}

/**
 * What a commit must survive (docs/architecture.md#durability-tiers). 'power-loss', the default and
 * the only tier that may append entries or note a print: the commit is flushed to disk (fsync)
 * before write() returns. 'process-crash': the commit survives the till's process being killed
 * (it is in the operating system's cache once write() returns) but may be lost with the last
 * moments before a power cut or an operating-system crash; only the journal of a sale nothing was
 * paid on uses it, where that loss costs a rescan of the last items.
 */
export type Durability = 'power-loss' | 'process-crash';

/** Inside one durable transaction. Everything here is synchronous: no await may split it. */
export interface LedgerTx {
  /** Validates, chains, signs, inserts and projects one entry. Throws and rolls back on any error. */
  append(draft: EntryDraft): LedgerEntry;
  /** The next gap-free receipt number of a series (live sales and returns share one; training has its own). */
  nextReceiptNo(series?: ReceiptSeries): number;
  head(): LedgerHead;
  /** Saves the sale in progress (or, with null, forgets it) in this transaction. */
  keepSaleInProgress(record: SaleInProgressRecord | null): void;
  /**
   * Notes, before the first print of an owed original starts, that it may reach paper from now on.
   * Kept until a receipt-issued entry for that receipt is appended (which forgets it in the same
   * transaction), so a restart knows an unconfirmed print may be in the customer's hand.
   */
  notePrintStarted(start: ReceiptPrintStart): void;
}

/** The first print of an owed original started (outside the chain, in the ledger file): see LedgerTx.notePrintStarted. */
export interface ReceiptPrintStart {
  receiptNo: number;
  printerId: string;
  startedAt: string;
}

export interface LedgerStore {
  readonly terminalId: string;
  receipt(receiptNo: number): ReceiptRecord | undefined;
  /** Quantity (thousandths) already returned per line of a sale's receipt. */
  returnedQuantities(originalReceiptNo: number): Map<number, number>;
  /** The return entries recorded against a sale's receipt, in seq order (what each refunded). */
  returnsAgainst(originalReceiptNo: number): LedgerEntry[];
  dayTotals(businessDay: string): Record<string, DayTotal>;
  /** Where a serial stands at this till (its last real sale, return or post-void); undefined if never sold here. */
  serialState(serial: string): SerialState | undefined;
  /** What a gift card has left by this till's ledger (issue #15); undefined when this till never saw the card. */
  giftCardBalance(cardRef: string): GiftCardBalance | undefined;
  businessDay(businessDay: string): BusinessDayRecord | undefined;
  /** Members who joined at this till with this phone number, or whose name contains `name`; at most `limit`. */
  membersCreatedHere(search: { phone: string } | { name: string }, limit: number): MemberCreatedHere[];
  memberCreatedHere(memberId: string): MemberCreatedHere | undefined;
  /** The member's latest live (not training) sales at this till, newest first. */
  memberPurchases(memberId: string, limit: number): MemberPurchase[];
  /** Days with entries and no Z report yet, oldest first. */
  unsealedDays(): BusinessDayRecord[];
  drawerSessions(filter: { businessDay?: string; open?: boolean }): DrawerSessionRecord[];
  /** The most recent Z report entry, if any. */
  lastZReport(): LedgerEntry | undefined;
  /** Z report entries with business days in [from, to], in order. */
  zReports(from: string, to: string): LedgerEntry[];
  head(): LedgerHead;
  /**
   * Runs `fn` in one transaction; commits only if it returns. Durable against power loss (WAL,
   * synchronous=FULL) unless `durability` is 'process-crash', where appending an entry or noting a
   * print is refused (ledger.invalid-entry).
   */
  write<T>(fn: (tx: LedgerTx) => T, durability?: Durability): T;
  /** Entries in seq order, streamed. */
  entries(range?: { from?: number; to?: number }): IterableIterator<LedgerEntry>;
  entry(seq: number): LedgerEntry | undefined;
  openObligations(): OpenObligation[];
  /** The print start noted for a receipt still owed, if any (see LedgerTx.notePrintStarted). */
  printStarted(receiptNo: number): ReceiptPrintStart | undefined;
  /** The sale in progress saved by the last keepSaleInProgress, if any. */
  saleInProgress(): SaleInProgressRecord | undefined;
  /** The seqs of the sale-parked entries whose sale is still held (no sale-recalled entry yet), oldest first. */
  parkedSales(): number[];
  isDaySealed(businessDay: string): boolean;
  close(): void;
}
