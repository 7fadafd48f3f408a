import type { Result } from '../../core/contract/index.ts';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { hasMessage } from '../i18n/i18n.ts';
import { readableCode } from '../../core/shared/display-names.ts';

type Totals = Result<'report.x'>['keys'];

/** A label for a totals key, including the families with a name in them (dept:, cashier:...). */
export function useReportLabel(staffNames: Readonly<Record<string, string>> = {}): (key: string) => string {
  const { t } = useI18n();
  const f = useFormat();
  return (k: string) => {
    const fixed = `report.key.${k}`;
    if (hasMessage(fixed)) return t(fixed);
    const [family, a = '', b = ''] = k.split(':');
    switch (family) {
      case 'dept':
        return t('report.dept', { name: f.department(a) });
      case 'cashier':
        return staffNames[a] ? `${staffNames[a]} (${a})` : t('report.cashier', { id: a });
      case 'member':
        return t('report.memberSales', {
          how: hasMessage(`member.verified.${a}`) ? t(`member.verified.${a}` as 'member.verified.token') : a,
        });
      case 'tender':
        return f.tender(a);
      case 'tax':
        return t(b === 'tax' ? 'report.taxAmount' : 'report.taxGross', { rate: Number(a) / 100 });
      case 'approvals': {
        const p = `permission.${a}${b ? `:${b}` : ''}`;
        return t('report.approvals', { what: hasMessage(p) ? t(p) : k.slice('approvals:'.length) });
      }
      case 'refund':
        return t('report.refund', { how: hasMessage(`tender.type.${a}`) ? t(`tender.type.${a}` as 'tender.type.cash') : f.tender(a) });
      case 'cash-out':
        return t('report.cashOut', { purpose: readableCode(a) });
      default:
        // A line this version has no words for yet: its key as words, never the key itself.
        return readableCode(k);
    }
  };
}

/** Totals lines (count and amount) with their labels, as the X, Z and period reports show them. */
export function TotalsTable({
  keys,
  totals,
  staffNames,
  caption,
}: {
  keys: readonly string[];
  totals: Totals;
  /** Names of the staff numbers in `cashier:` lines. */
  staffNames?: Readonly<Record<string, string>>;
  caption?: string;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const label = useReportLabel(staffNames);
  return (
    <table className="report-table">
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t('report.line')}</th>
          <th scope="col" className="num">
            {t('report.count')}
          </th>
          <th scope="col" className="num">
            {t('report.amount')}
          </th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k}>
            <th scope="row">{label(k)}</th>
            <td className="num">{f.number(totals[k]!.count)}</td>
            <td className="num">{f.money(totals[k]!.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
