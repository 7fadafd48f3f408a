import type { LedgerStore } from '../ports/ledger-store.ts';
import type { ReportView } from '../contract/views.ts';
import type { TerminalConfig } from '../config/terminal-config.ts';
import { entryOf, type EntryBody } from '../ledger/bodies.ts';
import { zTotals, zTotalsOf, type ZTotals } from './z-report.ts';
import { dayBreakdown } from './report-breakdown.ts';
import { buildReportDocument, type ReportContext } from './report-document.ts';
import { cardBatchOf, cardBatchSummary, cardBatchThreshold, cardTendersOf } from './card-batch.ts';

/** Grand total through the last Z (0 before the first). */
export function previousPerpetual(store: LedgerStore): number {
  const z = entryOf(store.lastZReport(), 'z-report');
  return z ? (zTotalsOf(z.body).grand?.perpetual ?? 0) : 0;
}

/** A staff member's name by staff number (the till's staff directory), for the report to name cashiers. */
export type StaffNames = (staffId: string) => string | undefined;

/** The store, its department names and its staff, as the X and Z name them. */
export function reportContext(config: TerminalConfig, minorDigits: number, staffName?: StaffNames): ReportContext {
  return {
    storeName: config.store.name,
    address: config.store.address,
    taxNumber: config.store.taxNumber,
    terminalId: config.terminal.terminalId,
    locale: config.store.locale,
    width: config.receipt.width,
    minorDigits,
    departments: config.departments,
    ...(staffName ? { staffName } : {}),
  };
}

interface ReportHeading {
  kind: 'x' | 'z';
  businessDay: string;
  zNo: number | null;
  firstSeq: number;
  lastSeq: number;
}

type ReportTotals = Pick<ZTotals, 'keys' | 'drawers' | 'grand'>;

function view(
  store: LedgerStore,
  config: TerminalConfig,
  minorDigits: number,
  heading: ReportHeading,
  totals: ReportTotals,
  printed: boolean | null,
  staffName: StaffNames | undefined,
): ReportView {
  const { kind, zNo, businessDay, firstSeq, lastSeq } = heading;
  const { keys, drawers, grand } = totals;
  const currency = config.store.currency;
  const { byHour, byCashier } = dayBreakdown(store.entries({ from: firstSeq, to: lastSeq }), businessDay, config.store.timeZone);
  const cardTenders = cardTendersOf(store.entries({ from: firstSeq, to: lastSeq }), businessDay);
  const batch = cardBatchOf(store.entries({ from: firstSeq, to: lastSeq }), businessDay);
  const cardBatch = batch && cardBatchSummary(batch, cardBatchThreshold(config));
  const document = buildReportDocument(
    { kind, zNo, businessDay, firstSeq, lastSeq, currency, keys, drawers, grand, byCashier, cardTenders, cardBatch },
    reportContext(config, minorDigits, staffName),
  );
  const staffNames: Record<string, string> = {};
  const ids = [
    ...byCashier.map((c) => c.operatorId),
    ...drawers.flatMap((d) => d.operatorId ?? []),
    ...Object.keys(keys).flatMap((k) => (k.startsWith('cashier:') ? [k.slice('cashier:'.length)] : [])),
  ];
  for (const id of ids) {
    const name = staffName?.(id);
    if (name) staffNames[id] = name;
  }
  return {
    staffNames,
    kind,
    zNo,
    businessDay,
    currency,
    firstSeq,
    lastSeq,
    keys,
    drawers,
    grand,
    byHour,
    byCashier,
    document,
    printed,
    cardTenders,
    cardBatch,
  };
}

/** The X report of a business day: running totals from the read models, nothing sealed. */
export function xReportView(
  store: LedgerStore,
  config: TerminalConfig,
  minorDigits: number,
  businessDay: string,
  staffName?: StaffNames,
  /** The sales on hold now (issue #15): shown on the X, which a Z refuses to close over. */
  held: { amount: number; count: number } = { amount: 0, count: 0 },
): ReportView {
  const record = store.businessDay(businessDay);
  const totals = zTotals(
    config.store.currency,
    { ...store.dayTotals(businessDay), ...(held.count ? { 'sales-held': held } : {}) },
    store.drawerSessions({ businessDay }),
    previousPerpetual(store),
  );
  const lastSeq = store.head().seq;
  const heading: ReportHeading = {
    kind: 'x',
    businessDay,
    zNo: null,
    firstSeq: record?.firstSeq ?? lastSeq + 1,
    lastSeq: record?.lastSeq ?? lastSeq,
  };
  return view(store, config, minorDigits, heading, totals, null, staffName);
}

/** A sealed Z report, exactly as its ledger entry records it. */
export function zReportView(
  store: LedgerStore,
  config: TerminalConfig,
  minorDigits: number,
  z: EntryBody<'z-report'>,
  printed: boolean | null = null,
  staffName?: StaffNames,
): ReportView {
  const heading: ReportHeading = { kind: 'z', businessDay: z.businessDay, zNo: z.zNo, firstSeq: z.firstSeq, lastSeq: z.lastSeq };
  return view(store, config, minorDigits, heading, zTotalsOf(z), printed, staffName);
}
