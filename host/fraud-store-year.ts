// A generated store-year of ledger entries with known fraud in it (issue #14), to measure the
// loss-prevention rules: how many of the injected frauds they find (recall) and how many cases
// they raise on honest activity (false alarms). Two tills, eight cashiers who are also the
// salespersons, 3,000 members (300 VIPs) with their own habits, serialized watches, returns,
// no-sales and receipts declined with honest rates that differ from cashier to cashier, and the
// look-alikes an honest store has: members who come back the same day, families sharing an
// account, big purchases by VIPs, cash refunds of card sales when the card terminal is down.
//
// The entries are written directly in the ledger's body format (core/ledger/bodies.ts, checked by
// its test) without hashes or signatures: the rules read bodies only, and a store-year through
// the host's handlers takes minutes (host/store-year-script.ts) where this takes a second.
// Deterministic for a seed. The ground truth names each injected fraud's own entries.
import type { LedgerEntry } from '../core/ledger/entry.ts';
import type { LossCase, LossRule } from '../core/loss/loss-scan.ts';
import { seededRandom } from './simulate.ts';

export interface FraudYearOptions {
  seed: number;
  /** Sales in the year, about (default 100,000: a busy counter). */
  sales?: number;
  /** First day, a Monday (default 2026-01-05), and how many days (default 364: 52 weeks). */
  firstDay?: string;
  days?: number;
  /** Inject the frauds (default true); false: honest activity only. */
  inject?: boolean;
}

export interface InjectedFraud {
  /** The rule meant to find it. */
  rule: LossRule;
  staffId: string;
  memberId: string | null;
  businessDay: string;
  /** The fraud's own entries: a case sharing one of them has found it. */
  evidence: Array<{ terminalId: string; seq: number }>;
  what: string;
}

export interface FraudYear {
  entries: LedgerEntry[];
  injected: InjectedFraud[];
  sales: number;
  weeks: number;
}

const DAY_MS = 86_400_000;
const TILLS = ['T-01', 'T-02'] as const;
/** Per till: the morning shift's two cashiers, then the evening's. */
const SHIFTS: Record<string, [string[], string[]]> = {
  'T-01': [
    ['S001', 'S002'],
    ['S003', 'S004'],
  ],
  'T-02': [
    ['S005', 'S006'],
    ['S007', 'S008'],
  ],
};
const STAFF = ['S001', 'S002', 'S003', 'S004', 'S005', 'S006', 'S007', 'S008'];
/** A salesperson from another region, serving at this counter once. */
const OUTSIDE_SALESPERSON = 'S901';

interface Product {
  productId: string;
  name: string;
  retail: number;
  serialized: boolean;
}

const PRODUCTS: Product[] = [
  ...Array.from({ length: 20 }, (_, i) => ({
    productId: `C${String(i + 1).padStart(2, '0')}`,
    name: `Accessory ${i + 1}`,
    retail: 200 + 150 * i,
    serialized: false,
  })),
  ...[20_000, 28_000, 36_000, 45_000, 60_000].map((retail, i) => ({
    productId: `W${i + 1}`,
    name: `Limited watch ${i + 1}`,
    retail,
    serialized: true,
  })),
];
const EVERYDAY = PRODUCTS.filter((p) => !p.serialized);
const WATCHES = PRODUCTS.filter((p) => p.serialized);

/** Members and the first of them who are VIPs: a member comes about a dozen times a year, a VIP twice a month. */
const MEMBERS = 3000;
const VIPS = 300;

const TIER_FACTOR: Record<string, number> = { retail: 1, member: 0.95, vip: 0.9 };

interface Member {
  memberId: string;
  tier: 'member' | 'vip';
  /** Relative chance of being the member at a sale. */
  weight: number;
  /** Items in a usual basket. */
  items: number;
}

interface PlannedSale {
  entry: LedgerEntry;
  receiptNo: number;
  terminalId: string;
  total: number;
  tender: 'cash' | 'card';
  lines: SaleLineBody[];
  cashier: string;
}

interface SaleLineBody {
  lineNo: number;
  productId: string;
  sku: string;
  name: string;
  qtyMilli: number;
  unitPrice: number;
  priceTier: string;
  taxClass: string;
  taxRateBp: number;
  discount: number;
  amount: number;
  tax: number;
  serial?: { value: string; entry: 'scanned' | 'typed' };
}

const tax5 = (amount: number) => Math.round((amount * 500) / 10_500);

