import type { LedgerEntry } from '../ledger/entry.ts';
import { memberTotalsKey } from '../sales/member.ts';
import { knownEntry, type EntryBody, type SaleBody } from '../ledger/bodies.ts';

// The running totals of a business day, as deltas per entry. One function, three users: the
// SQLite projection (db/projections.ts) adds these deltas in the same transaction as the
// entry; `ledger verify` re-adds them from the entries and checks each Z report against them;
// the golden-day tests recompute them from scratch. Keys are stable names:
//
//   sales, sales:tax, sales:rounding           completed sales (count = number of sales)
//   returns, returns:tax, returns:no-receipt   returns (count = number of returns)
//   returns:rounding                           cash rounding of refunds (positive: customers got more back)
//   tender:<type>                              net takings per tender (refunds subtract)
//   refund:<type>                              refunds paid out per tender
//   refunds:other-tender                       refunds to a tender the sale did not use (approved)
//   tax:<bp>:gross, tax:<bp>:tax               per tax rate (basis points); net = gross - tax
//   dept:<department>                          gross per department
//   cashier:<staff id>                         net sales per cashier
//   discounts, price-overrides, member:<how>   exceptions
//   voids:line, voids:sale, post-voids         voids (amount = value voided)
//   no-sales, receipts:reprints, receipts:declined-paper, receipts:electronic, receipts:print-failed
//   cash-in, cash-out:<purpose>, login-failed, lockouts-cleared, device-faults, approvals:<action>
//   sales-resumed, sales-resume-rejected       sales taken up again after a restart (amount = their total), and
//                                              saved sales that did not check out (amount = the payments they claimed)
//   sales-parked                               sales put on hold (amount = their total when held; training sales not counted)
//   sales-held                                 X report only: sales still on hold when it was taken (not a day total)
//   member-failures                            failed member verifications (wrong, expired or reused app codes, unknown cards)
//   training:sales, training:returns           training mode, kept out of everything else
//   card-batch:reported, card-batch:difference the card terminal's batch total and its difference to the card tenders
//   exchanges                                  exchanges (amount = credit their returns gave their sales; tender:exchange-credit nets to 0)
//   giftcards:issued                           gift card value sold and loaded (a liability, not sales); its payment is in tender:<type>.
//                                              From a sale's gift card lines (kept out of sales, tax, departments and
//                                              cashiers) or, in older ledgers, a giftcard-issued entry: each load once
//                                              (gift card redemptions are tender:giftcard, refunds onto cards refund:giftcard)
//   training:giftcards                         gift cards loaded in training mode

export type TotalsDelta = [key: string, amount: number, count: number];

/** Finds the sale a post-void reverses (by receipt number). */
export type SaleLookup = (receiptNo: number) => { body: SaleBody; operatorId: string | null } | undefined;

function lineGross(body: SaleBody, line: SaleBody['lines'][number]): number {
  return body.taxMode === 'inclusive' ? line.amount : line.amount + line.tax;
}

/** The deltas a completed sale adds (or, with sign -1 and counts 0, a post-void removes). */
export function saleDeltas(body: SaleBody, operatorId: string | null, sign: 1 | -1 = 1): TotalsDelta[] {
  const c = sign === 1 ? 1 : 0;
  // Gift cards sold on the sale are owed to their holders, not takings from goods (issue #15).
  const cards = body.lines.filter((l) => l.giftCard);
  const loaded = cards.reduce((s, l) => s + l.amount, 0);
  const goods = body.total - loaded;
  const out: TotalsDelta[] = [
    ['sales', sign * goods, c],
    ['sales:tax', sign * body.tax, c],
  ];
  if (cards.length) out.push(['giftcards:issued', sign * loaded, sign === 1 ? cards.length : 0]);
  if (body.rounding) out.push(['sales:rounding', sign * body.rounding, c]);
  for (const t of body.tenders) out.push([`tender:${t.type}`, sign * t.amount, c]);
  const byRate = new Map<number, [number, number]>();
  const byDept = new Map<string, [number, number]>();
  let discounts = 0;
  let discountLines = 0;
  let overrides = 0;
  for (const l of body.lines) {
    if (l.giftCard) continue;
    const gross = lineGross(body, l);
    const r = byRate.get(l.taxRateBp) ?? [0, 0];
    byRate.set(l.taxRateBp, [r[0] + gross, r[1] + l.tax]);
    const dept = l.department ?? 'none';
    const d = byDept.get(dept) ?? [0, 0];
    byDept.set(dept, [d[0] + gross, d[1] + 1]);
    if (l.discount) {
      discounts += l.discount;
      discountLines++;
    }
    if (l.priceOverride) overrides++;
  }
  for (const [bp, [gross, tax]] of byRate) out.push([`tax:${bp}:gross`, sign * gross, c], [`tax:${bp}:tax`, sign * tax, c]);
  for (const [dept, [gross, lines]] of byDept) out.push([`dept:${dept}`, sign * gross, sign === 1 ? lines : 0]);
  if (operatorId) out.push([`cashier:${operatorId}`, sign * goods, c]);
  if (discounts) out.push(['discounts', sign * discounts, sign === 1 ? discountLines : 0]);
  if (overrides) out.push(['price-overrides', 0, sign === 1 ? overrides : 0]);
  if (body.member) out.push([memberTotalsKey(body.member.verification), sign * goods, c]);
  return out;
}

