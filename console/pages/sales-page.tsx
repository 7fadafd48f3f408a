import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ConsoleApiError, consoleApi, type StoreSummary } from '../api.ts';
import { errorKey, type MessageKey, type Translate, type UiLocale } from '../i18n/i18n.ts';
import { csvText, type CsvCell } from './sales-csv.ts';
import { ExceptionsChart, HourChart } from './sales-charts.tsx';
import {
  EXCEPTION_GROUPS,
  SALES_DIMENSIONS,
  salesApi,
  type DrilledEntry,
  type FigureRef,
  type SalesDimension,
  type SalesFigure,
  type SalesFilter,
  type SalesReport,
} from './sales-api.ts';
import './sales-page.css';

// The console's sales page (issue #18, docs/hq.md "Sales"): figures by store, day, hour,
// department, salesperson or tender against the previous period, sales by hour and exceptions by
// cashier as charts, a CSV export, and every figure a button that lists the entries (and the Z
// reports) it came from. HQ computes the figures and decides which stores the user sees.

/** Amounts are the till's minor units, as the loss-prevention page shows them. */
type Money = (n: number) => string;

const DAY_MS = 86_400_000;

function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** A figure's key in the reader's words (HQ's markers for order-level amounts, none, an unknown sale; tender types; hours). */
function keyText(t: Translate, dimension: SalesDimension, key: string): string {
  if (key === '(order-level)') return t('sales.key.orderLevel');
  if (key === '(none)') return t('sales.key.none');
  if (key === '(unknown sale)') return t('sales.key.unknownSale');
  if (dimension === 'tender' && ['cash', 'card', 'voucher', 'other'].includes(key)) return t(`sales.tender.${key}` as MessageKey);
  if (dimension === 'hour') return t('sales.hour', { hour: key });
  return key;
}

/** Change from the previous period in per cent, one decimal; null when the previous period had nothing. */
function changePercent(now: number, before: number): number | null {
  if (before === 0) return null;
  return Math.round(((now - before) / Math.abs(before)) * 1000) / 10;
}

interface Row {
  figure: SalesFigure;
  previousNet: number;
}

function rowsOf(report: SalesReport): Row[] {
  const id = (f: SalesFigure) => `${f.key}\u0000${f.currency}`;
  const previous = new Map(report.previousFigures.map((f) => [id(f), f.netTotal]));
  const rows: Row[] = report.figures.map((f) => ({ figure: f, previousNet: previous.get(id(f)) ?? 0 }));
  const seen = new Set(report.figures.map(id));
  for (const f of report.previousFigures) {
    if (seen.has(id(f))) continue;
    rows.push({
      figure: { ...f, salesCount: 0, salesTotal: 0, returnsCount: 0, returnsTotal: 0, postVoidsCount: 0, postVoidsTotal: 0, netTotal: 0 },
      previousNet: f.netTotal,
    });
  }
  return rows;
}

function downloadCsv(name: string, text: string): void {
  downloadBlob(name, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}

function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface Drill {
  title: string;
  entries: DrilledEntry[] | null;
  truncated: boolean;
  error: string | null;
}

export function SalesPage({ t, locale, onSessionEnded }: { t: Translate; locale: UiLocale; onSessionEnded: () => void }) {
  const [stores, setStores] = useState<StoreSummary[]>([]);
  // The last seven days, today included, in the browser's time zone.
  const [form, setForm] = useState<SalesFilter>(() => {
    const today = Date.now();
    return { from: localDay(today - 6 * DAY_MS), to: localDay(today), store: '', dimension: 'store', timeZone: browserTimeZone() };
  });
  const [shown, setShown] = useState<SalesFilter | null>(null);
  const [report, setReport] = useState<SalesReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [makingPdf, setMakingPdf] = useState(false);
  const money: Money = (n) => new Intl.NumberFormat(locale).format(n);

  const failed = useCallback(
    (e: unknown): string | null => {
      if (e instanceof ConsoleApiError && e.code === 'console.unauthenticated') {
        onSessionEnded();
        return null;
      }
      return e instanceof ConsoleApiError ? t(errorKey(e.code), { message: e.message }) : t('error.internal', { message: String(e) });
    },
    [t, onSessionEnded],
  );

  const load = useCallback(
    (filter: SalesFilter) => {
      salesApi.report(filter).then(
        (r) => {
          setDrill(null);
          setReport(r);
          setShown(filter);
          setError(null);
        },
        (e: unknown) => setError(failed(e)),
      );
    },
    [failed],
  );

  useEffect(() => {
    consoleApi.stores().then(
      (r) => setStores(r.stores),
      (e: unknown) => setError(failed(e)),
    );
    load(form);
    // The first view only; later ones on Show.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    load(form);
  };

  const openDrill = (title: string, figure: FigureRef) => {
    if (!shown) return;
    setDrill({ title, entries: null, truncated: false, error: null });
    salesApi.entries(shown, figure).then(
      (r) => setDrill({ title, entries: r.entries, truncated: r.truncated, error: null }),
      (e: unknown) => setDrill({ title, entries: [], truncated: false, error: failed(e) }),
    );
  };

  const dimension = shown?.dimension ?? form.dimension;
  const rows = report ? rowsOf(report) : [];
  const net = rows.reduce((s, r) => s + r.figure.netTotal, 0);
  const prevNet = rows.reduce((s, r) => s + r.previousNet, 0);
  const changeText = (now: number, before: number): string => {
    const p = changePercent(now, before);
    return p === null ? (now === 0 ? '–' : t('sales.change.new')) : `${p > 0 ? '+' : ''}${new Intl.NumberFormat(locale).format(p)} %`;
  };

  const exportCsv = () => {
    if (!report || !shown) return;
    const head: CsvCell[] = [
      t(`sales.dimension.${shown.dimension}`),
      t('sales.col.currency'),
      t('sales.col.salesCount'),
      t('sales.col.sales'),
      t('sales.col.returnsCount'),
      t('sales.col.returns'),
      t('sales.col.postVoidsCount'),
      t('sales.col.postVoids'),
      t('sales.col.net'),
      t('sales.col.previous'),
      `${t('sales.col.change')} (%)`,
    ];
    const body: CsvCell[][] = rows.map(({ figure: f, previousNet }) => [
      keyText(t, shown.dimension, f.key),
      f.currency,
      f.salesCount,
      f.salesTotal,
      f.returnsCount,
      f.returnsTotal,
      f.postVoidsCount,
      f.postVoidsTotal,
      f.netTotal,
      previousNet,
      changePercent(f.netTotal, previousNet),
    ]);
    downloadCsv(`sales-${shown.dimension}-${shown.from}-${shown.to}.csv`, csvText([head, ...body]));
  };

  const exportPdf = () => {
    if (!shown) return;
    setMakingPdf(true);
    salesApi.pdf(shown, locale).then(
      (blob) => {
        setMakingPdf(false);
        downloadBlob(`sales-${shown.dimension}-${shown.from}-${shown.to}.pdf`, blob);
      },
      (e: unknown) => {
        setMakingPdf(false);
        setError(failed(e));
      },
    );
  };

  const figureButton = (what: string, f: SalesFigure, amount: number) => {
    const key = keyText(t, dimension, f.key);
    return (
      <button
        type="button"
        className="figure"
        aria-label={t('sales.drill.open', { what, key, amount: money(amount) })}
        onClick={() => openDrill(t('sales.drill.figure', { what, key }), { dimension, key: f.key, currency: f.currency })}
      >
        {money(amount)}
      </button>
    );
  };

  const hours = Array.from({ length: 24 }, (_, h) =>
    (report?.byHour ?? []).filter((f) => f.key === String(h).padStart(2, '0')).reduce((s, f) => s + f.netTotal, 0),
  );
  const hourList = hours
    .map((v, h) => (v === 0 ? null : `${t('sales.hour', { hour: String(h).padStart(2, '0') })} ${money(v)}`))
    .filter((x): x is string => x !== null);
  const exceptions = report?.exceptions ?? [];

  return (
    <section aria-labelledby="sales-title" className="sales">
      <h1 id="sales-title">{t('sales.title')}</h1>
      <form className="card sales-filters" aria-label={t('sales.filters')} onSubmit={submit}>
        <div className="field">
          <label htmlFor="sales-store">{t('sales.store')}</label>
          <select id="sales-store" value={form.store} onChange={(e) => setForm({ ...form, store: e.target.value })}>
            <option value="">{t('sales.allStores')}</option>
            {stores.map((s) => (
              <option key={s.storeId} value={s.storeId}>
                {s.storeId}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sales-from">{t('sales.from')}</label>
          <input id="sales-from" type="date" required value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="sales-to">{t('sales.to')}</label>
          <input id="sales-to" type="date" required value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="sales-dimension">{t('sales.dimension')}</label>
          <select
            id="sales-dimension"
            value={form.dimension}
            onChange={(e) => setForm({ ...form, dimension: e.target.value as SalesDimension })}
          >
            {SALES_DIMENSIONS.map((d) => (
              <option key={d} value={d}>
                {t(`sales.dimension.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          {t('sales.show')}
        </button>
        <button type="button" onClick={exportCsv} disabled={!report}>
          {t('sales.exportCsv')}
        </button>
        <button type="button" onClick={exportPdf} disabled={!report || makingPdf}>
          {makingPdf ? t('sales.exportingPdf') : t('sales.exportPdf')}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!report && !error && <p>{t('common.loading')}</p>}
      {report && (
        <>
          <p className="sales-summary">
            {t('sales.summary', {
              net: money(net),
              from: report.from,
              to: report.to,
              prevFrom: report.previous.from,
              prevTo: report.previous.to,
              prevNet: money(prevNet),
              change: changeText(net, prevNet),
            })}
          </p>
          {rows.length === 0 ? (
            <p>{t('sales.none')}</p>
          ) : (
            <div className="card table-scroll">
              <table aria-label={t('sales.table', { dimension: t(`sales.dimension.${dimension}`) })}>
                <thead>
                  <tr>
                    <th scope="col">{t(`sales.dimension.${dimension}`)}</th>
                    <th scope="col" className="num">
                      {t('sales.col.salesCount')}
                    </th>
                    <th scope="col" className="num">
                      {t('sales.col.sales')}
                    </th>
                    <th scope="col" className="num">
                      {t('sales.col.returns')}
                    </th>
                    <th scope="col" className="num">
                      {t('sales.col.postVoids')}
                    </th>
                    <th scope="col" className="num">
                      {t('sales.col.net')}
                    </th>
                    <th scope="col" className="num">
                      {t('sales.col.previous')}
                    </th>
                    <th scope="col" className="num">
                      {t('sales.col.change')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ figure: f, previousNet }) => (
                    <tr key={`${f.key}-${f.currency}`}>
                      <th scope="row">
                        {keyText(t, dimension, f.key)} <span className="muted-inline">{f.currency}</span>
                      </th>
                      <td className="num">{f.salesCount}</td>
                      <td className="num">{figureButton(t('sales.col.sales'), f, f.salesTotal)}</td>
                      <td className="num">{figureButton(t('sales.col.returns'), f, f.returnsTotal)}</td>
                      <td className="num">{figureButton(t('sales.col.postVoids'), f, f.postVoidsTotal)}</td>
                      <td className="num">{figureButton(t('sales.col.net'), f, f.netTotal)}</td>
                      <td className="num">{money(previousNet)}</td>
                      <td className="num">{changeText(f.netTotal, previousNet)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {drill && (
            <section className="card drill" aria-labelledby="drill-title">
              <div className="stores-head">
                <h2 id="drill-title">{t('sales.drill.title', { figure: drill.title })}</h2>
                <button type="button" onClick={() => setDrill(null)}>
                  {t('sales.drill.close')}
                </button>
              </div>
              {drill.error && (
                <p className="error" role="alert">
                  {drill.error}
                </p>
              )}
              {drill.entries === null && <p>{t('common.loading')}</p>}
              {drill.entries?.length === 0 && !drill.error && <p>{t('sales.drill.none')}</p>}
              {drill.truncated && <p className="muted">{t('sales.drill.truncated', { count: drill.entries?.length ?? 0 })}</p>}
              {drill.entries && drill.entries.length > 0 && (
                <div className="table-scroll">
                  <table aria-label={t('sales.drill.table')}>
                    <thead>
                      <tr>
                        <th scope="col">{t('sales.drill.store')}</th>
                        <th scope="col">{t('sales.drill.terminal')}</th>
                        <th scope="col" className="num">
                          {t('sales.drill.seq')}
                        </th>
                        <th scope="col">{t('sales.drill.kind')}</th>
                        <th scope="col">{t('sales.drill.day')}</th>
                        <th scope="col">{t('sales.drill.operator')}</th>
                        <th scope="col" className="num">
                          {t('sales.drill.amount')}
                        </th>
                        <th scope="col">{t('sales.drill.zReport')}</th>
                        <th scope="col">{t('sales.drill.hash')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {drill.entries.map((e) => (
                        <tr key={`${e.terminalId}-${e.seq}`}>
                          <td>{e.storeId}</td>
                          <td>{e.terminalId}</td>
                          <td className="num">#{e.seq}</td>
                          <td>{t(`sales.movement.${e.movement}`)}</td>
                          <td>{e.businessDay}</td>
                          <td>{e.operatorId ?? t('sales.key.none')}</td>
                          <td className="num">{e.amount === null ? '' : money(e.amount)}</td>
                          <td>
                            {e.zReport ? t('sales.drill.sealedBy', { zNo: e.zReport.zNo, seq: e.zReport.seq }) : t('sales.drill.notSealed')}
                          </td>
                          <td>
                            <code>{e.hash}</code>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          )}
          <figure className="card">
            <figcaption>
              <h2>{t('sales.byHour')}</h2>
            </figcaption>
            <HourChart
              values={hours}
              label={hourList.length > 0 ? t('sales.byHourLabel', { list: hourList.join('; ') }) : t('sales.byHourEmpty')}
              hourText={(hour) => t('sales.hour', { hour })}
            />
          </figure>
          <figure className="card">
            <figcaption>
              <h2>{t('sales.exceptions')}</h2>
            </figcaption>
            {exceptions.length === 0 ? (
              <p>{t('sales.noExceptions')}</p>
            ) : (
              <>
                <ExceptionsChart
                  rows={exceptions}
                  label={t('sales.exceptionsLabel', {
                    list: exceptions
                      .map((r) => `${r.staffId}: ${EXCEPTION_GROUPS.map((g) => `${t(`sales.group.${g}`)} ${r[g]}`).join(', ')}`)
                      .join('; '),
                  })}
                  groupText={(g) => t(`sales.group.${g}`)}
                />
                <div className="table-scroll">
                  <table aria-label={t('sales.exceptionsTable')}>
                    <thead>
                      <tr>
                        <th scope="col">{t('sales.cashier')}</th>
                        {EXCEPTION_GROUPS.map((g) => (
                          <th key={g} scope="col" className="num">
                            {t(`sales.group.${g}`)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {exceptions.map((r) => (
                        <tr key={r.staffId}>
                          <th scope="row">{r.staffId}</th>
                          {EXCEPTION_GROUPS.map((g) => (
                            <td key={g} className="num">
                              <button
                                type="button"
                                className="figure"
                                disabled={r[g] === 0}
                                aria-label={t('sales.drill.open', { what: t(`sales.group.${g}`), key: r.staffId, amount: r[g] })}
                                onClick={() =>
                                  openDrill(t('sales.drill.figure', { what: t(`sales.group.${g}`), key: r.staffId }), {
                                    cashier: r.staffId,
                                    group: g,
                                  })
                                }
                              >
                                {r[g]}
                              </button>
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
          </figure>
        </>
      )}
    </section>
  );
}