/** An event of a day: `at` (ms) on a till; `run` writes its entries when its turn comes. */
interface Event {
  at: number;
  terminalId: string;
  run: () => void;
}

export function fraudStoreYear(options: FraudYearOptions): FraudYear {
  const random = seededRandom(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  const totalSales = options.sales ?? 100_000;
  const days = options.days ?? 364;
  const first = Date.parse(`${options.firstDay ?? '2026-01-05'}T00:00:00Z`);
  const inject = options.inject ?? true;

  const members: Member[] = Array.from({ length: MEMBERS }, (_, i) => ({
    memberId: `M${String(i + 1).padStart(4, '0')}`,
    tier: i < VIPS ? 'vip' : 'member',
    weight: i < VIPS ? 2 : 0.2 + 2 * random() ** 3,
    items: 1 + Math.floor(random() * 3),
  }));
  const cumulative: number[] = [];
  members.reduce((sum, m) => (cumulative.push(sum + m.weight), sum + m.weight), 0);
  const chooseMember = (): Member => {
    const r = random() * cumulative.at(-1)!;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return members[lo]!;
  };
  // Honest habits per cashier: the share of customers declining paper, no-sales per sale.
  const declineRate = new Map(STAFF.map((s) => [s, 0.03 + 0.05 * random()]));
  const noSaleRate = new Map(STAFF.map((s) => [s, 0.005 + 0.01 * random()]));

  const entries: LedgerEntry[] = [];
  const injected: InjectedFraud[] = [];
  const seqs = new Map<string, number>(TILLS.map((t) => [t, 0]));
  const receipts = new Map<string, number>(TILLS.map((t) => [t, 0]));
  let saleCount = 0;
  let serialNo = 0;

  /** Each till's last entry time: a till writes in time order, so an entry due earlier waits for it. */
  const lastAt = new Map<string, number>();
  const append = (terminalId: string, due: number, kind: string, operatorId: string | null, body: object): LedgerEntry => {
    const seq = seqs.get(terminalId)! + 1;
    seqs.set(terminalId, seq);
    const at = Math.max(due, lastAt.get(terminalId) ?? due);
    lastAt.set(terminalId, at);
    const iso = new Date(at).toISOString();
    const e: LedgerEntry = {
      kind,
      businessDay: new Date(at + 8 * 3_600_000).toISOString().slice(0, 10),
      startedAt: iso,
      endedAt: iso,
      operatorId,
      body: body as LedgerEntry['body'],
      v: 1,
      terminalId,
      seq,
      prevHash: '',
      keyId: 'sim',
      hash: '',
      signature: '',
    };
    entries.push(e);
    return e;
  };
  const nextReceipt = (terminalId: string) => {
    const n = receipts.get(terminalId)! + 1;
    receipts.set(terminalId, n);
    return n;
  };

  const failedCode = (memberId: string, reason: 'expired' | 'invalid' | 'replayed') => ({
    method: 'app-code',
    reason,
    memberId,
    source: 'scanner',
    tillFailures: 1,
    lockedOut: false,
  });

  const lineOf = (lineNo: number, p: Product, tier: string): SaleLineBody => {
    const unitPrice = Math.round((p.retail * TIER_FACTOR[tier]!) / 10) * 10;
    return {
      lineNo,
      productId: p.productId,
      sku: p.productId,
      name: p.name,
      qtyMilli: 1000,
      unitPrice,
      priceTier: tier,
      taxClass: 'standard',
      taxRateBp: 500,
      discount: 0,
      amount: unitPrice,
      tax: tax5(unitPrice),
      ...(p.serialized ? { serial: { value: `${p.productId}-${String(++serialNo).padStart(6, '0')}`, entry: 'scanned' as const } } : {}),
    };
  };

  interface SaleSpec {
    terminalId: string;
    at: number;
    cashier: string;
    salesperson?: string;
    products: Product[];
    member?: { m: Member; verification: 'app-code' | 'card-scanned' | 'manual-lookup' };
    tierOverride?: string;
    tender: 'cash' | 'card';
    receipt: 'printed' | 'preferred' | 'declined-paper';
    /** Lines to sell instead of new ones (a serial sold again). */
    lines?: SaleLineBody[];
    /** Rung up in training mode (no receipt number of the live series, never on the books). */
    training?: boolean;
  }

  const writeSale = (spec: SaleSpec): PlannedSale => {
    const receiptNo = nextReceipt(spec.terminalId);
    const tier = spec.tierOverride ?? spec.member?.m.tier ?? 'retail';
    const lines = spec.lines ?? spec.products.map((p, i) => lineOf(i + 1, p, tier));
    const total = lines.reduce((s, l) => s + l.amount, 0);
    const saleId = `${spec.terminalId}-${receiptNo}`;
    const entry = append(spec.terminalId, spec.at, 'sale', spec.cashier, {
      saleId,
      receiptNo,
      currency: 'TWD',
      taxMode: 'inclusive',
      lines,
      orderDiscount: 0,
      subtotal: total,
      tax: lines.reduce((s, l) => s + l.tax, 0),
      rounding: 0,
      total,
      tenders: [
        spec.tender === 'cash'
          ? { type: 'cash', amount: total, tendered: total, change: 0 }
          : { type: 'card', amount: total, last4: '4242' },
      ],
      training: spec.training ?? false,
      ...(spec.member
        ? {
            member: {
              memberId: spec.member.m.memberId,
              tier: spec.member.m.tier,
              verification: spec.member.verification,
              ...(spec.member.verification === 'manual-lookup' ? { approvalSeq: 1, approverId: 'M900' } : {}),
            },
          }
        : {}),
      ...(spec.salesperson && spec.salesperson !== spec.cashier ? { salespersons: [{ staffId: spec.salesperson, shareBp: 10_000 }] } : {}),
    });
    append(spec.terminalId, spec.at + 1000, 'receipt-issued', spec.cashier, {
      saleId,
      receiptNo,
      channel: spec.receipt === 'printed' ? 'printed' : 'electronic',
      ...(spec.receipt === 'printed' ? {} : { electronicReason: spec.receipt }),
      copyNo: 0,
    });
    if (!spec.training) saleCount++;
    return { entry, receiptNo, terminalId: spec.terminalId, total, tender: spec.tender, lines, cashier: spec.cashier };
  };

  const writeReturn = (
    sale: PlannedSale,
    at: number,
    cashier: string,
    o: { refundTender?: 'cash' | 'card'; withReceipt?: boolean; lines?: SaleLineBody[] } = {},
  ): LedgerEntry => {
    const receiptNo = nextReceipt(sale.terminalId);
    const lines = o.lines ?? sale.lines;
    const total = lines.reduce((s, l) => s + l.amount, 0);
    const refundTender = o.refundTender ?? sale.tender;
    const withReceipt = o.withReceipt ?? true;
    return append(sale.terminalId, at, 'return', cashier, {
      returnId: `${sale.terminalId}-R${receiptNo}`,
      receiptNo,
      currency: 'TWD',
      ...(withReceipt ? { originalSaleId: `${sale.terminalId}-${sale.receiptNo}`, originalReceiptNo: sale.receiptNo } : {}),
      lines: lines.map((l, i) => ({
        lineNo: i + 1,
        productId: l.productId,
        sku: l.sku,
        name: l.name,
        qtyMilli: l.qtyMilli,
        amount: l.amount,
        tax: l.tax,
        taxRateBp: l.taxRateBp,
        ...(l.serial ? { serial: l.serial.value } : {}),
      })),
      refunds: [{ type: refundTender, amount: total }],
      total,
      tax: lines.reduce((s, l) => s + l.tax, 0),
      reason: 'customer returned the item',
      withReceipt,
      training: false,
      approvalSeq: 1,
      ...(withReceipt && refundTender !== sale.tender ? { otherTender: { amount: total, approvalSeq: 1 } } : {}),
    });
  };

  // Days: how many sales each gets (more at weekends, New Year and summer), their events.
  const dayWeight = (d: number) => {
    const day = new Date(first + d * DAY_MS);
    const wd = day.getUTCDay();
    const month = day.getUTCMonth();
    return (wd === 0 || wd === 6 ? 1.4 : wd === 5 ? 1.2 : 1) * (month <= 1 || month === 11 ? 1.3 : month === 6 || month === 7 ? 1.15 : 1);
  };
  const weights = Array.from({ length: days }, (_, d) => dayWeight(d));
  const perWeight = totalSales / weights.reduce((a, b) => a + b, 0);
  const events: Event[][] = Array.from({ length: days }, () => []);
  /** 10:00 to 22:00 in Taipei on day d, as UTC ms. */
  const opens = (d: number) => first + d * DAY_MS + 2 * 3_600_000;
  const shiftOf = (terminalId: string, at: number, d: number) => SHIFTS[terminalId]![at - opens(d) < 6 * 3_600_000 ? 0 : 1];
  const onDuty = (terminalId: string, at: number, d: number) => pick(shiftOf(terminalId, at, d));
  const dayOf = (at: number) => Math.floor((at - first) / DAY_MS);
  const later = (d: number, at: number, e: Omit<Event, 'at'>) => {
    if (d < days) events[d]!.push({ at, ...e });
  };
  /** Member sales of the past, for the look-alikes and serial frauds: sold watches by owner. */
  const watchSales: Array<{ sale: PlannedSale; memberId: string | null; day: number }> = [];

  // Frauds planned ahead: which days and who (kept off the first two weeks so members have habits).
  interface Planned {
    day: number;
    kind: LossRule;
  }
  const plans: Planned[] = [];
  if (inject) {
    const spread = (kind: LossRule, n: number) => {
      for (let i = 0; i < n; i++) {
        const day = 14 + Math.floor(((i + random()) / n) * (days - 21));
        // A week-long fraud is planned on its week's Monday, before any of its days has run.
        const weekLong = kind === 'declined-receipts' || kind === 'no-sale-rate' || kind === 'tier-share';
        plans.push({ kind, day: weekLong ? day - ((new Date(first + day * DAY_MS).getUTCDay() + 6) % 7) : day });
      }
    };
    spread('seed-pattern', 8);
    spread('refund-other-tender', 4);
    spread('quick-refund', 4);
    spread('declined-receipts', 2);
    spread('no-sale-rate', 2);
    spread('tier-share', 2);
    spread('serial-anomaly', 4);
    spread('training-activity', 2);
    spread('drawer-short', 2);
    spread('member-code-failures', 2);
  }
  const planDays = new Map<number, Planned[]>();
  for (const p of plans) {
    const list = planDays.get(p.day) ?? [];
    list.push(p);
    planDays.set(p.day, list);
  }
  /** Week-long frauds by one staff member: their habits change for the week. */
  const weekFraud = new Map<string, { from: number; to: number; kind: LossRule; record: InjectedFraud }>();
  /** Drawer frauds: for three weeks the staff member's drawers come up short now and then. */
  const drawerFraud = new Map<string, { from: number; to: number; record: InjectedFraud }>();
  let drawerNo = 0;

  let planned = 0;
  let sold = 0;
  for (let d = 0; d < days; d++) {
    planned += weights[d]! * perWeight;
    const n = d === days - 1 ? totalSales - sold : Math.round(planned) - sold;
    sold += n;
    const dayStr = new Date(first + d * DAY_MS).toISOString().slice(0, 10);

    // Week-long frauds starting today (Mondays only count whole weeks: start on the week's Monday).
    for (const p of planDays.get(d) ?? []) {
      if (p.kind !== 'declined-receipts' && p.kind !== 'no-sale-rate' && p.kind !== 'tier-share') continue;
      const monday = d;
      const staffId = pick(STAFF);
      const record: InjectedFraud = {
        rule: p.kind,
        staffId,
        memberId: null,
        businessDay: new Date(first + monday * DAY_MS).toISOString().slice(0, 10),
        evidence: [],
        what:
          p.kind === 'declined-receipts'
            ? 'for a week, rings up sales and tells the customer no receipt is needed, to pocket the cash of some'
            : p.kind === 'no-sale-rate'
              ? 'for a week, opens the drawer without a sale about 25 more times (taking cash out)'
              : 'for a week, gives walk-in customers a member tier price (a member number typed in) on many sales',
      };
      weekFraud.set(`${p.kind}:${staffId}`, { from: monday, to: monday + 6, kind: p.kind, record });
      injected.push(record);
      if (p.kind === 'no-sale-rate')
        for (let i = 0; i < 25; i++) {
          const day = monday + Math.floor(random() * 7);
          const terminalId = staffId <= 'S004' ? 'T-01' : 'T-02';
          const shift = SHIFTS[terminalId]![0].includes(staffId) ? 0 : 1;
          const at = opens(day) + shift * 6 * 3_600_000 + Math.floor(random() * 6 * 3_600_000);
          later(day, at, {
            terminalId,
            run: () => record.evidence.push(seqOf(append(terminalId, at, 'no-sale', staffId, { reason: 'change for the float' }))),
          });
        }
    }
    const weekly = (kind: LossRule, staffId: string) => {
      const w = weekFraud.get(`${kind}:${staffId}`);
      return w && d >= w.from && d <= w.to ? w.record : null;
    };

    for (let i = 0; i < n; i++) {
      const terminalId = pick(TILLS);
      const at = opens(d) + Math.floor(((i + random()) / n) * 12 * 3_600_000);
      later(d, at, { terminalId, run: () => honestSale(terminalId, at, d) });
    }
    // No-sales: per cashier, honest rate times the sales they ring up (about a quarter of the till's).
    for (const terminalId of TILLS)
      for (const shift of SHIFTS[terminalId]!)
        for (const staffId of shift) {
          const expected = noSaleRate.get(staffId)! * (n / 8);
          let k = Math.floor(expected) + (chance(expected % 1) ? 1 : 0);
          while (k-- > 0) {
            const at = opens(d) + (SHIFTS[terminalId]![0] === shift ? 0 : 6 * 3_600_000) + Math.floor(random() * 6 * 3_600_000);
            later(d, at, { terminalId, run: () => append(terminalId, at, 'no-sale', staffId, { reason: 'change for a customer' }) });
          }
        }
    // Drawers: each shift's drawer is counted in by one of its cashiers and counted out at the end,
    // mostly right, sometimes a little off, now and then short or over by a note.
    for (const terminalId of TILLS)
      SHIFTS[terminalId]!.forEach((staff, shift) => {
        const owner = pick(staff);
        const drawerSessionId = `${terminalId}-D${++drawerNo}`;
        const start = opens(d) + shift * 6 * 3_600_000 - 5 * 60_000;
        const end = start + 6 * 3_600_000 + 10 * 60_000;
        const fraud = drawerFraud.get(owner);
        const stealing = fraud !== undefined && d >= fraud.from && d <= fraud.to && chance(0.5);
        const offBy = stealing
          ? -(800 + 100 * Math.floor(random() * 18))
          : chance(0.9)
            ? 0
            : chance(0.8)
              ? (chance(0.5) ? 1 : -1) * 10 * (1 + Math.floor(random() * 10))
              : (chance(0.5) ? 1 : -1) * 100 * (2 + Math.floor(random() * 5));
        const count = (purpose: 'opening-float' | 'closing', total: number, expected?: number) => ({
          drawerSessionId,
          currency: 'TWD',
          purpose,
          denominations: [{ value: 100, count: Math.max(0, Math.round(total / 100)) }],
          total,
          ...(expected === undefined ? {} : { expected, overShort: total - expected }),
        });
        later(d, start, { terminalId, run: () => append(terminalId, start, 'count', owner, count('opening-float', 5_000)) });
        later(d, end, {
          terminalId,
          run: () => {
            const e = append(terminalId, end, 'count', onDuty(terminalId, end - 60 * 60_000, d), count('closing', 30_000 + offBy, 30_000));
            if (stealing) fraud.record.evidence.push(seqOf(e));
          },
        });
      });
    // A new hire practising in training mode before the doors open.
    if (chance(0.05)) {
      const terminalId = pick(TILLS);
      const staffId = pick(SHIFTS[terminalId]![0]);
      for (let k = 0; k < 3; k++) {
        const at = opens(d) - (50 - 5 * k) * 60_000;
        later(d, at, {
          terminalId,
          run: () =>
            writeSale({ terminalId, at, cashier: staffId, products: [pick(EVERYDAY)], tender: 'cash', receipt: 'printed', training: true }),
        });
      }
    }
    // Members' codes that honestly fail: an expired screenshot, a card read wrong.
    const failures = (chance(0.5) ? 1 : 0) + (chance(0.2) ? 1 : 0);
    for (let k = 0; k < failures; k++) {
      const terminalId = pick(TILLS);
      const at = opens(d) + Math.floor(random() * 12 * 3_600_000);
      const m = chooseMember();
      later(d, at, {
        terminalId,
        run: () =>
          append(
            terminalId,
            at,
            'member-verification-failed',
            onDuty(terminalId, at, d),
            failedCode(m.memberId, chance(0.7) ? 'expired' : 'invalid'),
          ),
      });
    }
    for (const p of planDays.get(d) ?? []) planFraud(p.kind, d, dayStr);
    // Run the day in time order; an event may add later ones of the same day (a quick return).
    const today = events[d]!.sort((a, b) => a.at - b.at);
    for (let k = 0; k < today.length; k++) {
      const before = today.length;
      today[k]!.run();
      if (today.length > before) {
        const rest = today.splice(k + 1).sort((a, b) => a.at - b.at);
        today.push(...rest);
      }
    }
    events[d] = [];

    function honestSale(terminalId: string, at: number, day: number): void {
      const cashier = onDuty(terminalId, at, day);
      const colleague = shiftOf(terminalId, at, day).find((s) => s !== cashier)!;
      const salesperson = chance(0.8) ? cashier : colleague;
      const tierFraud = weekly('tier-share', salesperson);
      const memberAt = chance(0.35);
      const m = memberAt ? chooseMember() : undefined;
      const watch = chance(m?.tier === 'vip' ? 0.04 : 0.004);
      const products = watch ? [pick(WATCHES)] : Array.from({ length: m ? m.items : 1 + Math.floor(random() * 2) }, () => pick(EVERYDAY));
      const verification = chance(0.85) ? 'app-code' : chance(0.8) ? 'card-scanned' : 'manual-lookup';
      const fakeTier = !m && tierFraud !== null && chance(0.6);
      const declineFraud = weekly('declined-receipts', cashier);
      const declines = chance(declineFraud ? 0.5 : declineRate.get(cashier)!);
      const sale = writeSale({
        terminalId,
        at,
        cashier,
        salesperson,
        products,
        ...(m
          ? { member: { m, verification } }
          : fakeTier
            ? { member: { m: members[VIPS + Math.floor(random() * (MEMBERS - VIPS))]!, verification: 'manual-lookup' } }
            : {}),
        tender: chance(0.55) ? 'card' : 'cash',
        receipt: declines ? 'declined-paper' : chance(0.04) ? 'preferred' : 'printed',
      });
      if (fakeTier) tierFraud.evidence.push(seqOf(sale.entry));
      if (declines && declineFraud) declineFraud.evidence.push(seqOf(sale.entry));
      // A member back the same day with the app code (a benign look-alike of the seed pattern),
      // or a family member on the same account with the card.
      if (m && chance(0.02)) {
        const back = at + (1 + Math.floor(random() * 4)) * 3_600_000;
        if (back < opens(day) + 12 * 3_600_000)
          later(day, back, {
            terminalId,
            run: () =>
              writeSale({
                terminalId,
                at: back,
                cashier: onDuty(terminalId, back, day),
                products: [pick(EVERYDAY)],
                member: { m, verification: chance(0.5) ? 'app-code' : 'card-scanned' },
                tender: 'card',
                receipt: 'printed',
              }),
          });
      }
      // Returns: 1.5 % of sales, within two weeks, at the same till, mostly with the receipt;
      // a few paid back in cash for a card sale (the card terminal was down), a few within minutes.
      const returned = chance(0.015);
      // A watch that stays sold can be the subject of a serial fraud later.
      if (watch && !returned) watchSales.push({ sale, memberId: m?.memberId ?? null, day });
      if (returned) {
        const quick = chance(0.01);
        const back = quick ? at + (5 + Math.floor(random() * 20)) * 60_000 : at + (1 + Math.floor(random() * 14)) * DAY_MS;
        const backDay = dayOf(back);
        const atTill = quick ? back : opens(backDay) + Math.floor(random() * 12 * 3_600_000);
        later(backDay, atTill, {
          terminalId,
          run: () =>
            writeReturn(sale, atTill, quick ? cashier : onDuty(terminalId, atTill, backDay), {
              withReceipt: chance(0.9),
              refundTender: sale.tender === 'card' && chance(0.01) ? 'cash' : sale.tender,
            }),
        });
      }
    }

    function planFraud(kind: LossRule, day: number, dayText: string): void {
      const terminalId = pick(TILLS);
      const shift = chance(0.5) ? 0 : 1;
      const start = opens(day) + shift * 6 * 3_600_000;
      const staffId = pick(SHIFTS[terminalId]![shift]);
      const at1 = start + Math.floor(random() * 2 * 3_600_000);
      const at2 = at1 + (1 + Math.floor(random() * 3)) * 3_600_000;
      const record = (memberId: string | null, what: string): InjectedFraud => {
        const r: InjectedFraud = { rule: kind, staffId, memberId, businessDay: dayText, evidence: [], what };
        injected.push(r);
        return r;
      };
      switch (kind) {
        case 'seed-pattern': {
          // A VIP buys something small; later the salesperson rings a cash customer's watch to the
          // VIP at the VIP price, typed in (or a scanned card kept from an earlier visit), no paper.
          const vip = members[Math.floor(random() * VIPS)]!;
          const r = record(
            vip.memberId,
            'rings a cash customer\'s watch to a VIP at the VIP price after the VIP\'s own purchase, "no receipt"',
          );
          const nth = injected.filter((f) => f.rule === 'seed-pattern').length;
          const typed = nth % 4 !== 0;
          // Once a year the salesperson is from another store, named on both sales (the cashier rings them up).
          const salesperson = nth === 3 ? OUTSIDE_SALESPERSON : staffId;
          if (salesperson !== staffId) r.staffId = salesperson;
          later(day, at1, {
            terminalId,
            run: () =>
              writeSale({
                terminalId,
                at: at1,
                cashier: staffId,
                salesperson,
                products: [pick(EVERYDAY.slice(10))],
                member: { m: vip, verification: 'app-code' },
                tender: 'card',
                receipt: 'printed',
              }),
          });
          later(day, at2, {
            terminalId,
            run: () => {
              const s = writeSale({
                terminalId,
                at: at2,
                cashier: staffId,
                salesperson,
                products: [pick(WATCHES)],
                member: { m: vip, verification: typed ? 'manual-lookup' : 'card-scanned' },
                tender: 'cash',
                receipt: 'declined-paper',
              });
              r.evidence.push(seqOf(s.entry));
            },
          });
          return;
        }
        case 'refund-other-tender': {
          // A customer's card sale, refunded weeks later in cash to the cashier's pocket.
          const r = record(null, 'refunds a card sale in cash to themself');
          later(day, at1, {
            terminalId,
            run: () => {
              const s = writeSale({
                terminalId,
                at: at1,
                cashier: onDuty(terminalId, at1, day),
                products: [pick(EVERYDAY.slice(12)), pick(EVERYDAY.slice(12))],
                tender: 'card',
                receipt: 'printed',
              });
              const backDay = day + 3 + Math.floor(random() * 10);
              const back = opens(backDay) + shift * 6 * 3_600_000 + Math.floor(random() * 5 * 3_600_000);
              later(backDay, back, {
                terminalId,
                run: () => r.evidence.push(seqOf(writeReturn(s, back, staffId, { refundTender: 'cash' }))),
              });
            },
          });
          return;
        }
        case 'quick-refund': {
          // The customer pays cash and leaves with the receipt; minutes later the cashier refunds it.
          const r = record(null, 'refunds a cash sale minutes after ringing it up, keeping the cash');
          later(day, at1, {
            terminalId,
            run: () => {
              const s = writeSale({
                terminalId,
                at: at1,
                cashier: staffId,
                products: [pick(EVERYDAY.slice(8)), pick(EVERYDAY.slice(8))],
                tender: 'cash',
                receipt: 'printed',
              });
              const back = at1 + (3 + Math.floor(random() * 15)) * 60_000;
              later(day, back, { terminalId, run: () => r.evidence.push(seqOf(writeReturn(s, back, staffId))) });
            },
          });
          return;
        }
        case 'serial-anomaly': {
          const sold = watchSales.filter((w) => w.memberId !== null && w.day < day);
          if (!sold.length) return;
          const victim = pick(sold);
          const second = injected.filter((f) => f.rule === 'serial-anomaly').length % 2 === 0;
          if (second) {
            // The piece sold again: its serial typed on another sale to another member.
            const vip = members[Math.floor(random() * VIPS)]!;
            const r = record(
              vip.memberId,
              `sells serial ${victim.sale.lines[0]!.serial!.value} again while it belongs to ${victim.memberId}`,
            );
            later(day, at1, {
              terminalId: victim.sale.terminalId,
              run: () => {
                const s = writeSale({
                  terminalId: victim.sale.terminalId,
                  at: at1,
                  cashier: onDuty(victim.sale.terminalId, at1, day),
                  salesperson: staffId,
                  products: [],
                  lines: victim.sale.lines.map((l) => ({ ...l, priceTier: 'vip' })),
                  member: { m: vip, verification: 'app-code' },
                  tender: 'cash',
                  receipt: 'printed',
                });
                r.evidence.push(seqOf(s.entry));
              },
            });
          } else {
            // Someone else's piece "returned" without the owner's receipt, for cash.
            const r = record(victim.memberId, `refunds serial ${victim.sale.lines[0]!.serial!.value} without its owner's receipt`);
            later(day, at1, {
              terminalId: victim.sale.terminalId,
              run: () => r.evidence.push(seqOf(writeReturn(victim.sale, at1, staffId, { withReceipt: false, refundTender: 'cash' }))),
            });
          }
          watchSales.splice(watchSales.indexOf(victim), 1);
          return;
        }
        case 'training-activity': {
          // Customers paying cash rung up in training mode between real sales: the cash stays, no sale does.
          const r = record(null, 'rings up cash customers in training mode between real sales and keeps the cash');
          const n = 2 + Math.floor(random() * 2);
          for (let k = 0; k < n; k++) {
            const at = at1 + k * (20 + Math.floor(random() * 40)) * 60_000;
            later(day, at, {
              terminalId,
              run: () => {
                const s = writeSale({
                  terminalId,
                  at,
                  cashier: staffId,
                  products: [pick(EVERYDAY.slice(8)), pick(EVERYDAY.slice(8))],
                  tender: 'cash',
                  receipt: 'printed',
                  training: true,
                });
                r.evidence.push(seqOf(s.entry));
              },
            });
          }
          return;
        }
        case 'drawer-short': {
          // For three weeks the staff member takes a note or two from the drawers they own.
          const r = record(null, 'takes notes from their own drawer now and then for three weeks');
          drawerFraud.set(staffId, { from: day, to: day + 20, record: r });
          return;
        }
        case 'member-code-failures': {
          // Trying a VIP's code (an old screenshot, guessed digits) to give a customer the VIP price.
          const vip = members[Math.floor(random() * VIPS)]!;
          const r = record(vip.memberId, "tries a VIP's old and guessed codes to sell at the VIP price without the VIP");
          const n = 3 + Math.floor(random() * 3);
          for (let k = 0; k < n; k++) {
            const at = at1 + k * 40_000;
            later(day, at, {
              terminalId,
              run: () =>
                r.evidence.push(
                  seqOf(
                    append(
                      terminalId,
                      at,
                      'member-verification-failed',
                      staffId,
                      failedCode(vip.memberId, k === 0 ? 'replayed' : 'invalid'),
                    ),
                  ),
                ),
            });
          }
          return;
        }
        default:
          return;
      }
    }
  }
  return { entries, injected: injected.filter((f) => f.evidence.length > 0), sales: saleCount, weeks: days / 7 };
}

function seqOf(e: LedgerEntry): { terminalId: string; seq: number } {
  return { terminalId: e.terminalId, seq: e.seq };
}

export interface RuleScore {
  rule: LossRule;
  injected: number;
  /** Injected frauds meant for this rule that a case of this rule shares an entry with. */
  found: number;
  /** Injected frauds of any rule that a case of this rule found. */
  foundAny: number;
  cases: number;
  /** Cases sharing no entry with any injected fraud. */
  falseAlarms: number;
  falseAlarmsPer1000Sales: number;
  falseAlarmsPerStoreWeek: number;
}

/** Recall and false alarms of each rule's cases against the year's ground truth. */
export function scoreCases(cases: readonly LossCase[], year: FraudYear, rules: readonly LossRule[]): RuleScore[] {
  const key = (e: { terminalId: string; seq: number }) => `${e.terminalId}\u0000${e.seq}`;
  const owner = new Map<string, number>();
  year.injected.forEach((f, i) => f.evidence.forEach((e) => owner.set(key(e), i)));
  return rules.map((rule) => {
    const mine = cases.filter((c) => c.rule === rule);
    const hit = new Set<number>();
    let falseAlarms = 0;
    for (const c of mine) {
      let any = false;
      for (const e of c.evidence) {
        const i = owner.get(key(e));
        if (i !== undefined) {
          hit.add(i);
          any = true;
        }
      }
      if (!any) falseAlarms++;
    }
    const meant = year.injected.map((f, i) => (f.rule === rule ? i : -1)).filter((i) => i >= 0);
    return {
      rule,
      injected: meant.length,
      found: meant.filter((i) => hit.has(i)).length,
      foundAny: hit.size,
      cases: mine.length,
      falseAlarms,
      falseAlarmsPer1000Sales: (1000 * falseAlarms) / year.sales,
      falseAlarmsPerStoreWeek: falseAlarms / year.weeks,
    };
  });
}
