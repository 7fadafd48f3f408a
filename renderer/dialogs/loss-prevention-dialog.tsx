import { useEffect, useEffectEvent, useId, useState } from 'react';
import type { Result } from '../../core/contract/index.ts';
import { LOSS_REVIEW_OUTCOMES } from '../../core/contract/loss-views.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { hasMessage, type MessageParams } from '../i18n/i18n.ts';
import type { MessageKey } from '../i18n/en.ts';

type LossCases = Result<'loss.cases'>;
type LossCase = LossCases['cases'][number];
type Translate = (key: MessageKey, params?: MessageParams) => string;

/** A rule's name in the reader's language (the rule's code when the screen does not know it). */
function ruleName(t: Translate, rule: string): string {
  const key = `loss.rule.${rule}`;
  return hasMessage(key) ? t(key) : rule;
}

function exceptionName(t: Translate, kind: string): string {
  const key = `loss.exception.${kind}`;
  return hasMessage(key) ? t(key) : kind;
}

/** A case's review, or the form to record one (the host checks the case still stands and who may). */
function CaseReview({ item, days, onDone }: { item: LossCase; days: number; onDone: () => void }) {
  const { t } = useI18n();
  const { attempt, failureText } = useTill();
  const ids = useId();
  const [outcome, setOutcome] = useState<(typeof LOSS_REVIEW_OUTCOMES)[number]>('fraud');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (item.review) return null;
  return (
    <form
      aria-label={t('loss.reviewTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        void attempt('loss.review', { days, rule: item.rule, refs: item.refs, outcome, note }).then(onDone, (x: unknown) =>
          setError(failureText(toCallFailure(x)).text),
        );
      }}
    >
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${ids}-outcome`}>{t('loss.outcome')}</label>
          <select id={`${ids}-outcome`} value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)}>
            {LOSS_REVIEW_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`loss.outcome.${o}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-note`}>{t('loss.note')}</label>
          <input id={`${ids}-note`} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </div>
        <button type="submit">{t('loss.recordReview')}</button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** A filter over the cases: everything, or one of `options` (shown by `name`). */
function Filter(p: {
  label: string;
  all: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  name?: (option: string) => string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <select id={id} value={p.value} onChange={(e) => p.onChange(e.target.value)}>
        <option value="">{p.all}</option>
        {p.options.map((o) => (
          <option key={o} value={o}>
            {p.name ? p.name(o) : o}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One bar per row: the row's words, and a bar as long as its share of the longest (drawn, not read: the words say it). */
function Bars({ label, rows }: { label: string; rows: ReadonlyArray<{ key: string; text: string; value: number; of: number }> }) {
  const { t } = useI18n();
  const max = Math.max(1, ...rows.map((r) => r.of));
  return (
    <figure className="loss-chart">
      <figcaption>{label}</figcaption>
      {rows.length === 0 ? (
        <p className="muted">{t('loss.noChart')}</p>
      ) : (
        <ul aria-label={label}>
          {rows.map((r) => (
            <li key={r.key}>
              <span>{r.text}</span>
              <svg aria-hidden="true" viewBox="0 0 100 6" preserveAspectRatio="none" className="loss-bar">
                <rect className="loss-bar-of" x="0" y="0" width={(100 * r.of) / max} height="6" />
                <rect className="loss-bar-value" x="0" y="0" width={(100 * r.value) / max} height="6" />
              </svg>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

/** The two charts: exceptions per cashier (by kind) and member-price sales per salesperson. */
function LossCharts({ charts }: { charts: LossCases['charts'] }) {
  const { t } = useI18n();
  const f = useFormat();
  const exceptions = new Map<string, Array<{ kind: string; count: number }>>();
  for (const e of charts.exceptions) exceptions.set(e.staffId, [...(exceptions.get(e.staffId) ?? []), e]);
  const exceptionRows = [...exceptions].map(([staffId, kinds]) => {
    const count = kinds.reduce((n, k) => n + k.count, 0);
    const words = kinds.map((k) => `${exceptionName(t, k.kind)} ${f.number(k.count)}`).join(', ');
    return {
      key: staffId,
      text: t('loss.exceptionsBar', { staff: staffId, count: f.number(count), kinds: words }),
      value: count,
      of: count,
    };
  });
  const tierRows = charts.tierSales.map((s) => ({
    key: s.staffId,
    text: t('loss.tierBar', {
      staff: s.staffId,
      atTier: f.number(s.atTier),
      sales: f.number(s.sales),
      share: `${Math.round((100 * s.atTier) / Math.max(1, s.sales))} %`,
    }),
    value: s.atTier,
    of: s.sales,
  }));
  return (
    <section className="loss-charts" aria-label={t('loss.charts')}>
      <Bars label={t('loss.chartExceptions')} rows={exceptionRows} />
      <Bars label={t('loss.chartTier')} rows={tierRows} />
    </section>
  );
}

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
  const [staff, setStaff] = useState('');
  const [member, setMember] = useState('');
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
  const staffIds = data ? [...new Set(data.cases.flatMap((c) => c.staffIds))].sort() : [];
  const memberIds = data ? [...new Set(data.cases.flatMap((c) => (c.memberId ? [c.memberId] : [])))].sort() : [];
  const shown: LossCase[] = data
    ? data.cases.filter((c) => (!rule || c.rule === rule) && (!staff || c.staffIds.includes(staff)) && (!member || c.memberId === member))
    : [];
  const filter = (set: (v: string) => void) => (value: string) => {
    set(value);
    setSelected(null);
  };
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
        <Filter
          label={t('loss.rule')}
          all={t('loss.allRules')}
          value={rule}
          onChange={filter(setRule)}
          options={rules}
          name={(r) => ruleName(t, r)}
        />
        <Filter label={t('loss.staff')} all={t('loss.allStaff')} value={staff} onChange={filter(setStaff)} options={staffIds} />
        <Filter label={t('loss.member')} all={t('loss.allMembers')} value={member} onChange={filter(setMember)} options={memberIds} />
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
                      {ruleName(t, c.rule)} · {t('loss.score', { score: c.score })}
                    </strong>{' '}
                    <span>
                      {c.businessDay} · {t('loss.staff')}: {c.staffIds.join(', ') || '—'} · {t('loss.member')}: {c.memberId ?? '—'} ·{' '}
                      {f.money(c.amountAtRisk)}
                    </span>
                  </button>
                  <p>{c.explanation}</p>
                  {c.review && (
                    <p>
                      {t('loss.reviewed', {
                        outcome: t(`loss.outcome.${c.review.outcome}`),
                        by: c.review.by ?? '—',
                        at: f.dateTime(c.review.at),
                        note: c.review.note,
                      })}
                    </p>
                  )}
                  {c.acceptedBy && (
                    <p className="muted">{t('loss.accepted', { by: c.acceptedBy.by ?? '—', at: f.dateTime(c.acceptedBy.at) })}</p>
                  )}
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
          {open && <CaseReview key={`${open.rule}-${open.seqs.join('.')}`} item={open} days={days} onDone={() => load(days)} />}
          <LossCharts charts={data.charts} />
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
