import type { ReportView } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';

/** Sales by local hour as a bar chart (SVG, no library: it must pass the CSP and print well). */
export function SalesByHourChart({ byHour }: { byHour: ReportView['byHour'] }) {
  const { t } = useI18n();
  const f = useFormat();
  if (byHour.length === 0) return <p className="muted">{t('report.noSales')}</p>;
  const first = Math.min(...byHour.map((h) => h.hour));
  const last = Math.max(...byHour.map((h) => h.hour));
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const max = Math.max(...byHour.map((h) => h.sales), 1);
  const barW = 28;
  const height = 140;
  return (
    <figure className="hour-chart">
      <svg
        role="img"
        aria-label={t('report.byHour')}
        width={hours.length * (barW + 8) + 8}
        height={height + 40}
        viewBox={`0 0 ${hours.length * (barW + 8) + 8} ${height + 40}`}
      >
        {hours.map((hour, i) => {
          const bucket = byHour.find((h) => h.hour === hour);
          const h = bucket ? Math.max(Math.round((bucket.sales / max) * height), 2) : 0;
          const x = 8 + i * (barW + 8);
          return (
            <g key={hour}>
              {bucket && (
                <rect x={x} y={height - h + 8} width={barW} height={h} rx={3} className="bar">
                  <title>{`${String(hour).padStart(2, '0')}:00 · ${f.money(bucket.sales)} · ${t('report.salesCount', { count: bucket.count })}`}</title>
                </rect>
              )}
              <text x={x + barW / 2} y={height + 28} textAnchor="middle" className="axis">
                {String(hour).padStart(2, '0')}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">{t('report.byHour')}</figcaption>
    </figure>
  );
}

const EXCEPTION_COLUMNS = [
  'lineVoids',
  'saleVoids',
  'postVoids',
  'noSales',
  'returns',
  'discounts',
  'priceOverrides',
  'manualMembers',
  'reprints',
] as const;

/** Exceptions per cashier: what loss prevention looks at first. */
export function CashierExceptionsTable({
  byCashier,
  staffNames = {},
}: {
  byCashier: ReportView['byCashier'];
  staffNames?: Readonly<Record<string, string>>;
}) {
  const { t } = useI18n();
  const f = useFormat();
  if (byCashier.length === 0) return null;
  return (
    <table className="report-table">
      <caption>{t('report.byCashier')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('report.cashierCol')}</th>
          <th scope="col" className="num">
            {t('report.col.sales')}
          </th>
          {EXCEPTION_COLUMNS.map((c) => (
            <th key={c} scope="col" className="num">
              {t(`report.col.${c}`)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {byCashier.map((c) => (
          <tr key={c.operatorId}>
            <th scope="row">{staffNames[c.operatorId] ? `${staffNames[c.operatorId]} (${c.operatorId})` : c.operatorId}</th>
            <td className="num">{f.number(c.sales)}</td>
            {EXCEPTION_COLUMNS.map((col) => (
              <td key={col} className={`num${c[col] > 0 ? ' flagged' : ''}`}>
                {f.number(c[col])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
