// The sales page's charts as plain SVG drawn by React (the console's CSP allows no inline style
// and no eval, so no chart library): colours come from classes in sales-page.css. Each chart is
// role="img" with an aria-label that reads out every bar; the page also shows the numbers in tables.
import type { CashierExceptions, ExceptionGroup } from './sales-api.ts';
import { EXCEPTION_GROUPS } from './sales-api.ts';

const WIDTH = 720;
const HEIGHT = 220;
const PAD_LEFT = 8;
const PAD_BOTTOM = 22;
const PAD_TOP = 8;

/** Net sales per hour 00..23 as bars above (or, net of returns, below) a zero line. */
export function HourChart({ values, label, hourText }: { values: readonly number[]; label: string; hourText: (hour: string) => string }) {
  const max = Math.max(1, ...values.map((v) => Math.abs(v)));
  const hasNegative = values.some((v) => v < 0);
  const plot = HEIGHT - PAD_BOTTOM - PAD_TOP;
  const zeroY = PAD_TOP + (hasNegative ? plot / 2 : plot);
  const scale = (hasNegative ? plot / 2 : plot) / max;
  const slot = (WIDTH - PAD_LEFT) / 24;
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      {values.map((v, h) => {
        const height = Math.abs(v) * scale;
        const x = PAD_LEFT + h * slot + slot * 0.15;
        const hour = String(h).padStart(2, '0');
        return (
          <g key={hour}>
            {v !== 0 && (
              <rect
                className={v < 0 ? 'bar bar-negative' : 'bar'}
                x={x}
                y={v < 0 ? zeroY : zeroY - height}
                width={slot * 0.7}
                height={Math.max(1, height)}
              />
            )}
            {h % 3 === 0 && (
              <text className="axis" x={x + slot * 0.35} y={HEIGHT - 6} textAnchor="middle">
                {hourText(hour)}
              </text>
            )}
          </g>
        );
      })}
      <line className="zero" x1={PAD_LEFT} x2={WIDTH} y1={zeroY} y2={zeroY} />
    </svg>
  );
}

/** Each cashier's exceptions as a group of bars, one per kind. */
export function ExceptionsChart({
  rows,
  label,
  groupText,
}: {
  rows: readonly CashierExceptions[];
  label: string;
  groupText: (g: ExceptionGroup) => string;
}) {
  const max = Math.max(1, ...rows.flatMap((r) => EXCEPTION_GROUPS.map((g) => r[g])));
  const plot = HEIGHT - PAD_BOTTOM - PAD_TOP - 18;
  const slot = (WIDTH - PAD_LEFT) / Math.max(rows.length, 1);
  const bar = Math.min(24, (slot * 0.8) / EXCEPTION_GROUPS.length);
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
      {EXCEPTION_GROUPS.map((g, i) => (
        <g key={g}>
          <rect className={`bar group-${g}`} x={PAD_LEFT + i * 150} y={2} width={12} height={12} />
          <text className="axis" x={PAD_LEFT + i * 150 + 16} y={12}>
            {groupText(g)}
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const x0 = PAD_LEFT + i * slot + (slot - bar * EXCEPTION_GROUPS.length) / 2;
        const base = HEIGHT - PAD_BOTTOM;
        return (
          <g key={r.staffId}>
            {EXCEPTION_GROUPS.map((g, j) => {
              const height = (r[g] / max) * plot;
              return r[g] > 0 ? (
                <rect key={g} className={`bar group-${g}`} x={x0 + j * bar} y={base - height} width={bar * 0.9} height={height} />
              ) : null;
            })}
            <text className="axis" x={x0 + (bar * EXCEPTION_GROUPS.length) / 2} y={HEIGHT - 6} textAnchor="middle">
              {r.staffId}
            </text>
          </g>
        );
      })}
      <line className="zero" x1={PAD_LEFT} x2={WIDTH} y1={HEIGHT - PAD_BOTTOM} y2={HEIGHT - PAD_BOTTOM} />
    </svg>
  );
}
