// Loss-prevention rules over ledger entries (issue #14): pure functions from entries (one till's
// or many) to cases a manager can check entry by entry. No I/O: the till, HQ and the CLI read
// the entries and hand them in. Amounts are integer minor units of the store currency.
import { z } from 'zod';
import type { LedgerEntry } from '../ledger/entry.ts';
import { entryOf, type EntryOf } from '../ledger/bodies.ts';
import { EXCEPTION_KINDS, median, staffExceptionCases } from './staff-exceptions.ts';
import { explained, type LossReason } from './loss-text.ts';
import { peerShareRuleCases, refundRuleCases, salesByReceipt } from './staff-rules.ts';
import { serialAnomalyCases } from './serial-anomalies.ts';
import { drawerShortCases, memberCodeFailureCases, trainingActivityCases } from './cash-trail-rules.ts';

export const LOSS_RULES = [
  'seed-pattern',
  'staff-exceptions',
  'member-velocity',
  'refund-other-tender',
  'quick-refund',
  'declined-receipts',
  'no-sale-rate',
  'tier-share',
  'serial-anomaly',
  'training-activity',
  'drawer-short',
  'member-code-failures',
] as const;
export type LossRule = (typeof LOSS_RULES)[number];

/**
 * The entry kinds any rule reads: `scanLoss` over only these finds the same cases as over every
 * entry, so a reader (HQ) can leave the rest (logins, reports, config) in the database.
 */
export const LOSS_SCAN_KINDS = [
  'sale',
  'return',
  'void',
  'no-sale',
  'receipt-issued',
  'receipt-reprinted',
  'approval',
  'count',
  'member-verification-failed',
] as const;

/** One thing worth a manager's look, with the entries that show it. */
export interface LossCase {
  rule: LossRule;
  /** 0..100: how strongly the entries match the rule. */
  score: number;
  /** The staff involved (salesperson, then cashier when another). */
  staffIds: string[];
  memberId: string | null;
  /** The terminal whose entries `seqs` are. */
  terminalId: string;
  seqs: number[];
  /** Every entry of the case, with its terminal (a case may span tills). */
  evidence: Array<{ terminalId: string; seq: number }>;
  /** The business day of the case (for a rule over a period: its last day with evidence). */
  businessDay: string;
  amountAtRisk: number;
  explanation: string;
  /** The facts behind `explanation`, for wording the case in another language (`explainLoss`). */
  reason: LossReason;
}

const minor = z.number().int().nonnegative().safe();

/** A share compared per staff member with the peers of the same window (core/loss/staff-rules.ts). */
function peerShare(defaults: { minSales: number; minCount: number; minExcess: number; robustZ: number }) {
  const d = { windowDays: 7, ...defaults };
  return z
    .strictObject({
      windowDays: z.number().int().min(1).max(366).default(d.windowDays),
      minSales: z.number().int().min(1).default(d.minSales),
      minCount: z.number().int().min(1).default(d.minCount),
      minExcess: z.number().min(0).max(100).default(d.minExcess),
      robustZ: z.number().min(0).default(d.robustZ),
    })
    .default(d);
}

