// Loss-prevention rules about what staff do at the till (issue #14), in the same pure style as
// core/loss/loss-scan.ts: refunds paid to another tender than the sale, refunds rung up shortly
// after the sale by the same cashier, and three shares compared per staff member with their
// peers of the same week (declined paper receipts, no-sales, sales at a member tier). The shares
// are compared with the median over the staff who worked that window and the median absolute
// deviation (robust statistics): a busy week or a store where everybody declines paper moves the
// baseline for everyone, and only the one far from their colleagues is a case.
import type { LedgerEntry } from '../ledger/entry.ts';
import { entryOf, type EntryOf } from '../ledger/bodies.ts';
import { median } from './staff-exceptions.ts';
import type { LossCase } from './loss-scan.ts';
import { explained } from './loss-text.ts';

type Sale = EntryOf<'sale'>;
type Return = EntryOf<'return'>;

export interface RefundOtherTenderRules {
  /** A return paying at least this much (minor units) to a tender the sale did not use is a case. */
  minAmount: number;
}

export interface QuickRefundRules {
  /** A return within this many minutes of its sale, rung up by the sale's cashier, is a case ... */
  withinMinutes: number;
  /** ... when it refunds at least this much (minor units) ... */
  minAmount: number;
  /** ... in cash (a refund to the card that paid goes back to the customer); false: any tender. */
  cashOnly: boolean;
}

export interface PeerShareRules {
  /** Length of the window compared (days; 7: Monday to Sunday). */
  windowDays: number;
  /** Fewer sales than this in a window: the staff member is neither judged nor part of the baseline. */
  minSales: number;
  /** Fewer hits than this in a window are never a case. */
  minCount: number;
  /** The share must be at least this far above the peers' median (0.10: ten percentage points) ... */
  minExcess: number;
  /** ... and at least this many robust standard deviations (1.4826 x MAD) above it. */
  robustZ: number;
}

/** Whose the sales counted by a share rule are: the cashier who rang them up or the salesperson. */
type ShareOwner = (sale: Sale) => string | null;

/** The key of a sale: receipt numbers are per till. */
const receiptKey = (terminalId: string, receiptNo: number) => `${terminalId}\u0000${receiptNo}`;

const DAY_MS = 86_400_000;

/** The window a business day falls in: windows of `days` days counted from Monday 1970-01-05. */
export function windowOf(businessDay: string, days: number): { index: number; from: string; to: string } {
  const ms = Date.parse(`${businessDay}T00:00:00Z`);
  const monday0 = Date.parse('1970-01-05T00:00:00Z');
  const index = Math.floor((ms - monday0) / (days * DAY_MS));
  const from = new Date(monday0 + index * days * DAY_MS).toISOString().slice(0, 10);
  const to = new Date(monday0 + ((index + 1) * days - 1) * DAY_MS).toISOString().slice(0, 10);
  return { index, from, to };
}

/** Window indexes by business day, for one window length: a year of entries has a few hundred days. */
function windowIndexer(days: number): (businessDay: string) => number {
  const cache = new Map<string, number>();
  return (businessDay) => {
    let w = cache.get(businessDay);
    if (w === undefined) cache.set(businessDay, (w = windowOf(businessDay, days).index));
    return w;
  };
}

/** The sales of `entries` (not training) by till and receipt number, for the returns that name them. */
export function salesByReceipt(entries: Iterable<LedgerEntry>): Map<string, Sale> {
  const map = new Map<string, Sale>();
  for (const e of entries) {
    const sale = entryOf(e, 'sale');
    if (sale && !sale.body.training) map.set(receiptKey(sale.terminalId, sale.body.receiptNo), sale);
  }
  return map;
}

function originalOf(ret: Return, sales: ReadonlyMap<string, Sale>): Sale | undefined {
  return ret.body.originalReceiptNo === undefined ? undefined : sales.get(receiptKey(ret.terminalId, ret.body.originalReceiptNo));
}

/** What a return paid to tenders its sale was not paid with: as recorded (`otherTender`), else from the sale when it is in the entries. */
export function otherTenderAmount(ret: Return, sale: Sale | undefined): number {
  if (ret.body.otherTender) return ret.body.otherTender.amount;
  if (!sale) return 0;
  const paid = new Set(sale.body.tenders.map((t) => t.type));
  return ret.body.refunds.reduce((sum, r) => sum + (paid.has(r.type) ? 0 : r.amount), 0);
}

function scoreByAmount(base: number, amount: number, threshold: number): number {
  return Math.min(95, base + Math.round(10 * Math.log2(Math.max(1, amount / Math.max(1, threshold)))));
}

function returnsOf(entries: Iterable<LedgerEntry>): Return[] {
  const out: Return[] = [];
  for (const e of entries) {
    const ret = entryOf(e, 'return');
    if (ret && !ret.body.training) out.push(ret);
  }
  return out;
}

/**
 * Refunds paid to another tender than the sale was paid with: a card sale refunded in cash puts
 * cash in someone's hand for money the card holder already has. One case per return paying at
 * least `minAmount` that way.
 */
