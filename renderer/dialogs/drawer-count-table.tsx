import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { cleanCountInput, countedPieces, countedTotal, type DrawerCounts } from './drawer-counts.ts';

/** One row per note and coin value: the pieces counted and what they come to, with the drawer's total below. */
export function DrawerCountTable({
  denominations,
  counts,
  onChange,
}: {
  denominations: number[];
  counts: DrawerCounts;
  onChange: (counts: DrawerCounts) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <table className="count-table">
      <thead>
        <tr>
          <th scope="col">{t('drawer.denomination')}</th>
          <th scope="col">{t('drawer.count')}</th>
          <th scope="col" className="num">
            {t('drawer.subtotal')}
          </th>
        </tr>
      </thead>
      <tbody>
        {denominations.map((v, i) => (
          <tr key={v}>
            <th scope="row">{f.money(v)}</th>
            <td>
              <input
                aria-label={t('drawer.countOf', { value: f.money(v) })}
                value={counts[v] ?? ''}
                onChange={(e) => onChange({ ...counts, [v]: cleanCountInput(e.target.value) })}
                inputMode="numeric"
                autoComplete="off"
                autoFocus={i === 0}
              />
            </td>
            <td className="num">{f.money(v * countedPieces(counts, v))}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            {t('drawer.total')}
          </th>
          <td className="num">{f.money(countedTotal(denominations, counts))}</td>
        </tr>
      </tfoot>
    </table>
  );
}
