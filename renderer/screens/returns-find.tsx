import type { FormEvent, RefObject } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The first step of a return: scan the receipt's QR code or type its number, or go on without a receipt. */
export function ReturnsFind({
  ids,
  inputRef,
  number,
  onNumber,
  busy,
  onSubmit,
  onNoReceipt,
}: {
  ids: string;
  inputRef: RefObject<HTMLInputElement | null>;
  number: string;
  onNumber: (value: string) => void;
  busy: boolean;
  onSubmit: (e: FormEvent) => void;
  onNoReceipt: () => void;
}) {
  const { t } = useI18n();
  return (
    <section className="card returns-find">
      <div className="scan-prompt" aria-hidden="true">
        ▦
      </div>
      <p>{t('returns.scanPrompt')}</p>
      <form onSubmit={onSubmit} className="inline-form">
        <div className="field">
          <label htmlFor={`${ids}-no`}>{t('returns.receiptNo')}</label>
          <input id={`${ids}-no`} ref={inputRef} value={number} onChange={(e) => onNumber(e.target.value)} autoComplete="off" />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {t('returns.find')}
        </button>
      </form>
      <div className="returns-no-receipt-entry">
        <p className="muted">{t('returns.noReceiptHint')}</p>
        <button type="button" onClick={onNoReceipt}>
          {t('returns.noReceipt')}
        </button>
      </div>
    </section>
  );
}