export function refundOtherTenderCases(
  returns: readonly Return[],
  sales: ReadonlyMap<string, Sale>,
  rules: RefundOtherTenderRules,
): LossCase[] {
  const cases: LossCase[] = [];
  for (const ret of returns) {
    const sale = originalOf(ret, sales);
    const other = otherTenderAmount(ret, sale);
    if (other <= 0 || other < rules.minAmount) continue;
    const sameCashier = sale !== undefined && sale.operatorId === ret.operatorId;
    const staffIds = [ret.operatorId, ...(sale?.operatorId && sale.operatorId !== ret.operatorId ? [sale.operatorId] : [])].filter(
      (s): s is string => s !== null,
    );
    const seqs = sale && sale.terminalId === ret.terminalId ? [sale.seq, ret.seq] : [ret.seq];
    cases.push({
      rule: 'refund-other-tender',
      score: scoreByAmount(45, other, rules.minAmount) + (sameCashier ? 5 : 0),
      staffIds,
      memberId: sale?.body.member?.memberId ?? null,
      terminalId: ret.terminalId,
      seqs,
      evidence: seqs.map((seq) => ({ terminalId: ret.terminalId, seq })),
      businessDay: ret.businessDay,
      amountAtRisk: other,
      ...explained({
        rule: 'refund-other-tender',
        staffId: ret.operatorId,
        amount: other,
        tenders: ret.body.refunds.filter((r) => !sale || !sale.body.tenders.some((t) => t.type === r.type)).map((r) => r.type),
        seq: ret.seq,
        sale: sale
          ? { receiptNo: sale.body.receiptNo, seq: sale.seq, day: sale.businessDay, tenders: sale.body.tenders.map((t) => t.type) }
          : null,
        sameCashier,
      }),
    });
  }
  return cases;
}

/**
 * Refunds soon after the sale by the cashier who rang it up: the sale is real on the customer's
 * receipt, the refund takes the money back out of the drawer. One case per return against a
 * receipt on the same till within `withinMinutes`, of at least `minAmount` (paid in cash, unless
 * `cashOnly` is off).
 */
export function quickRefundCases(returns: readonly Return[], sales: ReadonlyMap<string, Sale>, rules: QuickRefundRules): LossCase[] {
  const cases: LossCase[] = [];
  for (const ret of returns) {
    const sale = originalOf(ret, sales);
    if (!sale || sale.operatorId === null || sale.operatorId !== ret.operatorId || ret.body.total < rules.minAmount) continue;
    if (rules.cashOnly && !ret.body.refunds.some((r) => r.type === 'cash' && r.amount > 0)) continue;
    const minutes = (Date.parse(ret.endedAt) - Date.parse(sale.endedAt)) / 60_000;
    if (!(minutes >= 0 && minutes <= rules.withinMinutes)) continue;
    cases.push({
      rule: 'quick-refund',
      score: Math.min(90, 50 + Math.round(20 * (1 - minutes / Math.max(1, rules.withinMinutes))) + (ret.body.withReceipt ? 0 : 10)),
      staffIds: [sale.operatorId],
      memberId: sale.body.member?.memberId ?? null,
      terminalId: ret.terminalId,
      seqs: [sale.seq, ret.seq],
      evidence: [
        { terminalId: sale.terminalId, seq: sale.seq },
        { terminalId: ret.terminalId, seq: ret.seq },
      ],
      businessDay: ret.businessDay,
      amountAtRisk: ret.body.total,
      ...explained({
        rule: 'quick-refund',
        staffId: sale.operatorId,
        total: ret.body.total,
        tenders: ret.body.refunds.map((r) => r.type),
        seq: ret.seq,
        minutes: Math.round(minutes),
        saleSeq: sale.seq,
        receiptNo: sale.body.receiptNo,
      }),
    });
  }
  return cases;
}

interface ShareTally {
  sales: number;
  hits: Array<{ terminalId: string; seq: number; businessDay: string }>;
}

/** Tallies per window, then per staff member. */
type Windows = Map<number, Map<string, ShareTally>>;

function tally(windows: Windows, window: number, staffId: string): ShareTally {
  let byStaff = windows.get(window);
  if (!byStaff) windows.set(window, (byStaff = new Map()));
  let t = byStaff.get(staffId);
  if (!t) byStaff.set(staffId, (t = { sales: 0, hits: [] }));
  return t;
}

interface ShareRule {
  rule: 'declined-receipts' | 'no-sale-rate' | 'tier-share';
  base: number;
}

