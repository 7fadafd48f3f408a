import { useI18n } from '../i18n/i18n-context.tsx';

/** The end of every dialog form: what went wrong (if anything), Cancel (Esc), and the action. */
export function FormFooter({
  error,
  onCancel,
  submitLabel,
  danger,
  disabled,
}: {
  error: string | null;
  onCancel: () => void;
  submitLabel: string;
  danger?: boolean;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')} <kbd>Esc</kbd>
        </button>
        <button type="submit" className={danger ? 'danger-solid' : 'primary'} disabled={disabled}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
