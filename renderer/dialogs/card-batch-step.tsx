import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Result } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTill, useTillState } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { parseMoneyInput } from '../format/money.ts';
import { FormFooter } from '../components/form-footer.tsx';
import { ReasonPicker } from './reason-picker.tsx';
import { REASONS } from './reasons.ts';

type BatchStatus = Result<'till.status'>['cardBatch'];
type Batch = Result<'till.cardBatch'>;

/**
 * Before the Z: the card terminal's batch total for the day, entered blind (what the till expected
 * shows only after it is recorded), and the co-sign of a difference beyond the threshold.
 * `onSettled` is called once the day has nothing left to reconcile.
 */
export function CardBatchStep({ onSettled, onCancel }: { onSettled: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { attempt, run, showFailure, notify } = useTill();
  const terminal = useTillState((s) => s.terminal);
  const id = useId();
  const [status, setStatus] = useState<BatchStatus | undefined>(undefined);
  const [batch, setBatch] = useState<Batch | null>(null);
  const [text, setText] = useState('');
  const [reason, setReason] = useState<string>(REASONS.cosign[0]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    attempt('till.status', {}).then(
      (s) => {
        setStatus(s.cardBatch);
        if (!s.cardBatch || (s.cardBatch.entered && !s.cardBatch.awaitingCosign)) onSettled();
      },
      (e: unknown) => showFailure(toCallFailure(e)),
    );
  }, [attempt, showFailure, onSettled]);

  const enter = async (e: FormEvent) => {
    e.preventDefault();
    const reported = parseMoneyInput(text, terminal?.minorDigits ?? 2);
    if (reported === null) return setError(t('tender.badAmount'));
    setBusy(true);
    const r = await run('till.cardBatch', { reported, businessDay: status?.businessDay });
    setBusy(false);
    if (!r) return;
    setBatch(r);
    if (!r.needsCosign) onSettled();
  };

  const cosign = async () => {
    if (!status || !reason) return;
    const difference = batch ? f.money(batch.difference) : '';
    const ok = await run(
      'till.cosignCardBatch',
      { businessDay: status.businessDay, reason },
      { summary: t('cardBatch.cosignSummary', { amount: difference }) },
    );
    if (ok) {
      notify('success', t('cardBatch.cosigned'));
      onSettled();
    }
  };

  if (status === undefined) return <p role="status">{t('cardBatch.checking')}</p>;
  if (status?.awaitingCosign || batch?.needsCosign) {
    return (
      <CardBatchCosign id={id} batch={batch} reason={reason} onReason={setReason} onCosign={() => void cosign()} onCancel={onCancel} />
    );
  }
  return (
    <form onSubmit={(e) => void enter(e)}>
      <h3>{t('cardBatch.title')}</h3>
      <p className="muted">{t('cardBatch.text', { day: status?.businessDay ?? '' })}</p>
      <div className="field">
        <label htmlFor={id}>{t('cardBatch.reported')}</label>
        <input id={id} autoFocus value={text} onChange={(e) => setText(e.target.value)} inputMode="decimal" autoComplete="off" />
      </div>
      <FormFooter error={error} onCancel={onCancel} submitLabel={t('cardBatch.confirm')} disabled={busy} />
    </form>
  );
}

/** A difference beyond the threshold: the figures once recorded, and the co-sign with its reason. */
function CardBatchCosign({
  id,
  batch,
  reason,
  onReason,
  onCosign,
  onCancel,
}: {
  id: string;
  batch: Batch | null;
  reason: string;
  onReason: (reason: string) => void;
  onCosign: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('cardBatch.title')}</h3>
      {batch && (
        <dl className="facts">
          <dt>{t('cardBatch.reported')}</dt>
          <dd>{f.money(batch.reported)}</dd>
          <dt>{t('cardBatch.expected')}</dt>
          <dd>{f.money(batch.expected)}</dd>
          <dt>{t('cardBatch.difference')}</dt>
          <dd className={batch.difference === 0 ? '' : 'bad'}>{f.money(batch.difference)}</dd>
        </dl>
      )}
      <p className="form-error" role="alert">
        {t('cardBatch.needsCosign')}
      </p>
      <ReasonPicker group="cosign" onChange={onReason} />
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          {t('drawer.cosignLater')}
        </button>
        <button type="button" className="primary" onClick={onCosign} disabled={!reason}>
          {t('drawer.cosign')}
        </button>
      </div>
    </section>
  );
}
