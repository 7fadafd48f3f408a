import { useId, type Ref } from 'react';
import type { ReceiptView } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { printerReasonKey } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { QrCode } from '../receipt/qr-code.tsx';

/** What the cashier hands over: the change after a sale, the refund after a return. */
export function ChangeCallout({ receipt }: { receipt: ReceiptView }) {
  const { t } = useI18n();
  const f = useFormat();
  const ids = useId();
  return (
    <>
      {receipt.kind === 'sale' && receipt.change > 0 && (
        <div className="change-callout" role="status">
          <span id={`${ids}-change`}>{t('receipt.giveChange')}</span>
          <output aria-labelledby={`${ids}-change`}>
            <strong>{f.money(receipt.change)}</strong>
          </output>
        </div>
      )}
      {receipt.kind === 'return' && (
        <div className="change-callout refund" role="status">
          <span>{t('receipt.refund')}</span>
          <strong>{f.money(receipt.total)}</strong>
        </div>
      )}
    </>
  );
}

/** Where the receipt stands: printing, printed, sent, pending, or failed and why. */
export function ReceiptStatusLine({ receipt, emailed }: { receipt: ReceiptView; emailed: boolean }) {
  const { t } = useI18n();
  const failedOn = receipt.failure?.printerId;
  return (
    <div
      className={`receipt-status status-${receipt.status}`}
      role={receipt.status === 'failed' ? 'alert' : 'status'}
      aria-label={t('receipt.statusLabel')}
      data-status={receipt.status}
    >
      {receipt.status === 'printing' && (
        <>
          <span className="spinner" aria-hidden="true" /> {t('receipt.printing')}
        </>
      )}
      {receipt.status === 'printed' && <>✓ {t('receipt.printed')}</>}
      {receipt.status === 'electronic' && <>✓ {emailed ? <span>{t('receipt.emailSent')}</span> : t('receipt.electronicDone')}</>}
      {receipt.status === 'pending' && t('receipt.pending')}
      {receipt.status === 'failed' && receipt.failure?.reason === 'not-recorded' && <strong>{t('receipt.notRecorded')}</strong>}
      {receipt.status === 'failed' && receipt.failure?.reason === 'unconfirmed' && <strong>{t('receipt.unconfirmed')}</strong>}
      {receipt.status === 'failed' && receipt.failure?.reason !== 'not-recorded' && receipt.failure?.reason !== 'unconfirmed' && (
        <>
          <strong>{t('receipt.failed')}</strong>
          <span>{t(printerReasonKey(receipt.failure?.reason ?? 'error'))}</span>
          {failedOn && receipt.printers.length > 1 && <span>{t('receipt.failedOn', { printer: failedOn })}</span>}
        </>
      )}
    </div>
  );
}

/** The e-receipt as a QR code for the customer's phone. */
export function ElectronicReceipt({ qr }: { qr: string }) {
  const { t } = useI18n();
  return (
    <div className="e-receipt">
      <QrCode data={qr} size={260} label={t('receipt.qrLabel')} />
      <p>{t('receipt.qrHint')}</p>
    </div>
  );
}

/** The customer has the receipt: on to the next sale. */
export function NextSaleAction({ primaryRef, onNext }: { primaryRef: Ref<HTMLButtonElement>; onNext: () => void }) {
  const { t } = useI18n();
  return (
    <div className="receipt-actions">
      <button ref={primaryRef} type="button" className="primary big" onClick={onNext}>
        {t('receipt.next')} <kbd>Esc</kbd>
      </button>
      <p className="hint">{t('receipt.nextHint')}</p>
    </div>
  );
}
