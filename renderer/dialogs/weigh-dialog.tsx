import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SaleLineView, ScaleReadingView } from '../../core/contract/index.ts';
import { FormFooter } from '../components/form-footer.tsx';
import { Modal } from '../components/modal.tsx';
import { PinPad } from '../components/pin-pad.tsx';
import { useTill } from '../app/till-context.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { parseMoneyInput } from '../format/money.ts';

/** How often the live weight is asked for while the dialog is open. */
const LIVE_MS = 300;

const STATE_KEYS = {
  stable: 'weigh.stable',
  motion: 'weigh.motion',
  'under-zero': 'weigh.underZero',
  'over-capacity': 'weigh.overCapacity',
  offline: 'weigh.offline',
  none: 'weigh.offline',
} as const satisfies Record<ScaleReadingView['state'], string>;

/**
 * Weighs a product sold by weight on the till's scale (issue #15): the live weight and whether it
 * is stable, a tare keyed for the container, Weigh (Enter) to put it on the sale with the
 * scale's weight, or Type the weight (marked typed on the sale). With no scale, `onType` at once.
 */
export function WeighDialog({ line, onClose, onType }: { line: SaleLineView; onClose: () => void; onType: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { bridge, run } = useTill();
  const id = useId();
  const [reading, setReading] = useState<ScaleReadingView | null>(null);
  const [tare, setTare] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async () => {
      try {
        const now = await bridge['scale.read']({});
        if (stopped) return;
        setReading(now);
        // No scale at this till: weighed goods are typed.
        if (now.state === 'none') return onType();
      } catch {
        if (!stopped) setReading({ state: 'offline' });
      }
      if (!stopped) timer = setTimeout(() => void ask(), LIVE_MS);
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [bridge, onType]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    let tareGrams: number | undefined;
    if (tare.trim() !== '') {
      const parsed = parseMoneyInput(tare, 3);
      if (parsed === null || parsed <= 0) return setError(t('weigh.badTare'));
      tareGrams = parsed;
    }
    setError(null);
    setBusy(true);
    try {
      const done = await run('sale.weigh', { productId: line.productId, ...(tareGrams ? { tareGrams } : {}) });
      if (done) onClose();
    } finally {
      setBusy(false);
    }
  };

  const state = reading?.state;
  return (
    <Modal title={t('weigh.title', { name: f.product(line) })} onClose={onClose}>
      <form onSubmit={submit}>
        <output className="weigh-live" aria-label={t('weigh.live')} aria-live="polite">
          <span className="weigh-grams">
            {reading?.grams !== undefined ? f.qty(reading.grams, 'kg') : '–.–––'} {t('unit.kg')}
          </span>{' '}
          <span className={state === 'stable' ? 'weigh-state stable' : 'weigh-state'}>
            {state ? t(STATE_KEYS[state]) : t('weigh.waiting')}
          </span>
        </output>
        <div className="field">
          <label htmlFor={id}>{t('weigh.tare')}</label>
          <input id={id} autoFocus value={tare} onChange={(e) => setTare(e.target.value)} inputMode="decimal" autoComplete="off" />
        </div>
        <PinPad value={tare} onChange={setTare} allowDot />
        <div className="dialog-actions">
          <button type="button" onClick={onType}>
            {t('weigh.type')}
          </button>
        </div>
        <FormFooter error={error} onCancel={onClose} submitLabel={t('weigh.weigh')} disabled={busy} />
      </form>
    </Modal>
  );
}