export const lossRulesSchema = z.strictObject({
  seedPattern: z
    .strictObject({
      /** The later sale's lines at a member tier price add up to at least this (minor units). */
      highValue: minor.default(10_000),
      /** The store's default price tier: a line at any other table tier is at a member price. */
      defaultPriceTier: z.string().min(1).max(32).default('retail'),
      /** Presence also counts as weak when the sale is at least this many times the member's usual basket. */
      usualBasketFactor: z.number().min(1).max(1000).default(5),
    })
    .default({ highValue: 10_000, defaultPriceTier: 'retail', usualBasketFactor: 5 }),
  staffExceptions: z
    .strictObject({
      minCount: z.number().int().min(1).default(3),
      robustZ: z.number().min(0).default(3.5),
      // No-sales are compared per sale rung up by `noSaleRate`.
      ignore: z.array(z.enum(EXCEPTION_KINDS)).default(['lineVoids', 'noSales']),
    })
    .default({ minCount: 3, robustZ: 3.5, ignore: ['lineVoids', 'noSales'] }),
  memberVelocity: z
    .strictObject({
      /** More sales than this to one member on one business day (all tills together) make a case. */
      maxSalesPerDay: z.number().int().min(1).default(3),
    })
    .default({ maxSalesPerDay: 3 }),
  refundOtherTender: z
    .strictObject({
      /** A return paying at least this much to a tender its sale was not paid with is a case. */
      minAmount: minor.default(1_000),
    })
    .default({ minAmount: 1_000 }),
  quickRefund: z
    .strictObject({
      /** A return by the sale's own cashier within this many minutes of the sale ... */
      withinMinutes: z.number().min(0).max(1440).default(30),
      /** ... refunding at least this much is a case. */
      minAmount: minor.default(1_000),
      /** Only refunds paid in cash (a refund to the paying card goes back to the customer). */
      cashOnly: z.boolean().default(true),
    })
    .default({ withinMinutes: 30, minAmount: 1_000, cashOnly: true }),
  declinedReceipts: peerShare({ minSales: 30, minCount: 5, minExcess: 0.15, robustZ: 4 }),
  noSaleRate: peerShare({ minSales: 30, minCount: 5, minExcess: 0.05, robustZ: 4 }),
  tierShare: peerShare({ minSales: 30, minCount: 5, minExcess: 0.2, robustZ: 4 }),
  serialAnomaly: z
    .strictObject({ soldTwice: z.boolean().default(true), returnedByOther: z.boolean().default(true) })
    .default({ soldTwice: true, returnedByOther: true }),
  trainingActivity: z
    .strictObject({
      /** Trading: from this many minutes before the till's first real sale of the day to as many after its last. */
      tradingMinutes: z.number().min(0).max(1440).default(15),
      /** Training sales by one person on one day while the till was trading ... */
      minCount: z.number().int().min(1).default(2),
      /** ... or adding up to at least this much (minor units) make a case. */
      minAmount: minor.default(10_000),
    })
    .default({ tradingMinutes: 15, minCount: 2, minAmount: 10_000 }),
  drawerShort: z
    .strictObject({
      windowDays: z.number().int().min(1).max(366).default(28),
      /** A count short by more than this (minor units) is a shortage; less is a miscount. */
      tolerance: minor.default(100),
      minCount: z.number().int().min(1).default(3),
      /** The window's shortages add up to at least this much (minor units). */
      minTotal: minor.default(1_000),
    })
    .default({ windowDays: 28, tolerance: 100, minCount: 3, minTotal: 1_000 }),
  memberCodeFailures: z
    .strictObject({
      /** Failed member codes or card numbers by one staff member on one day. */
      minCount: z.number().int().min(1).default(3),
    })
    .default({ minCount: 3 }),
});

export type LossRules = z.infer<typeof lossRulesSchema>;

export const DEFAULT_LOSS_RULES: LossRules = lossRulesSchema.parse({});

/** Parses a rules file's JSON: any rule or threshold left out takes its default. */
export function parseLossRules(json: unknown): LossRules {
  return lossRulesSchema.parse(json);
}

type Sale = EntryOf<'sale'>;

/** Who served the customer: the sale's salesperson with the largest share (the first named on a tie), else the cashier. */
export function salespersonOf(sale: Sale): string | null {
  const named = (sale.body as { salespersons?: unknown }).salespersons;
  let best: { staffId: string; shareBp: number } | null = null;
  if (Array.isArray(named)) {
    for (const p of named as unknown[]) {
      const { staffId, shareBp } = (p ?? {}) as { staffId?: unknown; shareBp?: unknown };
      if (typeof staffId === 'string' && typeof shareBp === 'number' && (!best || shareBp > best.shareBp)) best = { staffId, shareBp };
    }
  }
  return best?.staffId ?? sale.operatorId;
}

/** How much the member's presence at the till is worth as evidence: an app code is strong, typing is weak. */
export function presenceWeakness(verification: string): number {
  switch (verification) {
    case 'app-code':
    case 'token':
      return 0;
    case 'card-scanned':
      return 10;
    case 'card':
      return 15;
    default:
      return 25; // manual, manual-lookup: a number typed in
  }
}