function returnDeltas(b: EntryBody<'return'>, operatorId: string | null): TotalsDelta[] {
  const out: TotalsDelta[] = [
    ['returns', b.total, 1],
    ['returns:tax', b.tax, 1],
  ];
  if (b.rounding) out.push(['returns:rounding', b.rounding, 1]);
  if (!b.withReceipt) out.push(['returns:no-receipt', b.total, 1]);
  if (b.otherTender) out.push(['refunds:other-tender', b.otherTender.amount, 1]);
  for (const t of b.refunds) {
    // An exchange's credit pays its sale: it cancels that sale's tender:exchange-credit and is no refund paid out.
    if (t.type === 'exchange-credit') out.push([`tender:${t.type}`, -t.amount, 0], ['exchanges', t.amount, 1]);
    else out.push([`tender:${t.type}`, -t.amount, 0], [`refund:${t.type}`, t.amount, 1]);
  }
  const byRate = new Map<number, [number, number]>();
  const byDept = new Map<string, number>();
  for (const l of b.lines) {
    const r = byRate.get(l.taxRateBp) ?? [0, 0];
    byRate.set(l.taxRateBp, [r[0] + l.amount, r[1] + l.tax]);
    const dept = l.department ?? 'none';
    byDept.set(dept, (byDept.get(dept) ?? 0) + l.amount);
  }
  for (const [bp, [gross, tax]] of byRate) out.push([`tax:${bp}:gross`, -gross, 0], [`tax:${bp}:tax`, -tax, 0]);
  for (const [dept, gross] of byDept) out.push([`dept:${dept}`, -gross, 0]);
  if (operatorId) out.push([`cashier:${operatorId}`, -b.total, 0]);
  return out;
}

/** What one ledger entry adds to its business day's totals. */
export function dayTotalDeltas(ledgerEntry: LedgerEntry, lookupSale: SaleLookup): TotalsDelta[] {
  const entry = knownEntry(ledgerEntry);
  switch (entry?.kind) {
    case 'sale': {
      const b = entry.body;
      return b.training ? [['training:sales', b.total, 1]] : saleDeltas(b, entry.operatorId);
    }
    case 'return': {
      const b = entry.body;
      return b.training ? [['training:returns', b.total, 1]] : returnDeltas(b, entry.operatorId);
    }
    case 'void': {
      const b = entry.body;
      if (b.scope !== 'post-void' || b.receiptNo === undefined) return [[`voids:${b.scope}`, b.amount, 1]];
      const original = lookupSale(b.receiptNo);
      if (!original || original.body.training) return [['post-voids', 0, 1]];
      // A post-void reverses the sale in the day it is recorded.
      return [['post-voids', original.body.total, 1], ...saleDeltas(original.body, original.operatorId, -1)];
    }
    case 'receipt-issued': {
      const b = entry.body;
      if (b.copyNo !== 0) return [];
      const out: TotalsDelta[] = [];
      if (b.channel === 'electronic') out.push(['receipts:electronic', 0, 1]);
      if (b.electronicReason === 'declined-paper') out.push(['receipts:declined-paper', 0, 1]);
      return out;
    }
    case 'receipt-print-failed':
      return [['receipts:print-failed', 0, 1]];
    case 'receipt-reprinted':
      return [['receipts:reprints', 0, 1]];
    case 'no-sale':
      return [['no-sales', 0, 1]];
    case 'cash-in':
      return [['cash-in', entry.body.amount, 1]];
    case 'cash-out': {
      const b = entry.body;
      return [[`cash-out:${b.purpose}`, b.amount, 1]];
    }
    case 'approval':
      return [[`approvals:${entry.body.action}`, 0, 1]];
    case 'login-failed':
      return [['login-failed', 0, 1]];
    case 'member-verification-failed':
      return [['member-failures', 0, 1]];
    case 'lockout-cleared':
      return [['lockouts-cleared', 0, 1]];
    case 'sale-resumed': {
      const b = entry.body;
      if (b.outcome === 'resumed') return [['sales-resumed', b.total, 1]];
      return [['sales-resume-rejected', b.tenders.reduce((sum, t) => sum + t.amount, 0), 1]];
    }
    case 'sale-parked':
      return entry.body.training ? [] : [['sales-parked', entry.body.total, 1]];
    case 'giftcard-issued': {
      // A liability, not a sale: kept out of sales, tax and departments; its payment still counts in the tender it came in.
      const b = entry.body;
      if (b.training) return [['training:giftcards', b.amount, 1]];
      return [
        ['giftcards:issued', b.amount, 1],
        [`tender:${b.tender.type}`, b.amount, 1],
      ];
    }
    case 'device-fault':
      return [['device-faults', 0, 1]];
    case 'card-batch':
      return [
        ['card-batch:reported', entry.body.reported, 1],
        ['card-batch:difference', entry.body.difference, 1],
      ];
    default:
      return [];
  }
}

export type DayTotals = Map<string, { amount: number; count: number }>;

export function addDeltas(totals: DayTotals, deltas: TotalsDelta[]): void {
  for (const [key, amount, count] of deltas) {
    const t = totals.get(key);
    if (t) {
      t.amount += amount;
      t.count += count;
    } else totals.set(key, { amount, count });
  }
}

/** Totals as a plain object with sorted keys (for Z bodies and comparisons). */
export function totalsRecord(totals: DayTotals): Record<string, { amount: number; count: number }> {
  return Object.fromEntries(
    [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, { amount: v.amount, count: v.count }]),
  );
}
