// The history of one serial read from ledgers (issue #14): each sale, return and post-void that
// names it, with the entry that says so, and its owner of record after the last of them. Pure: the
// CLI (and HQ) hand it the entries of as many ledgers as they hold. The same piece sold while the
// ledgers show it sold, or returned while they show it not sold, is marked as an anomaly.
import type { LedgerEntry } from '../ledger/entry.ts';
import { knownEntry } from '../ledger/bodies.ts';
import { normalizeSerial } from '../sales/serial.ts';

export interface SerialEvent {
  event: 'sold' | 'returned' | 'post-voided';
  terminalId: string;
  seq: number;
  hash: string;
  at: string;
  businessDay: string;
  storeId: string | null;
  receiptNo: number;
  lineNo: number;
  /** Sold: the member the sale was attributed to (null: walk-in). Returned/voided: the member the piece was sold to, when known. */
  memberId: string | null;
  /** Who rang it up. */
  cashierId: string | null;
  /** Sold: 'scanned' or 'typed'; typed ones name the approval entry. */
  entry?: 'scanned' | 'typed';
  approvalSeq?: number;
  /** Returns: the receipt returned against, when with a receipt. */
  originalReceiptNo?: number;
  /** Set when this event does not follow from the ones before it. */
  anomaly?: 'sold-while-sold' | 'returned-while-not-sold';
}

export interface SerialHistory {
  serial: string;
  events: SerialEvent[];
  /** Who the piece belongs to now: 'sold' to a member or 'walk-in', 'in-store' after a return or void, 'unknown' when never sold. */
  owner: { status: 'sold'; memberId: string | null } | { status: 'in-store' | 'unknown' };
}

const ORDER = (a: SerialEvent, b: SerialEvent) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.terminalId < b.terminalId ? -1 : a.terminalId > b.terminalId ? 1 : a.seq - b.seq;

/** The serial's events in one ledger's entries (in seq order); `into` collects them. */
function eventsOfLedger(entries: Iterable<LedgerEntry>, serial: string, into: SerialEvent[]): void {
  let storeId: string | null = null;
  // Receipt -> the serial's line and member, for returns and post-voids of the sale.
  const sales = new Map<number, { lineNo: number; memberId: string | null }>();
  for (const raw of entries) {
    const e = knownEntry(raw);
    if (!e) continue;
    const base = { terminalId: e.terminalId, seq: e.seq, hash: e.hash, at: e.endedAt, businessDay: e.businessDay, cashierId: e.operatorId };
    if (e.kind === 'ledger-opened') storeId = e.body.storeId;
    else if (e.kind === 'sale' && !e.body.training) {
      const line = e.body.lines.find((l) => l.serial?.value === serial && !l.voided);
      if (!line?.serial) continue;
      const memberId = e.body.member?.memberId ?? null;
      sales.set(e.body.receiptNo, { lineNo: line.lineNo, memberId });
      const { entry, approvalSeq } = line.serial;
      into.push({
        event: 'sold',
        ...base,
        storeId,
        receiptNo: e.body.receiptNo,
        lineNo: line.lineNo,
        memberId,
        entry,
        ...(approvalSeq ? { approvalSeq } : {}),
      });
    } else if (e.kind === 'return' && !e.body.training) {
      const line = e.body.lines.find((l) => l.serial === serial);
      if (!line) continue;
      const sold = e.body.originalReceiptNo !== undefined ? sales.get(e.body.originalReceiptNo) : undefined;
      const original = e.body.originalReceiptNo !== undefined ? { originalReceiptNo: e.body.originalReceiptNo } : {};
      into.push({
        event: 'returned',
        ...base,
        storeId,
        receiptNo: e.body.receiptNo,
        lineNo: line.lineNo,
        memberId: sold?.memberId ?? null,
        ...original,
      });
    } else if (e.kind === 'void' && e.body.scope === 'post-void' && e.body.receiptNo !== undefined) {
      const sold = sales.get(e.body.receiptNo);
      if (!sold) continue;
      into.push({ event: 'post-voided', ...base, storeId, receiptNo: e.body.receiptNo, lineNo: sold.lineNo, memberId: sold.memberId });
    }
  }
}

/** The history of `serial` over the given ledgers (each an iterable of its entries in seq order). */
export function serialHistory(ledgers: Iterable<Iterable<LedgerEntry>>, rawSerial: string): SerialHistory {
  const check = normalizeSerial(rawSerial);
  const serial = check.ok ? check.serial : rawSerial;
  const events: SerialEvent[] = [];
  for (const entries of ledgers) eventsOfLedger(entries, serial, events);
  events.sort(ORDER);
  let owner: SerialHistory['owner'] = { status: 'unknown' };
  for (const ev of events) {
    if (ev.event === 'sold') {
      if (owner.status === 'sold') ev.anomaly = 'sold-while-sold';
      owner = { status: 'sold', memberId: ev.memberId };
    } else {
      if (owner.status !== 'sold') ev.anomaly = 'returned-while-not-sold';
      owner = { status: 'in-store' };
    }
  }
  return { serial, events, owner };
}

/** The owner of record as a person reads it: the member id, "walk-in", or where the piece is. */
export function ownerText(history: SerialHistory): string {
  const o = history.owner;
  if (o.status === 'sold') return o.memberId ?? 'walk-in';
  return o.status === 'in-store' ? 'none: returned to the store' : 'none: never sold in these ledgers';
}
