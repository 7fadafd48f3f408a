// What core needs from the outside world. db/, hardware/ and platform/ implement these;
// host/ wires them together. Tests pass real adapters or small in-memory ones.
import type { EntryDraft, LedgerEntry } from './ledger/entry.ts';

export type { LedgerCrypto, Signer } from './ledger/crypto.ts';

export interface LedgerHead {
  terminalId: string;
  seq: number;
  hash: string;
  activeKeyId: string;
}

/** Inside one durable transaction. Everything here is synchronous: no await may split it. */
export interface LedgerTx {
  /** Validates, chains, signs, inserts and projects one entry. Throws and rolls back on any error. */
  append(draft: EntryDraft): LedgerEntry;
  /** The next gap-free receipt number (sales and returns share one sequence). */
  nextReceiptNo(): number;
  head(): LedgerHead;
}

export interface OpenObligation {
  receiptNo: number;
  documentId: string;
  kind: 'sale' | 'return';
  openedSeq: number;
  failures: number;
}

export interface LedgerStore {
  readonly terminalId: string;
  head(): LedgerHead;
  /** Runs `fn` in one durable transaction (WAL, synchronous=FULL); commits only if it returns. */
  write<T>(fn: (tx: LedgerTx) => T): T;
  /** Entries in seq order, streamed. */
  entries(range?: { from?: number; to?: number }): IterableIterator<LedgerEntry>;
  entry(seq: number): LedgerEntry | undefined;
  openObligations(): OpenObligation[];
  isDaySealed(businessDay: string): boolean;
  close(): void;
}

export interface Clock {
  now(): Date;
}
