import type { ProductView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { useFormat } from '../app/use-format.ts';
import { useTillState } from '../app/till-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The store's quick keys (config `quickKeys`): one touch-size button per item without a barcode. */
export function QuickKeysDialog({ onPick, onClose }: { onPick: (p: ProductView) => void; onClose: () => void }) {
  const { t, locale } = useI18n();
  const fmt = useFormat();
  const keys = useTillState((s) => s.terminal?.quickKeys ?? []);
  return (
    <Modal title={t('quickKeys.title')} onClose={onClose} wide>
      <div className="function-grid quick-keys">
        {keys.map((k, n) => (
          <button key={k.product.productId} type="button" onClick={() => onPick(k.product)} autoFocus={n === 0}>
            <span>{k.label[locale] ?? fmt.product(k.product)}</span>
            <small>
              {fmt.money(k.product.price)}
              {k.product.unit === 'kg' ? ` ${t('priceCheck.perKg')}` : ''}
            </small>
          </button>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('common.close')} <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}