/** The sale's lines charged at a member tier (neither the default tier nor an override or label price). */
export function tierAmount(sale: Sale, defaultPriceTier: string): number {
  let sum = 0;
  for (const l of sale.body.lines) {
    if (l.voided === true || l.priceTier === defaultPriceTier || l.priceTier === 'override' || l.priceTier === 'label') continue;
    sum += l.amount;
  }
  return sum;
}

export interface ScanRange {
  /** Business days from..to (inclusive); cases outside are not reported. */
  from?: string | undefined;
  to?: string | undefined;
}

function inRange(day: string, range: ScanRange): boolean {
  return (range.from === undefined || day >= range.from) && (range.to === undefined || day <= range.to);
}

function byTime(a: Sale, b: Sale): number {
  return a.endedAt < b.endedAt ? -1 : a.endedAt > b.endedAt ? 1 : a.seq - b.seq;
}

/**
 * The seed pattern: a member's second (or later) sale of a business day by the same salesperson
 * (at the same till or another: at HQ, the tills of every store are scanned together), high-value
 * at the member's tier price, with weak presence (the member typed in rather than shown by a fresh
 * app code, or the sale far above the member's usual basket). The member's usual basket is the
 * median of their sales on other days among `sales`.
 */
export function seedPatternCases(sales: readonly Sale[], rules: LossRules['seedPattern'], range: ScanRange = {}): LossCase[] {
  const groups = new Map<string, Sale[]>();
  const totalsByMember = new Map<string, Array<{ day: string; total: number }>>();
  for (const sale of sales) {
    const memberId = sale.body.member!.memberId;
    let totals = totalsByMember.get(memberId);
    if (!totals) totalsByMember.set(memberId, (totals = []));
    totals.push({ day: sale.businessDay, total: sale.body.total });
    const key = [sale.businessDay, memberId, salespersonOf(sale) ?? ''].join('\u0000');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(sale);
  }
  const cases: LossCase[] = [];
  for (const group of groups.values()) {
    if (group.length < 2 || !inRange(group[0]!.businessDay, range)) continue;
    group.sort(byTime);
    for (let i = 1; i < group.length; i++) {
      const later = group[i]!;
      const tier = tierAmount(later, rules.defaultPriceTier);
      if (tier < rules.highValue) continue;
      const member = later.body.member!;
      const others = totalsByMember.get(member.memberId)!.filter((t) => t.day !== later.businessDay);
      const usual = others.length ? median(others.map((t) => t.total)) : null;
      const ratio = usual !== null && usual > 0 ? later.body.total / usual : null;
      const weakness = presenceWeakness(member.verification);
      const farAbove = ratio !== null && ratio >= rules.usualBasketFactor;
      if (weakness === 0 && !farAbove) continue;
      const earlier = group.slice(0, i);
      const staff = salespersonOf(later)!;
      const staffIds = [
        staff,
        ...new Set(group.slice(0, i + 1).flatMap((s) => (s.operatorId && s.operatorId !== staff ? [s.operatorId] : []))),
      ];
      const score = Math.min(100, 50 + weakness + (farAbove ? Math.min(25, Math.round(10 * Math.log2(ratio))) : 0));
      const evidence = [...earlier, later].map((s) => ({ terminalId: s.terminalId, seq: s.seq }));
      const tills = new Set(evidence.map((e) => e.terminalId));
      cases.push({
        rule: 'seed-pattern',
        score,
        staffIds,
        memberId: member.memberId,
        terminalId: later.terminalId,
        seqs: evidence.filter((e) => e.terminalId === later.terminalId).map((e) => e.seq),
        evidence,
        businessDay: later.businessDay,
        amountAtRisk: later.body.total,
        ...explained({
          rule: 'seed-pattern',
          memberId: member.memberId,
          earlier: earlier.length,
          staffId: staff,
          day: later.businessDay,
          otherTill: tills.size > 1,
          total: later.body.total,
          seq: later.seq,
          terminalId: later.terminalId,
          tierAmount: tier,
          presence: member.verification,
          usual,
        }),
      });
    }
  }
  return cases;
}

