import { useI18n } from '../../i18n/i18n-context.tsx';
import { ReceiptPreview } from '../../receipt/receipt-preview.tsx';
import { useSettingsView } from './use-settings-call.ts';
import { DevicesTable } from './devices-table.tsx';
import { TestPrintCard, useTestPrint } from './test-print-card.tsx';

/** Every device with its state, connection, settings and counters; a logged test print with its preview. */
export function DevicesTab() {
  const { t } = useI18n();
  const { data, error, reload } = useSettingsView('devices.details');
  const print = useTestPrint(reload);

  if (error && !data) {
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  }
  // After a test print the preview shows the very document that went to the printer.
  const previewDocument = print.result?.document ?? data?.testDocument ?? null;
  return (
    <div className="settings-grid preview-grid">
      <div className="settings-stack">
        <section className="card">
          <div className="card-head">
            <h2>{t('devset.title')}</h2>
            <button type="button" onClick={() => void reload()}>
              {t('devset.refresh')}
            </button>
          </div>
          <p className="muted">{t('devset.hint')}</p>
          {data && <DevicesTable devices={data.devices} />}
          <p className="hint">{t('devset.manageHint')}</p>
        </section>
        <TestPrintCard data={data} print={print} />
      </div>
      {previewDocument && (
        <section className="preview-holder" aria-label={t('devset.previewTitle')}>
          <ReceiptPreview document={previewDocument} />
        </section>
      )}
    </div>
  );
}
