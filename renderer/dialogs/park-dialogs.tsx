import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Result } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { useFormat } from '../app/use-format.ts';
import { useTill } from '../app/till-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Puts the sale on hold (issue #15), with an optional label the Recall list shows ("blue jacket", "table 4"). */
export function ParkSaleDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { run, notify } = useTill();
  const id = useId();
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const held = await run('sale.park', label.trim() ? { label: label.trim() } : {});
      if (held) {
        notify('info', t('park.done'));
        onClose();
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('park.title')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <p>{t('park.text')}</p>
        <div className="field">
          <label htmlFor={id}>{t('park.label')}</label>
          <input id={id} value={label} maxLength={60} autoFocus autoComplete="off" onChange={(e) => setLabel(e.target.value)} />
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t('park.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

type Held = Result<'sale.parked'>[number];

/** The sales on hold at this till: any cashier takes one up again; a price changed meanwhile is said. */
export function RecallSaleDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { run, notify } = useTill();
  const [held, setHeld] = useState<Held[] | null>(null);
  useEffect(() => {
    void run('sale.parked', {}).then((list) => setHeld(list ?? []));
  }, [run]);
  const recall = async (h: Held) => {
    const r = await run('sale.recall', { saleId: h.saleId });
    if (!r) return;
    if (r.sale.total !== r.parkedTotal)
      notify('info', t('recall.repriced', { from: f.money(r.parkedTotal), to: f.money(r.sale.total), lines: r.repriced.length }));
    else notify('info', t('recall.done'));
    onClose();
  };
  return (
    <Modal title={t('recall.title')} onClose={onClose} wide>
      {held === null ? null : held.length === 0 ? (
        <p role="status">{t('recall.none')}</p>
      ) : (
        <table className="report-table" aria-label={t('recall.title')}>
          <thead>
            <tr>
              <th scope="col">{t('recall.when')}</th>
              <th scope="col">{t('recall.who')}</th>
              <th scope="col">{t('recall.label')}</th>
              <th scope="col" className="num">
                {t('recall.lines')}
              </th>
              <th scope="col" className="num">
                {t('recall.total')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('recall.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {held.map((h) => (
              <tr key={h.saleId}>
                <td>{f.dateTime(h.parkedAt)}</td>
                <td>{h.parkedByName ?? h.parkedBy ?? ''}</td>
                <td>{h.label ?? ''}</td>
                <td className="num">{f.number(h.lines)}</td>
                <td className="num">{f.money(h.total)}</td>
                <td>
                  <button
                    type="button"
                    className="primary"
                    aria-label={t('recall.one', { label: h.label ?? f.money(h.total) })}
                    onClick={() => void recall(h)}
                  >
                    {t('recall.confirm')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('common.close')} <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}
