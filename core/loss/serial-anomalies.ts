// Serial anomalies as loss-prevention cases (issue #14): every serialized piece's sales, returns
// and post-voids read in one pass over the entries (of one till or many), in time order, as
// core/loss/serial-history.ts reads one serial's. A piece sold again while the ledgers show it
// sold (no return in between), returned while they show it in the store, or returned against
// another receipt than the sale that made its owner of record (someone else's piece brought back)
// is a case.
import type { LedgerEntry } from '../ledger/entry.ts';
import { knownEntry } from '../ledger/bodies.ts';
import type { LossCase } from './loss-scan.ts';
import { explained } from './loss-text.ts';

export interface SerialAnomalyRules {
  /** Which anomalies are cases. */
  soldTwice: boolean;
  returnedByOther: boolean;
}

interface Event {
  event: 'sold' | 'returned' | 'post-voided';
  terminalId: string;
  seq: number;
  at: string;
  businessDay: string;
  staffId: string | null;
  memberId: string | null;
  receiptNo: number;
  amount: number;
  /** Returns: the receipt named (undefined: without a receipt). */
  originalReceiptNo?: number;
}

const ORDER = (a: Event, b: Event) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.terminalId < b.terminalId ? -1 : a.terminalId > b.terminalId ? 1 : a.seq - b.seq;

/** Every serial's events in `entries`, by serial (not yet in time order). */
export function serialEvents(entries: Iterable<LedgerEntry>): Map<string, Event[]> {
  const bySerial = new Map<string, Event[]>();
  // Till and receipt -> the serials it sold and its member, for post-voids.
  const soldOn = new Map<string, { serials: Array<{ serial: string; amount: number }>; memberId: string | null }>();
  const push = (serial: string, ev: Event) => {
    let list = bySerial.get(serial);
    if (!list) bySerial.set(serial, (list = []));
    list.push(ev);
  };
  for (const raw of entries) {
    if (raw.kind !== 'sale' && raw.kind !== 'return' && raw.kind !== 'void') continue;
    const e = knownEntry(raw);
    if (!e) continue;
    const base = { terminalId: e.terminalId, seq: e.seq, at: e.endedAt, businessDay: e.businessDay, staffId: e.operatorId };
    if (e.kind === 'sale' && !e.body.training) {
      let serials: Array<{ serial: string; amount: number }> | null = null;
      const memberId = e.body.member?.memberId ?? null;
      for (const l of e.body.lines) {
        if (!l.serial || l.voided) continue;
        (serials ??= []).push({ serial: l.serial.value, amount: l.amount });
        push(l.serial.value, { event: 'sold', ...base, memberId, receiptNo: e.body.receiptNo, amount: l.amount });
      }
      if (serials) soldOn.set(`${e.terminalId}\u0000${e.body.receiptNo}`, { serials, memberId });
    } else if (e.kind === 'return' && !e.body.training) {
      for (const l of e.body.lines) {
        if (!l.serial) continue;
        push(l.serial, {
          event: 'returned',
          ...base,
          memberId: null,
          receiptNo: e.body.receiptNo,
          amount: l.amount,
          ...(e.body.originalReceiptNo !== undefined ? { originalReceiptNo: e.body.originalReceiptNo } : {}),
        });
      }
    } else if (e.kind === 'void' && e.body.scope === 'post-void' && e.body.receiptNo !== undefined) {
      const sold = soldOn.get(`${e.terminalId}\u0000${e.body.receiptNo}`);
      for (const s of sold?.serials ?? [])
        push(s.serial, { event: 'post-voided', ...base, memberId: sold!.memberId, receiptNo: e.body.receiptNo, amount: s.amount });
    }
  }
  return bySerial;
}

/** The owner of record as a case names it. */
function ownerOf(e: Event): { memberId: string | null; terminalId: string; seq: number; day: string; receiptNo: number } {
  return { memberId: e.memberId, terminalId: e.terminalId, seq: e.seq, day: e.businessDay, receiptNo: e.receiptNo };
}

/** One case per anomaly in any serial's history over `entries`. */
export function serialAnomalyCases(entries: Iterable<LedgerEntry>, rules: SerialAnomalyRules): LossCase[] {
  const cases: LossCase[] = [];
  for (const [serial, events] of serialEvents(entries)) {
    events.sort(ORDER);
    let owner: Event | null = null; // the sale that made the owner of record, while sold
    for (const ev of events) {
      if (ev.event === 'sold') {
        if (owner && rules.soldTwice)
          cases.push({
            rule: 'serial-anomaly',
            score: 80,
            staffIds: [...new Set([ev.staffId, owner.staffId].filter((s): s is string => s !== null))],
            memberId: ev.memberId,
            terminalId: ev.terminalId,
            seqs: owner.terminalId === ev.terminalId ? [owner.seq, ev.seq] : [ev.seq],
            evidence: [
              { terminalId: owner.terminalId, seq: owner.seq },
              { terminalId: ev.terminalId, seq: ev.seq },
            ],
            businessDay: ev.businessDay,
            amountAtRisk: ev.amount,
            ...explained({
              rule: 'serial-anomaly',
              variant: 'sold-twice',
              serial,
              memberId: ev.memberId,
              seq: ev.seq,
              day: ev.businessDay,
              owner: ownerOf(owner),
            }),
          });
        owner = ev;
        continue;
      }
      if (ev.event === 'post-voided') {
        owner = null;
        continue;
      }
      const againstOwner = owner !== null && ev.originalReceiptNo === owner.receiptNo && ev.terminalId === owner.terminalId;
      if (!againstOwner && rules.returnedByOther) {
        const evidence = [...(owner ? [{ terminalId: owner.terminalId, seq: owner.seq }] : []), { terminalId: ev.terminalId, seq: ev.seq }];
        cases.push({
          rule: 'serial-anomaly',
          score: owner ? 70 : 60,
          staffIds: ev.staffId ? [ev.staffId] : [],
          memberId: owner?.memberId ?? null,
          terminalId: ev.terminalId,
          seqs: evidence.filter((x) => x.terminalId === ev.terminalId).map((x) => x.seq),
          evidence,
          businessDay: ev.businessDay,
          amountAtRisk: ev.amount,
          ...explained(
            owner
              ? {
                  rule: 'serial-anomaly',
                  variant: 'returned-by-other',
                  serial,
                  seq: ev.seq,
                  day: ev.businessDay,
                  receiptNo: ev.originalReceiptNo ?? null,
                  owner: ownerOf(owner),
                }
              : { rule: 'serial-anomaly', variant: 'returned-in-store', serial, seq: ev.seq, day: ev.businessDay },
          ),
        });
      }
      owner = null;
    }
  }
  return cases;
}
