import { useState } from 'react';
import type { Result } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { ReasonPicker } from './reason-picker.tsx';
import { REASONS } from './reasons.ts';

/**
 * After the blind count is recorded: counted, expected and over/short; a difference over the
 * threshold needs a manager's co-sign with a reason, now or later.
 */
export function DrawerClosedSummary({ closed, onClose }: { closed: Result<'till.closeDrawer'>; onClose: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { run, notify } = useTill();
  const [reason, setReason] = useState<string>(REASONS.cosign[0]);

  const cosign = async () => {
    if (!reason) return;
    const ok = await run(
      'till.cosign',
      { sessionId: closed.sessionId, reason },
      { summary: t('drawer.cosignSummary', { amount: f.money(closed.overShort) }) },
    );
    if (ok) {
      notify('success', t('drawer.cosigned'));
      onClose();
    }
  };

  return (
    <Modal title={t('drawer.closedTitle')} onClose={onClose}>
      <dl className="facts">
        <dt>{t('drawer.counted')}</dt>
        <dd>{f.money(closed.counted)}</dd>
        <dt>{t('drawer.expected')}</dt>
        <dd>{f.money(closed.expected)}</dd>
        <dt>{t('drawer.overShort')}</dt>
        <dd className={closed.overShort === 0 ? '' : closed.overShort > 0 ? 'good' : 'bad'}>{f.money(closed.overShort)}</dd>
      </dl>
      {closed.needsCosign ? (
        <>
          <p className="form-error" role="alert">
            {t('drawer.needsCosign')}
          </p>
          <ReasonPicker group="cosign" onChange={setReason} />
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              {t('drawer.cosignLater')}
            </button>
            <button type="button" className="primary" onClick={() => void cosign()} disabled={!reason}>
              {t('drawer.cosign')}
            </button>
          </div>
        </>
      ) : (
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={onClose} autoFocus>
            {t('common.close')}
          </button>
        </div>
      )}
    </Modal>
  );
}
