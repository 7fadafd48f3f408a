// Headquarters as the sync engine sees it: ledger entries go up, master data comes down.
// platform/hq-client.ts implements it over HTTPS; tests pass small in-memory ones.
import type { LedgerEntry } from '../ledger/entry.ts';
import type { InvoiceRange } from '../fiscal/tw-einvoice/number-ranges.ts';

/** A run of consecutive entries of one terminal, oldest first. */
export interface OutboxBatch {
  terminalId: string;
  entries: LedgerEntry[];
  /** Approximate serialized size, for batch sizing. */
  bytes: number;
  /** Key rotations after the batch that introduce the key signing the request (OutboxSource.endorsements). */
  keyRotations?: LedgerEntry[];
  /** What the till says about itself, sent along with the batch for the HQ console (optional: older tills send none). */
  report?: TerminalReport;
}

/** A till's device as it reports it to HQ: its kind, its id and its state (closed, idle, busy, error, offline). */
export interface ReportedDevice {
  kind: string;
  id: string;
  state: string;
  /** Why (paper-out, not-connected...), when the till knows. */
  reason?: string;
}

/** The till's report to HQ with each batch: its software, its devices, and what it still holds that HQ has not received. */
export interface TerminalReport {
  softwareVersion: string;
  devices: ReportedDevice[];
  /** Entries written on the till after this batch's last entry (not yet sent to HQ). */
  backlog: number;
}

export interface PushAck {
  /** Highest seq HQ holds verified, contiguous from 1. The terminal's cursor follows it. */
  ackSeq: number;
  /** Hash of entry `ackSeq` at HQ (null when ackSeq is 0). */
  ackHash: string | null;
  /** Entries of the batch newly stored. */
  stored: number;
  /** Entries of the batch HQ already held with the same hash. */
  duplicates: number;
  /** Entries HQ is missing before the batch (it stores nothing after a gap). */
  gap: { from: number; to: number } | null;
}

/** One master-data record as HQ last published it. `record` is checked by whoever applies it. */
export interface MasterDataChange {
  version: number;
  section: string;
  key: string;
  record: unknown;
}

export interface MasterDataPage {
  changes: MasterDataChange[];
  /** Version to ask from next time. */
  cursor: number;
  /** More changes wait after `cursor`. */
  more: boolean;
}

/** A range of Taiwan e-invoice numbers HQ assigned to the terminal, with its period ("11512"). */
export interface AssignedInvoiceRange extends InvoiceRange {
  period: string;
}

export interface HqClient {
  pushEntries(batch: OutboxBatch, signal?: AbortSignal): Promise<PushAck>;
  masterDataSince(cursor: number, signal?: AbortSignal): Promise<MasterDataPage>;
  /** The e-invoice ranges HQ assigned to this terminal for the current and later periods. */
  invoiceRanges?(signal?: AbortSignal): Promise<AssignedInvoiceRange[]>;
}
