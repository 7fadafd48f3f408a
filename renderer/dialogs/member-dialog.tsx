import { useId, useState, type FormEvent } from 'react';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';

export type MemberLookup = { method: 'token'; token: string } | { method: 'card'; card: string } | { method: 'manual'; memberId: string };

/**
 * Adds the customer as a member: best by scanning the code in their member app (proves they
 * are here), else their card number; looking a member up by number needs a manager.
 */
export function MemberDialog({ onLookup, onClose }: { onLookup: (m: MemberLookup) => Promise<boolean>; onClose: () => void }) {
  const { t } = useI18n();
  const ids = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  const go = async (m: MemberLookup) => {
    setBusy(true);
    const ok = await onLookup(m);
    setBusy(false);
    if (ok) onClose();
  };

  useScanTarget(
    (scan) => void go(scan.code.startsWith('TPM1.') ? { method: 'token', token: scan.code } : { method: 'card', card: scan.code }),
    'dialog',
  );

  const submitCard = (e: FormEvent) => {
    e.preventDefault();
    const v = text.trim();
    if (!v) return;
    void go(v.startsWith('TPM1.') ? { method: 'token', token: v } : { method: 'card', card: v });
  };

  return (
    <Modal title={t('member.dialogTitle')} onClose={onClose}>
      <div className="scan-prompt" aria-hidden="true">
        ▦
      </div>
      <p>{t('member.scanPrompt')}</p>
      <form onSubmit={submitCard}>
        <div className="field">
          <label htmlFor={`${ids}-code`}>{t('member.cardOrCode')}</label>
          <input id={`${ids}-code`} autoFocus value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="button" disabled={busy || !text.trim()} onClick={() => void go({ method: 'manual', memberId: text.trim() })}>
            {t('member.manual')}
          </button>
          <button type="submit" className="primary" disabled={busy || !text.trim()}>
            {t('member.find')}
          </button>
        </div>
      </form>
      <p className="hint">{t('member.manualHint')}</p>
    </Modal>
  );
}