/** Members with more sales on one business day (all tills together) than `maxSalesPerDay`. */
export function memberVelocityCases(sales: readonly Sale[], rules: LossRules['memberVelocity'], range: ScanRange = {}): LossCase[] {
  const groups = new Map<string, Sale[]>();
  for (const sale of sales) {
    if (!inRange(sale.businessDay, range)) continue;
    const key = `${sale.businessDay}\u0000${sale.body.member!.memberId}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(sale);
  }
  const cases: LossCase[] = [];
  for (const group of groups.values()) {
    if (group.length <= rules.maxSalesPerDay) continue;
    group.sort(byTime);
    const first = group[0]!;
    const tills = new Set(group.map((s) => s.terminalId));
    cases.push({
      rule: 'member-velocity',
      score: Math.min(100, 30 + 10 * (group.length - rules.maxSalesPerDay)),
      staffIds: [...new Set(group.map((s) => salespersonOf(s)).filter((s) => s !== null))],
      memberId: first.body.member!.memberId,
      terminalId: first.terminalId,
      seqs: group.filter((s) => s.terminalId === first.terminalId).map((s) => s.seq),
      evidence: group.map((s) => ({ terminalId: s.terminalId, seq: s.seq })),
      businessDay: first.businessDay,
      amountAtRisk: group.reduce((sum, s) => sum + s.body.total, 0),
      ...explained({
        rule: 'member-velocity',
        memberId: first.body.member!.memberId,
        count: group.length,
        day: first.businessDay,
        tills: tills.size,
        max: rules.maxSalesPerDay,
      }),
    });
  }
  return cases;
}

/** Every rule over `entries`, highest score first (then by day, terminal and seq). */
export function scanLoss(entries: readonly LedgerEntry[], rules: LossRules = DEFAULT_LOSS_RULES, range: ScanRange = {}): LossCase[] {
  // One pass sorts out what each rule reads; the rules then index their share.
  const sales: Sale[] = [];
  const training: Sale[] = [];
  const withMember: Sale[] = [];
  const inDays: LedgerEntry[] = [];
  const serialKinds: LedgerEntry[] = [];
  const others: LedgerEntry[] = [];
  const trail: LedgerEntry[] = [];
  const bounded = range.from !== undefined || range.to !== undefined;
  for (const entry of entries) {
    const day = !bounded || inRange(entry.businessDay, range);
    if (day) inDays.push(entry);
    const sale = entryOf(entry, 'sale');
    if (sale) {
      if (sale.body.training) {
        training.push(sale);
        continue;
      }
      sales.push(sale);
      if (sale.body.member) withMember.push(sale);
      serialKinds.push(entry);
    } else if (entry.kind === 'return' || entry.kind === 'void') {
      serialKinds.push(entry);
      if (entry.kind === 'return') others.push(entry);
    } else if (entry.kind === 'no-sale' || entry.kind === 'receipt-issued') others.push(entry);
    else if (entry.kind === 'count' || entry.kind === 'member-verification-failed') trail.push(entry);
  }
  const byReceipt = salesByReceipt(sales);
  const later = [
    ...refundRuleCases(others, rules, byReceipt),
    ...peerShareRuleCases(
      {
        sales,
        entries: others,
        salesperson: salespersonOf,
        atTier: (sale) => tierAmount(sale, rules.seedPattern.defaultPriceTier) > 0,
      },
      rules,
    ),
    ...serialAnomalyCases(serialKinds, rules.serialAnomaly),
    ...(training.length ? trainingActivityCases([...sales, ...training], trail, rules.trainingActivity) : []),
    ...drawerShortCases(trail, rules.drawerShort),
    ...memberCodeFailureCases(trail, rules.memberCodeFailures),
  ].filter((c) => !bounded || inRange(c.businessDay, range));
  const cases = [
    ...seedPatternCases(withMember, rules.seedPattern, range),
    ...staffExceptionCases(inDays, rules.staffExceptions),
    ...memberVelocityCases(withMember, rules.memberVelocity, range),
    ...later,
  ];
  return cases.sort(
    (a, b) =>
      b.score - a.score ||
      a.businessDay.localeCompare(b.businessDay) ||
      a.terminalId.localeCompare(b.terminalId) ||
      (a.seqs[0] ?? 0) - (b.seqs[0] ?? 0),
  );
}
