import { useEffect, useState, type FormEvent } from 'react';
import type { Result } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { ReasonPicker } from './reason-picker.tsx';
import { REASONS } from './reasons.ts';

type CloseResult = Result<'till.closeDrawer'>;

/**
 * Counting the drawer by note and coin: the opening float, or the closing count. The closing
 * count is blind: the expected amount is shown only after the count is recorded.
 */
export function DrawerCountDialog({ mode, onClose }: { mode: 'open' | 'close'; onClose: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { attempt, run, showFailure, notify } = useTill();
  const [denominations, setDenominations] = useState<number[]>([]);
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const [closed, setClosed] = useState<CloseResult | null>(null);
  const [reason, setReason] = useState<string>(REASONS.cosign[0]);

  useEffect(() => {
    attempt('till.status', {}).then(
      (s) => setDenominations(s.denominations),
      (e: unknown) => showFailure(toCallFailure(e)),
    );
  }, [attempt, showFailure]);

  const n = (v: number) => {
    const c = Number(counts[v] ?? '0');
    return Number.isInteger(c) && c >= 0 ? c : 0;
  };
  const total = denominations.reduce((s, v) => s + v * n(v), 0);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = denominations.filter((v) => n(v) > 0).map((v) => ({ value: v, count: n(v) }));
    setBusy(true);
    if (mode === 'open') {
      const r = await run('till.openDrawer', { counts: list });
      setBusy(false);
      if (r) {
        notify('success', t('drawer.opened', { amount: f.money(r.float) }));
        onClose();
      }
    } else {
      const r = await run('till.closeDrawer', { counts: list });
      setBusy(false);
      if (r) setClosed(r);
    }
  };

  const cosign = async () => {
    if (!closed || !reason) return;
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

  if (closed) {
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

  return (
    <Modal title={mode === 'open' ? t('drawer.openTitle') : t('drawer.closeTitle')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <p className="muted">{mode === 'open' ? t('drawer.openText') : t('drawer.closeText')}</p>
        <table className="count-table">
          <thead>
            <tr>
              <th scope="col">{t('drawer.denomination')}</th>
              <th scope="col">{t('drawer.count')}</th>
              <th scope="col" className="num">
                {t('drawer.subtotal')}
              </th>
            </tr>
          </thead>
          <tbody>
            {denominations.map((v, i) => (
              <tr key={v}>
                <th scope="row">{f.money(v)}</th>
                <td>
                  <input
                    aria-label={t('drawer.countOf', { value: f.money(v) })}
                    value={counts[v] ?? ''}
                    onChange={(e) => setCounts({ ...counts, [v]: e.target.value.replace(/\D/g, '').slice(0, 5) })}
                    inputMode="numeric"
                    autoComplete="off"
                    autoFocus={i === 0}
                  />
                </td>
                <td className="num">{f.money(v * n(v))}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t('drawer.total')}
              </th>
              <td className="num">{f.money(total)}</td>
            </tr>
          </tfoot>
        </table>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary" disabled={busy || denominations.length === 0}>
            {mode === 'open' ? t('drawer.openConfirm') : t('drawer.closeConfirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
