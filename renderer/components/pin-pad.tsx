import type { MouseEvent } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * Digits for touch screens. The text field stays the real input (and keeps the focus: the pad's
 * buttons do not take it), so a keyboard works the same and screen readers read the field.
 */
export function PinPad({
  value,
  onChange,
  onEnter,
  allowDot,
}: {
  value: string;
  onChange: (v: string) => void;
  onEnter?: () => void;
  allowDot?: boolean;
}) {
  const { t } = useI18n();
  const keep = (e: MouseEvent) => e.preventDefault();
  const digits = ['7', '8', '9', '4', '5', '6', '1', '2', '3'];
  return (
    <div className="pin-pad" role="group" aria-label={t('pinpad.label')}>
      {digits.map((d) => (
        <button key={d} type="button" tabIndex={-1} onMouseDown={keep} onClick={() => onChange(value + d)}>
          {d}
        </button>
      ))}
      {allowDot ? (
        <button type="button" tabIndex={-1} onMouseDown={keep} onClick={() => (value.includes('.') ? undefined : onChange(value + '.'))}>
          .
        </button>
      ) : (
        <button type="button" tabIndex={-1} onMouseDown={keep} onClick={() => onChange('')} aria-label={t('pinpad.clear')}>
          {t('pinpad.clearShort')}
        </button>
      )}
      <button type="button" tabIndex={-1} onMouseDown={keep} onClick={() => onChange(value + '0')}>
        0
      </button>
      <button
        type="button"
        tabIndex={-1}
        onMouseDown={keep}
        onClick={() => onChange(value.slice(0, -1))}
        aria-label={t('pinpad.backspace')}
      >
        ⌫
      </button>
      {onEnter && (
        <button type="button" tabIndex={-1} className="pin-pad-enter primary" onMouseDown={keep} onClick={onEnter}>
          {t('pinpad.enter')}
        </button>
      )}
    </div>
  );
}
