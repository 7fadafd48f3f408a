import { receiptNumberText } from '../../core/shared/receipt-number.ts';
import { useEffect, useRef, useState } from 'react';
import type { ReceiptView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { useShortcuts } from '../app/shortcuts.ts';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { isDischarged } from '../state/till-store.ts';
import { ReceiptPreview } from '../receipt/receipt-preview.tsx';
import type { SaleScan } from './use-sale-scan.ts';
import { ChangeCallout, ElectronicReceipt, NextSaleAction, ReceiptStatusLine } from './receipt-status.tsx';
import { ReceiptFailedActions } from './receipt-failed-actions.tsx';
import { useReceiptActions } from './use-receipt-actions.ts';

/**
 * After a sale or return: the change to hand back and the receipt. The customer must get the
 * receipt, printed or electronic, before the next sale: when the printer fails this says why
 * and offers a retry, the till's other printers, or the e-receipt. A scan after a discharged
 * receipt starts the next sale.
 */
export function ReceiptPanel({ receipt, scan }: { receipt: ReceiptView; scan: SaleScan }) {
  const { t } = useI18n();
  const f = useFormat();
  const { store, notify, clearErrors } = useTill();
  const actions = useReceiptActions(receipt);
  const { busy, retry, electronic } = actions;
  const [showPreview, setShowPreview] = useState(false);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const done = isDischarged(receipt);
  const failed = receipt.status === 'failed' || receipt.status === 'pending';

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
    receipt.kind === 'return'
      ? t('receipt.returnDone', { no: receiptNumberText(receipt.receiptNo) })
      : t('receipt.saleDone', { no: receiptNumberText(receipt.receiptNo) });

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
          <ChangeCallout receipt={receipt} />
          <p className="receipt-total">{t('receipt.total', { amount: f.money(receipt.total) })}</p>
          <ReceiptStatusLine receipt={receipt} emailed={actions.emailed} />

          {receipt.status === 'electronic' && receipt.qr && <ElectronicReceipt qr={receipt.qr} />}

          {failed && <ReceiptFailedActions receipt={receipt} actions={actions} primaryRef={primaryRef} />}

          {done && <NextSaleAction primaryRef={primaryRef} onNext={close} />}
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