/** One case per staff member and window whose share stands out from the other staff's of the window. */
function peerShareCases(windows: Windows, rules: PeerShareRules, r: ShareRule): LossCase[] {
  const cases: LossCase[] = [];
  for (const [w, byStaff] of windows) {
    const judged = [...byStaff].filter(([, t]) => t.sales >= rules.minSales).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (judged.length < 3) continue; // no peers to compare with
    const shares = judged.map(([, t]) => t.hits.length / t.sales);
    const mid = median(shares);
    const mad = median(shares.map((s) => Math.abs(s - mid)));
    // A MAD of 0 (everyone alike) would make any excess infinite: `minExcess` is the least spread.
    const spread = 1.4826 * Math.max(mad, rules.minExcess / Math.max(1, rules.robustZ));
    const { from, to } = windowOf(dayAt(w, rules.windowDays), rules.windowDays);
    for (const [staffId, t] of judged) {
      const share = t.hits.length / t.sales;
      const z = (share - mid) / spread;
      if (t.hits.length < rules.minCount || share - mid < rules.minExcess || z < rules.robustZ) continue;
      const first = t.hits[0]!;
      cases.push({
        rule: r.rule,
        score: Math.min(100, Math.round(r.base + 5 * z)),
        staffIds: [staffId],
        memberId: null,
        terminalId: first.terminalId,
        seqs: t.hits.filter((h) => h.terminalId === first.terminalId).map((h) => h.seq),
        evidence: t.hits.map(({ terminalId, seq }) => ({ terminalId, seq })),
        businessDay: t.hits.map((h) => h.businessDay).reduce((a, b) => (a > b ? a : b)),
        amountAtRisk: 0,
        ...explained({
          rule: r.rule,
          staffId,
          count: t.hits.length,
          sales: t.sales,
          from,
          to,
          share,
          median: mid,
          staff: judged.length,
          z,
        }),
      });
    }
  }
  return cases;
}

export interface StaffShareInput {
  sales: readonly Sale[];
  /** Entries that are not sales: receipts issued and no-sales are read from them. */
  entries: Iterable<LedgerEntry>;
  salesperson: ShareOwner;
  /** Whether a sale's lines are at a member tier price. */
  atTier: (sale: Sale) => boolean;
}

/** The three peer-share rules: declined paper receipts and no-sales per cashier, member-tier sales per salesperson. */
export function peerShareRuleCases(
  input: StaffShareInput,
  rules: { declinedReceipts: PeerShareRules; noSaleRate: PeerShareRules; tierShare: PeerShareRules },
): LossCase[] {
  const declined: Windows = new Map();
  const noSales: Windows = new Map();
  const tier: Windows = new Map();
  const saleByKey = new Map<string, Sale>();
  const declinedSales = new Set<string>();
  const declinedWindow = windowIndexer(rules.declinedReceipts.windowDays);
  const noSaleWindow = windowIndexer(rules.noSaleRate.windowDays);
  const tierWindow = windowIndexer(rules.tierShare.windowDays);
  for (const sale of input.sales) {
    saleByKey.set(`${sale.terminalId}\u0000${sale.body.saleId}`, sale);
    const cashier = sale.operatorId;
    if (cashier !== null) {
      tally(declined, declinedWindow(sale.businessDay), cashier).sales++;
      tally(noSales, noSaleWindow(sale.businessDay), cashier).sales++;
    }
    const seller = input.salesperson(sale);
    if (seller !== null) {
      const t = tally(tier, tierWindow(sale.businessDay), seller);
      t.sales++;
      if (input.atTier(sale)) t.hits.push({ terminalId: sale.terminalId, seq: sale.seq, businessDay: sale.businessDay });
    }
  }
  for (const e of input.entries) {
    if (e.kind === 'no-sale' && e.operatorId !== null) {
      tally(noSales, noSaleWindow(e.businessDay), e.operatorId).hits.push({
        terminalId: e.terminalId,
        seq: e.seq,
        businessDay: e.businessDay,
      });
      continue;
    }
    const issued = entryOf(e, 'receipt-issued');
    if (!issued || issued.body.electronicReason !== 'declined-paper' || issued.body.forEntry === 'return') continue;
    const key = `${issued.terminalId}\u0000${issued.body.saleId}`;
    const sale = saleByKey.get(key);
    // A sale counts once, however many receipts it was issued.
    if (!sale || sale.operatorId === null || declinedSales.has(key)) continue;
    declinedSales.add(key);
    tally(declined, declinedWindow(sale.businessDay), sale.operatorId).hits.push({
      terminalId: sale.terminalId,
      seq: sale.seq,
      businessDay: sale.businessDay,
    });
  }
  return [
    ...peerShareCases(declined, rules.declinedReceipts, {
      rule: 'declined-receipts',
      base: 45,
    }),
    ...peerShareCases(noSales, rules.noSaleRate, {
      rule: 'no-sale-rate',
      base: 40,
    }),
    ...peerShareCases(tier, rules.tierShare, {
      rule: 'tier-share',
      base: 40,
    }),
  ];
}

/** The first day of window `w` of `windowDays` days. */
function dayAt(w: number, windowDays: number): string {
  return new Date(Date.parse('1970-01-05T00:00:00Z') + w * windowDays * DAY_MS).toISOString().slice(0, 10);
}

/** Refund rules over `entries` (returns and the sales they name). */
export function refundRuleCases(
  entries: readonly LedgerEntry[],
  rules: { refundOtherTender: RefundOtherTenderRules; quickRefund: QuickRefundRules },
  sales: ReadonlyMap<string, Sale> = salesByReceipt(entries),
): LossCase[] {
  const returns = returnsOf(entries);
  return [...refundOtherTenderCases(returns, sales, rules.refundOtherTender), ...quickRefundCases(returns, sales, rules.quickRefund)];
}
