import { useEffect, useId, useRef, useState } from 'react';
import type { ReceiptView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { useShortcuts } from '../app/shortcuts.ts';
import { printerReasonKey, useTill, useTillState } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { isDischarged } from '../state/till-store.ts';
import { QrCode } from '../receipt/qr-code.tsx';
import { ReceiptPreview } from '../receipt/receipt-preview.tsx';
import type { SaleScan } from './use-sale-scan.ts';

/**
 * After a sale or return: the change to hand back and the receipt. The customer must get the
 * receipt, printed or electronic, before the next sale: when the printer fails this says why
 * and offers a retry, the till's other printers, or the e-receipt. A scan after a discharged
 * receipt starts the next sale.
 */
export function ReceiptPanel({ receipt, scan }: { receipt: ReceiptView; scan: SaleScan }) {
  const { t } = useI18n();
  const f = useFormat();
  const { run, store, notify, clearErrors } = useTill();
  const [busy, setBusy] = useState(false);
  const [showPreview, setShowPreview] = useState(false);
  const [emailed, setEmailed] = useState(false);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const ids = useId();
  const done = isDischarged(receipt);
  const failed = receipt.status === 'failed' || receipt.status === 'pending';
  const devices = useTillState((s) => s.devices);
  // Print again goes to the printer that failed; every other printer of the till is offered beside it.
  const failedOn = receipt.failure?.printerId;
  const others = receipt.printers.filter((id) => id !== (failedOn ?? receipt.printers[0]));
  const printerState = (id: string) => devices.find((d) => d.device === 'printer' && d.id === id)?.state ?? 'unknown';

  useEffect(() => {
    primaryRef.current?.focus();
  }, [receipt.status]);

  useEffect(() => {
    // The customer has the receipt: warnings about it no longer apply.
    if (done) clearErrors();
  }, [done, clearErrors]);

  const close = () => {
    if (!store.dismissReceipt()) notify('error', t('receipt.finishFirst'));
  };

  const retry = async () => {
    setBusy(true);
    await run('receipt.print', { receiptNo: receipt.receiptNo, ...(failedOn ? { printerId: failedOn } : {}) });
    setBusy(false);
  };

  const printOn = async (printerId: string) => {
    setBusy(true);
    await run('receipt.print', { receiptNo: receipt.receiptNo, printerId });
    setBusy(false);
  };

  const electronic = async (sendTo: 'screen' | 'member-email') => {
    setBusy(true);
    const r = await run('receipt.electronic', {
      receiptNo: receipt.receiptNo,
      reason: receipt.status === 'failed' ? 'printer-failed' : 'declined-paper',
      sendTo,
    });
    if (r && sendTo === 'member-email') setEmailed(true);
    setBusy(false);
  };

  useScanTarget((s) => {
    if (done) {
      store.dismissReceipt();
      void scan(s.code, 'wedge', { afterBreak: s.afterBreak });
    } else {
      notify('error', t('receipt.finishFirst'));
    }
  }, 'dialog');

  useShortcuts(
    [
      { key: 'F9', inDialogs: true, run: () => (failed && !busy ? void retry() : undefined) },
      { key: 'F8', inDialogs: true, run: () => (failed && !busy ? void electronic('screen') : undefined) },
    ],
    true,
  );

  const title =
    receipt.kind === 'return' ? t('receipt.returnDone', { no: receipt.receiptNo }) : t('receipt.saleDone', { no: receipt.receiptNo });

  return (
    <Modal
      title={title}
      onClose={done ? close : undefined}
      wide
      className={`receipt-panel status-${receipt.status}`}
      holdsIdleLock={receipt.status === 'printing'}
    >
      <div className="receipt-panel-body" data-status={receipt.status}>
        <div className="receipt-main">
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
          <p className="receipt-total">{t('receipt.total', { amount: f.money(receipt.total) })}</p>

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
            {receipt.status === 'failed' && (
              <>
                <strong>{t('receipt.failed')}</strong>
                <span>{t(printerReasonKey(receipt.failure?.reason ?? 'error'))}</span>
                {failedOn && receipt.printers.length > 1 && <span>{t('receipt.failedOn', { printer: failedOn })}</span>}
              </>
            )}
          </div>

          {receipt.status === 'electronic' && receipt.qr && (
            <div className="e-receipt">
              <QrCode data={receipt.qr} size={260} label={t('receipt.qrLabel')} />
              <p>{t('receipt.qrHint')}</p>
            </div>
          )}

          {failed && (
            <div className="receipt-actions">
              <button ref={primaryRef} type="button" className="primary big" onClick={() => void retry()} disabled={busy}>
                {t('receipt.retry')} <kbd>F9</kbd>
              </button>
              <button type="button" className="big" onClick={() => void electronic('screen')} disabled={busy}>
                {t('receipt.showQr')} <kbd>F8</kbd>
              </button>
              {receipt.memberEmail && (
                <button type="button" className="big" onClick={() => void electronic('member-email')} disabled={busy}>
                  {t('receipt.sendEmail')}
                </button>
              )}
              {others.length > 0 && (
                <div className="receipt-other-printers" role="group" aria-labelledby="receipt-other-printers-label">
                  <p id="receipt-other-printers-label" className="hint">
                    {t('receipt.otherPrinters')}
                  </p>
                  {others.map((id) => {
                    const state = printerState(id);
                    // An offline or closed printer cannot take the job; one in fault may have been fixed since it said so.
                    const unusable = state === 'offline' || state === 'closed';
                    const notReady = unusable || state === 'error';
                    const hintId = `receipt-printer-${id}-hint`;
                    return (
                      <div key={id} className="receipt-other-printer">
                        <button
                          type="button"
                          className="big"
                          onClick={() => void printOn(id)}
                          disabled={busy || unusable}
                          aria-describedby={notReady ? hintId : undefined}
                          data-state={state}
                        >
                          {t('receipt.printOn', { printer: id })}
                        </button>
                        {notReady && (
                          <span id={hintId} className="hint">
                            {t('receipt.printerNotReady', { printer: id, state: t(`device.state.${state}`) })}
                          </span>
                        )}
                      </div>
                    );
                  })}
                </div>
              )}
              <p className="hint">{t('receipt.blocked')}</p>
            </div>
          )}

          {done && (
            <div className="receipt-actions">
              <button ref={primaryRef} type="button" className="primary big" onClick={close}>
                {t('receipt.next')} <kbd>Esc</kbd>
              </button>
              <p className="hint">{t('receipt.nextHint')}</p>
            </div>
          )}
          <button type="button" className="link" onClick={() => setShowPreview((v) => !v)} aria-expanded={showPreview}>
            {showPreview ? t('receipt.hidePreview') : t('receipt.showPreview')}
          </button>
        </div>
        {showPreview && (
          <div className="receipt-side">
            <ReceiptPreview document={receipt.document} />
          </div>
        )}
      </div>
    </Modal>
  );
}
