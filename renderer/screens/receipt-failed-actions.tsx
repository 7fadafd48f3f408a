import type { Ref } from 'react';
import type { ReceiptView } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTillState } from '../app/till-context.tsx';
import type { ReceiptActions } from './use-receipt-actions.ts';

/** The way out when the receipt did not print: print again, show the QR code, e-mail it, or another printer of the till. */
export function ReceiptFailedActions({
  receipt,
  actions,
  primaryRef,
}: {
  receipt: ReceiptView;
  actions: ReceiptActions;
  primaryRef: Ref<HTMLButtonElement>;
}) {
  const { t } = useI18n();
  const { busy, retry, electronic } = actions;
  return (
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
      <OtherPrinters receipt={receipt} actions={actions} />
      <p className="hint">{t('receipt.blocked')}</p>
    </div>
  );
}

/** Print again goes to the printer that failed; every other printer of the till is offered beside it. */
function OtherPrinters({ receipt, actions }: { receipt: ReceiptView; actions: ReceiptActions }) {
  const { t } = useI18n();
  const devices = useTillState((s) => s.devices);
  const failedOn = receipt.failure?.printerId;
  const others = receipt.printers.filter((id) => id !== (failedOn ?? receipt.printers[0]));
  const printerState = (id: string) => devices.find((d) => d.device === 'printer' && d.id === id)?.state ?? 'unknown';
  if (others.length === 0) return null;
  return (
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
              onClick={() => void actions.printOn(id)}
              disabled={actions.busy || unusable}
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
  );
}
