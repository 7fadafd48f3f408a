// Exceptions per staff member (issue #14): which entries count as an exception and whose, shared
// by HQ's cross-store report (hq/report-projection.ts) and the loss-prevention scan, and the rule
// that compares each staff member's count with the store's baseline using the median and the
// median absolute deviation over staff, so one busy week or one odd store does not need its own
// fixed threshold. Bodies are read defensively: a field of the wrong type counts as absent.
import type { LedgerEntry } from '../ledger/entry.ts';
import { isManualLookup } from '../sales/member.ts';
import type { LossCase } from './loss-scan.ts';
import { explained } from './loss-text.ts';

export const EXCEPTION_KINDS = [
  'lineVoids',
  'saleVoids',
  'postVoids',
  'noSales',
  'manualMembers',
  'reprints',
  'discountApprovals',
  'priceOverrides',
  'returnsWithoutReceipt',
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** What an exception entry counts as, against whom (null: recorded without an operator), and the amount it moved. */
export interface StaffException {
  kind: ExceptionKind;
  staffId: string | null;
  amount: number;
}

type Body = Record<string, unknown>;

function obj(v: unknown): Body | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : null;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : 0;
}

/** The exception `entry` is, if any. Training sales and returns are none. */
export function exceptionOf(entry: LedgerEntry): StaffException | null {
  const body = obj(entry.body);
  if (!body) return null;
  const staffId = entry.operatorId;
  switch (entry.kind) {
    case 'sale':
      if (body.training === true || !isManualLookup(obj(body.member)?.verification)) return null;
      return { kind: 'manualMembers', staffId, amount: 0 };
    case 'return':
      if (body.training === true || body.withReceipt !== false) return null;
      return { kind: 'returnsWithoutReceipt', staffId, amount: num(body.total) };
    case 'void': {
      const scope = body.scope;
      if (scope === 'line') return { kind: 'lineVoids', staffId, amount: 0 };
      if (scope === 'sale') return { kind: 'saleVoids', staffId, amount: 0 };
      if (scope === 'post-void') return { kind: 'postVoids', staffId, amount: num(body.amount) };
      return null;
    }
    case 'no-sale':
      return { kind: 'noSales', staffId, amount: 0 };
    case 'receipt-reprinted':
      return { kind: 'reprints', staffId, amount: 0 };
    case 'approval': {
      // The host names the action in words ("a discount above the limit", "a price override").
      const action = typeof body.action === 'string' ? body.action : '';
      const requester = typeof body.requesterId === 'string' ? body.requesterId : staffId;
      if (/discount/i.test(action)) return { kind: 'discountApprovals', staffId: requester, amount: 0 };
      if (/price/i.test(action)) return { kind: 'priceOverrides', staffId: requester, amount: 0 };
      return null;
    }
    default:
      return null;
  }
}

export interface StaffExceptionRules {
  /** A staff member is flagged when their count is at least this ... */
  minCount: number;
  /** ... and at least this many robust standard deviations (1.4826 x MAD) above the median over staff. */
  robustZ: number;
  /** Exception kinds not compared (line voids are part of ringing up). */
  ignore: ExceptionKind[];
}

/** The median of `values` (not empty). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Tally {
  count: number;
  amount: number;
  evidence: Array<{ terminalId: string; seq: number; businessDay: string }>;
}

/**
 * One case per staff member and exception kind whose count over `entries` stands out from the
 * other staff's. The baseline is every staff member seen on the entries (a sale, or any
 * exception), so a cashier with none counts as 0 rather than being left out.
 */
export function staffExceptionCases(entries: Iterable<LedgerEntry>, rules: StaffExceptionRules): LossCase[] {
  const staff = new Set<string>();
  const tallies = new Map<ExceptionKind, Map<string, Tally>>();
  for (const entry of entries) {
    if (entry.kind === 'sale' && entry.operatorId !== null) staff.add(entry.operatorId);
    const ex = exceptionOf(entry);
    if (!ex || ex.staffId === null || rules.ignore.includes(ex.kind)) continue;
    staff.add(ex.staffId);
    let byStaff = tallies.get(ex.kind);
    if (!byStaff) tallies.set(ex.kind, (byStaff = new Map()));
    let t = byStaff.get(ex.staffId);
    if (!t) byStaff.set(ex.staffId, (t = { count: 0, amount: 0, evidence: [] }));
    t.count++;
    t.amount += ex.amount;
    t.evidence.push({ terminalId: entry.terminalId, seq: entry.seq, businessDay: entry.businessDay });
  }
  const cases: LossCase[] = [];
  const everyone = [...staff].sort();
  for (const kind of EXCEPTION_KINDS) {
    const byStaff = tallies.get(kind);
    if (!byStaff) continue;
    const counts = everyone.map((s) => byStaff.get(s)?.count ?? 0);
    const mid = median(counts);
    // A MAD of 0 (most staff alike) would make any excess infinite: one exception is the smallest spread.
    const spread = 1.4826 * Math.max(1, median(counts.map((c) => Math.abs(c - mid))));
    for (const staffId of everyone) {
      const t = byStaff.get(staffId);
      if (!t || t.count < rules.minCount) continue;
      const z = (t.count - mid) / spread;
      if (z < rules.robustZ) continue;
      const first = t.evidence[0]!;
      const days = t.evidence.map((e) => e.businessDay).sort();
      cases.push({
        rule: 'staff-exceptions',
        score: Math.min(100, Math.round(40 + 10 * z)),
        staffIds: [staffId],
        memberId: null,
        terminalId: first.terminalId,
        seqs: t.evidence.filter((e) => e.terminalId === first.terminalId).map((e) => e.seq),
        evidence: t.evidence.map(({ terminalId, seq }) => ({ terminalId, seq })),
        businessDay: days.at(-1)!,
        amountAtRisk: t.amount,
        ...explained({
          rule: 'staff-exceptions',
          staffId,
          count: t.count,
          kind,
          from: days[0]!,
          to: days.at(-1)!,
          median: mid,
          staff: everyone.length,
          z,
        }),
      });
    }
  }
  return cases;
}
