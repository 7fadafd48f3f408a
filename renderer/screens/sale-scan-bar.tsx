import type { RefObject } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The always-ready scan field: a scanner types into it, a cashier keys a barcode or a SKU, F2 searches. */
export function SaleScanBar({
  scanRef,
  code,
  onCode,
  tendering,
  onSubmit,
  onSearch,
  onQuickKeys,
}: {
  scanRef: RefObject<HTMLInputElement | null>;
  code: string;
  onCode: (code: string) => void;
  tendering: boolean;
  onSubmit: () => void;
  onSearch: () => void;
  /** Opens the store's quick keys; absent when the store has none. */
  onQuickKeys?: (() => void) | undefined;
}) {
  const { t } = useI18n();
  return (
    <form
      className="scan-bar"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label htmlFor="scan-input" className="scan-label">
        {t('sale.scanLabel')}
      </label>
      <div className="scan-field">
        <span className="scan-icon" aria-hidden="true">
          ▥
        </span>
        <input
          id="scan-input"
          ref={scanRef}
          value={code}
          onChange={(e) => onCode(e.target.value)}
          placeholder={tendering ? t('sale.scanLocked') : t('sale.scanPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="enter"
          data-scan-field=""
          aria-describedby="scan-help"
        />
        <button type="button" onClick={onSearch} disabled={tendering}>
          {t('sale.search')} <kbd>F2</kbd>
        </button>
        {onQuickKeys && (
          <button type="button" onClick={onQuickKeys} disabled={tendering}>
            {t('quickKeys.open')}
          </button>
        )}
      </div>
      <span id="scan-help" className="visually-hidden">
        {t('sale.scanHelp')}
      </span>
    </form>
  );
}
