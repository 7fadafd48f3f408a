import type { SaleLineView, SaleView } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { SaleDialog } from './sale-dialogs.tsx';

/** The function-key bar under the lines: each button does what its key does. */
export function SaleFunctionKeys({
  sale,
  selectedLine,
  tendering,
  onDialog,
  onHelp,
  onReturns,
  onFunctions,
}: {
  sale: SaleView | null;
  selectedLine: SaleLineView | null;
  tendering: boolean;
  onDialog: (d: SaleDialog) => void;
  onHelp: () => void;
  onReturns: () => void;
  onFunctions: () => void;
}) {
  const { t } = useI18n();
  return (
    <nav className="fkey-bar" aria-label={t('sale.functions')}>
      <button type="button" onClick={onHelp}>
        <kbd>F1</kbd> {t('fkey.help')}
      </button>
      <button
        type="button"
        onClick={() => selectedLine && onDialog({ kind: 'quantity', line: selectedLine })}
        disabled={!selectedLine || tendering}
      >
        <kbd>F3</kbd> {t('fkey.quantity')}
      </button>
      <button
        type="button"
        onClick={() => selectedLine && onDialog({ kind: 'price', line: selectedLine })}
        disabled={!selectedLine || tendering}
      >
        {t('fkey.price')}
      </button>
      <button type="button" onClick={() => onDialog({ kind: 'discount' })} disabled={!sale || tendering}>
        <kbd>F6</kbd> {t('fkey.discount')}
      </button>
      {/* A sale resumed after a restart may be ended with its payments given back (a manager approves). */}
      <button type="button" onClick={() => onDialog({ kind: 'cancel' })} disabled={!sale || (sale.tenders.length > 0 && !sale.resumedAt)}>
        {sale?.resumedAt && sale.tenders.length > 0 ? t('fkey.endSale') : t('fkey.cancelSale')}
      </button>
      {/* Held sales (issue #15): hold one with no payment taken; recall one when no sale is open. */}
      <button
        type="button"
        onClick={() => onDialog({ kind: 'park' })}
        disabled={!sale || sale.lines.length === 0 || sale.tenders.length > 0}
      >
        {t('fkey.park')} <kbd>Ctrl+H</kbd>
      </button>
      <button type="button" onClick={() => onDialog({ kind: 'recall' })} disabled={Boolean(sale)}>
        {t('fkey.recall')} <kbd>Ctrl+R</kbd>
      </button>
      <button type="button" onClick={onReturns} disabled={Boolean(sale)}>
        <kbd>F7</kbd> {t('fkey.returns')}
      </button>
      <button type="button" onClick={onFunctions}>
        <kbd>F10</kbd> {t('fkey.more')}
      </button>
    </nav>
  );
}
