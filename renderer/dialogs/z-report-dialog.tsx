import { useCallback, useState } from 'react';
import type { ReportView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTill, useTillState } from '../app/till-context.tsx';
import { ReceiptPreview } from '../receipt/receipt-preview.tsx';
import { CashierExceptionsTable, SalesByHourChart } from '../report/day-charts.tsx';
import { CardBatchStep } from './card-batch-step.tsx';

/** Closes the business day with a Z report (a manager approves); shows the report as printed. */
export function ZReportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { run, store } = useTill();
  const businessDay = useTillState((s) => s.businessDay);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<ReportView | null>(null);
  // The card terminal's batch total comes first when the day has card tenders.
  const [cardsSettled, setCardsSettled] = useState(false);
  const settle = useCallback(() => setCardsSettled(true), []);

  const close = async () => {
    setBusy(true);
    const r = await run('report.z', {}, { summary: t('z.summary') });
    setBusy(false);
    if (r) {
      setReport(r);
      // The closed day is sealed: the till is on the next business day now (the status bar and the note below say so).
      await store.refresh();
    }
  };

  if (report) {
    return (
      <Modal title={t('z.doneTitle', { no: report.zNo ?? '' })} onClose={onClose} wide>
        <p role="status">{report.printed === false ? t('z.notPrinted') : t('z.printed')}</p>
        {businessDay > report.businessDay && <p>{t('z.nextDay', { day: businessDay })}</p>}
        <SalesByHourChart byHour={report.byHour} />
        <CashierExceptionsTable byCashier={report.byCashier} staffNames={report.staffNames} />
        <div className="preview-holder">
          <ReceiptPreview document={report.document} />
        </div>
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={onClose} autoFocus>
            {t('common.close')}
          </button>
        </div>
      </Modal>
    );
  }
  if (!cardsSettled) {
    return (
      <Modal title={t('z.title')} onClose={onClose}>
        <CardBatchStep onSettled={settle} onCancel={onClose} />
      </Modal>
    );
  }
  return (
    <Modal title={t('z.title')} onClose={onClose}>
      <p>{t('z.text', { day: businessDay })}</p>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('common.cancel')} <kbd>Esc</kbd>
        </button>
        <button type="button" className="danger-solid" onClick={() => void close()} disabled={busy}>
          {t('z.confirm')}
        </button>
      </div>
    </Modal>
  );
}
