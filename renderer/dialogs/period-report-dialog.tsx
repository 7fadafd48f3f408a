import { useEffect, useEffectEvent, useId, useState, type FormEvent } from 'react';
import type { Result } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { Fact } from '../components/fact.tsx';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTill, useTillState } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { TotalsTable, useReportLabel } from '../report/totals-table.tsx';

type PeriodReport = Result<'report.period'>;

/** A minor-unit amount as plain decimal text ("-12.05"), integer-exact, for a spreadsheet. */
function plainAmount(minor: number, minorDigits: number): string {
  const digits = String(Math.abs(minor)).padStart(minorDigits + 1, '0');
  const whole = minorDigits === 0 ? digits : `${digits.slice(0, -minorDigits)}.${digits.slice(-minorDigits)}`;
  return `${minor < 0 ? '-' : ''}${whole}`;
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The keys a manager reads first, in this order; the rest follow alphabetically. */
const FIRST_KEYS = [
  'sales',
  'sales:tax',
  'discounts',
  'returns',
  'returns:no-receipt',
  'tender:cash',
  'tender:card',
  'tender:voucher',
  'tender:other',
];

export function orderReportKeys(keys: readonly string[]): string[] {
  const first = FIRST_KEYS.filter((k) => keys.includes(k));
  return [...first, ...keys.filter((k) => !FIRST_KEYS.includes(k)).sort()];
}

/** The first day of the business day's month, and the business day itself: "this month so far". */
export function thisMonth(businessDay: string): { from: string; to: string } {
  return { from: `${businessDay.slice(0, 8)}01`, to: businessDay };
}

function lastMonth(businessDay: string): { from: string; to: string } {
  const first = new Date(`${businessDay.slice(0, 8)}01T00:00:00Z`);
  const end = new Date(first.getTime() - 86_400_000);
  const to = end.toISOString().slice(0, 10);
  return { from: `${to.slice(0, 8)}01`, to };
}

const isDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);

/**
 * The period report: what the Z reports of a range of business days add up to (how many Z,
 * the first and last Z number, net sales, the perpetual grand total and every totals line).
 * Days not yet closed with a Z are not in it.
 */
export function PeriodReportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { attempt, failureText } = useTill();
  const businessDay = useTillState((s) => s.businessDay);
  const [range, setRange] = useState(() => thisMonth(businessDay));
  const [report, setReport] = useState<PeriodReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Busy from the start: this month's report is asked for as the dialog opens.
  const [busy, setBusy] = useState(true);

  const fetchReport = (r: { from: string; to: string }) =>
    attempt('report.period', r)
      .then(
        (answer) => {
          setReport(answer);
          setError(null);
        },
        (e: unknown) => {
          setReport(null);
          setError(failureText(toCallFailure(e)).text);
        },
      )
      .finally(() => setBusy(false));

  const load = (r: { from: string; to: string }) => {
    if (!isDay(r.from) || !isDay(r.to)) return setError(t('period.badDay'));
    if (r.from > r.to) return setError(t('period.badRange'));
    setBusy(true);
    void fetchReport(r);
  };

  // This month, once, when the dialog opens.
  const loadOnOpen = useEffectEvent(() => void fetchReport(range));
  useEffect(() => loadOnOpen(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(range);
  };
  const preset = (r: { from: string; to: string }) => {
    setRange(r);
    void load(r);
  };

  return (
    <Modal title={t('period.title')} onClose={onClose} wide>
      <PeriodRangeForm range={range} onChange={setRange} onSubmit={submit} busy={busy} />
      <div className="period-presets">
        <button type="button" onClick={() => preset(thisMonth(businessDay))}>
          {t('period.thisMonth')}
        </button>
        <button type="button" onClick={() => preset(lastMonth(businessDay))}>
          {t('period.lastMonth')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {report && <PeriodReportSummary report={report} />}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('common.close')} <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}

type DayRange = { from: string; to: string };

/** The first and last business day of the report, each no later/earlier than the other. */
function PeriodRangeForm({
  range,
  onChange,
  onSubmit,
  busy,
}: {
  range: DayRange;
  onChange: (range: DayRange) => void;
  onSubmit: (e: FormEvent) => void;
  busy: boolean;
}) {
  const { t } = useI18n();
  const ids = useId();
  return (
    <form onSubmit={onSubmit} className="inline-form period-form">
      <div className="field">
        <label htmlFor={`${ids}-from`}>{t('period.from')}</label>
        <input
          id={`${ids}-from`}
          type="date"
          value={range.from}
          max={range.to || undefined}
          onChange={(e) => onChange({ ...range, from: e.target.value })}
          autoFocus
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-to`}>{t('period.to')}</label>
        <input
          id={`${ids}-to`}
          type="date"
          value={range.to}
          min={range.from || undefined}
          onChange={(e) => onChange({ ...range, to: e.target.value })}
        />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('period.show')}
      </button>
    </form>
  );
}

/** What the Z reports of the range add up to; days without a Z are not in it. */
function PeriodReportSummary({ report }: { report: PeriodReport }) {
  const { t, locale } = useI18n();
  const f = useFormat();
  const day = (d: string) =>
    isDay(d) ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`)) : d;
  const keys = orderReportKeys(Object.keys(report.keys));
  const label = useReportLabel(report.staffNames);
  // The lines as the table shows them (names, not keys), amounts as plain decimals for a spreadsheet.
  const saveCsv = () => {
    const rows = [
      [t('period.range', { from: report.from, to: report.to }), '', ''],
      [t('period.zRange'), t('period.zNumbers', { first: report.firstZ ?? '—', last: report.lastZ ?? '—' }), ''],
      [t('period.net'), '', plainAmount(report.net, f.moneyFormat.minorDigits)],
      [t('report.line'), t('report.count'), t('report.amount')],
      ...keys.map((k) => [label(k), String(report.keys[k]!.count), plainAmount(report.keys[k]!.amount, f.moneyFormat.minorDigits)]),
    ];
    const csv = rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
    link.download = `period-report-${report.from}-${report.to}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <section aria-live="polite">
      <p className="muted">{t('period.range', { from: day(report.from), to: day(report.to) })}</p>
      {report.zCount === 0 ? (
        <p>{t('period.none')}</p>
      ) : (
        <>
          <dl className="facts period-facts">
            <Fact term={t('period.zCount')}>{f.number(report.zCount)}</Fact>
            <Fact term={t('period.zRange')}>{t('period.zNumbers', { first: report.firstZ ?? '—', last: report.lastZ ?? '—' })}</Fact>
            <Fact term={t('period.net')}>{f.money(report.net)}</Fact>
            <Fact term={t('period.perpetual')}>{f.money(report.perpetual)}</Fact>
          </dl>
          <TotalsTable keys={keys} totals={report.keys} staffNames={report.staffNames} />
          <button type="button" onClick={saveCsv}>
            {t('period.export')}
          </button>
        </>
      )}
      <p className="hint">{t('period.hint')}</p>
    </section>
  );
}
