import { useEffect, useEffectEvent, useId, useState } from 'react';
import type { Result } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';

type LossCases = Result<'loss.cases'>;
type LossCase = LossCases['cases'][number];

/**
 * Loss prevention (issue #14): the cases the rules find in this till's ledger over the last
 * days, highest score first, worded in the screen's language; a case opens to its entries.
 * Managers only: the host refuses anyone else.
 */
export function LossPreventionDialog({ onClose }: { onClose: () => void }) {
  const { t, locale } = useI18n();
  const { attempt, failureText } = useTill();
  const f = useFormat();
  const ids = useId();
  const [days, setDays] = useState(7);
  const [rule, setRule] = useState('');
  const [data, setData] = useState<LossCases | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);

  const load = (d: number) =>
    void attempt('loss.cases', { days: d, locale }).then(
      (answer) => {
        setData(answer);
        setError(null);
        setSelected(null);
      },
      (e: unknown) => {
        setData(null);
        setError(failureText(toCallFailure(e)).text);
      },
    );
  const loadNow = useEffectEvent(() => load(days));
  // Again when the language changes: the explanations are worded by the host.
  useEffect(() => loadNow(), [locale]);

  const rules = data ? [...new Set(data.cases.map((c) => c.rule))].sort() : [];
  const shown: LossCase[] = data ? data.cases.filter((c) => !rule || c.rule === rule) : [];
  const open = selected === null ? null : (shown[selected] ?? null);

  return (
    <Modal title={t('loss.title')} onClose={onClose} wide>
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${ids}-days`}>{t('loss.days')}</label>
          <select
            id={`${ids}-days`}
            value={days}
            onChange={(e) => {
              const d = Number(e.target.value);
              setDays(d);
              load(d);
            }}
          >
            {[1, 7, 14, 31].map((d) => (
              <option key={d} value={d}>
                {t('loss.lastDays', { days: d })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-rule`}>{t('loss.rule')}</label>
          <select
            id={`${ids}-rule`}
            value={rule}
            onChange={(e) => {
              setRule(e.target.value);
              setSelected(null);
            }}
          >
            <option value="">{t('loss.allRules')}</option>
            {rules.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <section aria-live="polite">
          <p className="muted">{t('loss.range', { from: data.from, to: data.to })}</p>
          {shown.length === 0 ? (
            <p>{t('loss.none')}</p>
          ) : (
            <ul className="loss-cases" aria-label={t('loss.cases')}>
              {shown.map((c, n) => (
                <li key={`${c.rule}-${c.seqs.join('.')}`}>
                  <button type="button" aria-pressed={selected === n} onClick={() => setSelected(selected === n ? null : n)}>
                    <strong>
                      {c.rule} · {t('loss.score', { score: c.score })}
                    </strong>{' '}
                    <span>
                      {c.businessDay} · {t('loss.staff')}: {c.staffIds.join(', ') || '—'} · {t('loss.member')}: {c.memberId ?? '—'} ·{' '}
                      {f.money(c.amountAtRisk)}
                    </span>
                  </button>
                  <p>{c.explanation}</p>
                </li>
              ))}
            </ul>
          )}
          {open && (
            <table aria-label={t('loss.evidence')}>
              <thead>
                <tr>
                  <th scope="col">{t('loss.seq')}</th>
                  <th scope="col">{t('loss.kind')}</th>
                  <th scope="col">{t('loss.time')}</th>
                  <th scope="col">{t('loss.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {open.evidence.map((e) => (
                  <tr key={e.seq}>
                    <td>{e.seq}</td>
                    <td>{e.kind}</td>
                    <td>{f.dateTime(e.at)}</td>
                    <td>{e.amount === null ? '—' : f.money(e.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {t('common.close')} <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}
