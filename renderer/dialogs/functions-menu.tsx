import { useId } from 'react';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

export type FunctionId =
  | 'returns'
  | 'priceCheck'
  | 'sellGiftCard'
  | 'reprint'
  | 'postVoid'
  | 'noSale'
  | 'cashMovement'
  | 'openDrawer'
  | 'closeDrawer'
  | 'settings'
  | 'xReport'
  | 'zReport'
  | 'periodReport'
  | 'lossPrevention'
  | 'lock'
  | 'switch'
  | 'logout'
  | 'help';

/** Everything that is not selling, one big button each. */
export function FunctionsMenu({ hasSale, onPick, onClose }: { hasSale: boolean; onPick: (f: FunctionId) => void; onClose: () => void }) {
  const { t } = useI18n();
  const hintId = useId();
  const items: Array<{ id: FunctionId; label: string; key?: string; disabled?: boolean }> = [
    { id: 'returns', label: t('fn.returns'), key: 'F7', disabled: hasSale },
    { id: 'priceCheck', label: t('fn.priceCheck'), key: 'Ctrl+K' },
    { id: 'sellGiftCard', label: t('fn.sellGiftCard') },
    { id: 'reprint', label: t('fn.reprint') },
    { id: 'postVoid', label: t('fn.postVoid'), disabled: hasSale },
    { id: 'noSale', label: t('fn.noSale'), disabled: hasSale },
    { id: 'cashMovement', label: t('fn.cashMovement'), disabled: hasSale },
    { id: 'openDrawer', label: t('fn.openDrawer') },
    { id: 'closeDrawer', label: t('fn.closeDrawer'), disabled: hasSale },
    { id: 'xReport', label: t('fn.xReport') },
    { id: 'zReport', label: t('fn.zReport'), disabled: hasSale },
    { id: 'periodReport', label: t('fn.periodReport'), key: 'Ctrl+P' },
    { id: 'lossPrevention', label: t('fn.lossPrevention') },
    { id: 'settings', label: t('fn.settings') },
    { id: 'lock', label: t('fn.lock'), key: 'Ctrl+L' },
    { id: 'switch', label: t('fn.switch'), disabled: hasSale },
    { id: 'logout', label: t('fn.logout'), disabled: hasSale },
    { id: 'help', label: t('fn.help'), key: 'F1' },
  ];
  return (
    <Modal title={t('fn.title')} onClose={onClose}>
      <div className="function-grid">
        {items.map((i, n) => (
          // A greyed-out function says why (the hint below), to a screen reader and on hover.
          <button
            key={i.id}
            type="button"
            disabled={i.disabled}
            aria-describedby={i.disabled ? hintId : undefined}
            title={i.disabled ? t('fn.saleOpenHint') : undefined}
            onClick={() => onPick(i.id)}
            autoFocus={n === 0}
          >
            <span>{i.label}</span>
            {i.key && <kbd>{i.key}</kbd>}
          </button>
        ))}
      </div>
      {hasSale && (
        <p id={hintId} className="hint">
          {t('fn.saleOpenHint')}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('common.close')} <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}
