import { useId, useState, type FormEvent } from 'react';
import type { SaleLineView } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { productName } from '../../core/shared/display-names.ts';

/**
 * Asks for the serial of a serialized item just added (issue #14). A serial read by the till's
 * own scanner goes to the host directly and the line gets it: this dialog then goes away by
 * itself. A serial typed here (or read by a keyboard-wedge scanner, which the host cannot tell from
 * typing) is sent as typed: the host asks for a manager's approval. The item can also be removed.
 */
export function SerialDialog({
  line,
  onSerial,
  onRemove,
}: {
  line: SaleLineView;
  onSerial: (serial: string) => Promise<boolean>;
  onRemove: () => void;
}) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async (serial: string) => {
    if (!serial.trim() || busy) return;
    setBusy(true);
    const ok = await onSerial(serial.trim());
    setBusy(false);
    if (ok) setText('');
  };

  useScanTarget((scan) => void send(scan.code), 'dialog');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(text);
  };

  return (
    <Modal title={t('serial.dialogTitle', { name: productName(line, locale) })}>
      <div className="scan-prompt" aria-hidden="true">
        ▦
      </div>
      <p>{t('serial.scanPrompt')}</p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${ids}-serial`}>{t('serial.label')}</label>
          <input
            id={`${ids}-serial`}
            autoFocus
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
          />
        </div>
        <div className="dialog-actions">
          <button type="button" className="danger" onClick={onRemove} disabled={busy}>
            {t('serial.remove')}
          </button>
          <button type="submit" className="primary" disabled={busy || !text.trim()}>
            {t('serial.useTyped')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
