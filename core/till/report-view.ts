import type { LedgerStore } from '../ports.ts';
import type { ReportView } from '../contract/views.ts';
import type { TerminalConfig } from '../config/terminal-config.ts';
import { entryOf, type EntryBody } from '../ledger/bodies.ts';
import { zTotals, zTotalsOf, type ZTotals } from './z-report.ts';
import { dayBreakdown } from './report-breakdown.ts';
import { buildReportDocument } from './report-document.ts';

/** Grand total through the last Z (0 before the first). */
export function previousPerpetual(store: LedgerStore): number {
  const z = entryOf(store.lastZReport(), 'z-report');
  return z ? (zTotalsOf(z.body).grand?.perpetual ?? 0) : 0;
}

function view(store: LedgerStore, config: TerminalConfig, minorDigits: number, kind: 'x' | 'z', businessDay: string, zNo: number | null, totals: Pick<ZTotals, 'keys' | 'drawers' | 'grand'>, range: { firstSeq: number; lastSeq: number }, printed: boolean | null): ReportView {
  const breakdown = dayBreakdown(store.entries({ from: range.firstSeq, to: range.lastSeq }), businessDay, config.store.timeZone);
  const document = buildReportDocument(
    { kind, zNo, businessDay, firstSeq: range.firstSeq, lastSeq: range.lastSeq, currency: config.store.currency, keys: totals.keys, drawers: totals.drawers, grand: totals.grand, byCashier: breakdown.byCashier },
    { storeName: config.store.name, terminalId: config.terminal.terminalId, locale: config.store.locale, width: config.receipt.width, minorDigits },
  );
  return { kind, zNo, businessDay, currency: config.store.currency, firstSeq: range.firstSeq, lastSeq: range.lastSeq, keys: totals.keys, drawers: totals.drawers, grand: totals.grand, byHour: breakdown.byHour, byCashier: breakdown.byCashier, document, printed };
}

/** The X report of a business day: running totals from the read models, nothing sealed. */
export function xReportView(store: LedgerStore, config: TerminalConfig, minorDigits: number, businessDay: string): ReportView {
  const record = store.businessDay(businessDay);
  const totals = zTotals(config.store.currency, store.dayTotals(businessDay), store.drawerSessions({ businessDay }), previousPerpetual(store));
  const range = { firstSeq: record?.firstSeq ?? store.head().seq + 1, lastSeq: record?.lastSeq ?? store.head().seq };
  return view(store, config, minorDigits, 'x', businessDay, null, totals, range, null);
}

/** A sealed Z report, exactly as its ledger entry records it. */
export function zReportView(store: LedgerStore, config: TerminalConfig, minorDigits: number, z: EntryBody<'z-report'>, printed: boolean | null = null): ReportView {
  const totals = zTotalsOf(z);
  return view(store, config, minorDigits, 'z', z.businessDay, z.zNo, totals, { firstSeq: z.firstSeq, lastSeq: z.lastSeq }, printed);
}
