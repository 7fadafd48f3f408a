import { useEffect, useState } from 'react';
import { adminApi, type DisputeView, type EvidenceEntry, type History } from './admin-api.ts';
import { ErrorLine, formatWhen, useFailure, useLoaded, type PageProps } from './admin-kit.tsx';
import type { Translate, UiLocale } from '../i18n/i18n.ts';

// Disputes: each member's "this wasn't me" with the sale's entries, which HQ checks again (hash
// recomputed, signature checked with the till's key) each time the page shows them; the
// loss-prevention case it became; and a member's or a salesperson's history (sales, disputes,
// cases). Names come from HQ's master data and are shown as text, never as markup.

type Who = { member: string } | { staff: string };

export function DisputesPage(props: PageProps & { onOpenLoss: () => void }) {
  const { t, locale } = props;
  const { error, failed } = useFailure(props);
  const { data, reload } = useLoaded(adminApi.disputes, failed);
  const [who, setWho] = useState<Who | null>(null);
  const money = new Intl.NumberFormat(locale);

  return (
    <section aria-labelledby="disputes-title">
      <div className="stores-head">
        <h1 id="disputes-title">{t('disputes.title')}</h1>
        <button type="button" onClick={reload}>
          {t('stores.refresh')}
        </button>
      </div>
      <ErrorLine error={error} />
      {who && <HistoryPanel key={JSON.stringify(who)} t={t} locale={locale} who={who} failed={failed} onClose={() => setWho(null)} />}
      {data === null && !error && <p>{t('common.loading')}</p>}
      {data?.disputes.length === 0 && <p>{t('disputes.none')}</p>}
      {data?.disputes.map((d) => (
        <article key={d.disputeId} className="card store" aria-labelledby={`dispute-${d.disputeId}`}>
          <h2 id={`dispute-${d.disputeId}`}>{t('disputes.dispute', { id: d.disputeId, terminal: d.terminalId, seq: d.seq })}</h2>
          <p className="muted">
            {t('disputes.summary', {
              member: nameOf(d.memberName, d.memberId),
              store: d.storeId,
              day: d.businessDay,
              amount: `${d.currency} ${money.format(d.amount)}`,
              when: formatWhen(locale, d.createdAt, t),
            })}
          </p>
          <p>
            {t('disputes.staff', {
              salespersons: d.salespersonIds.map((s) => nameOf(d.staffNames[s] ?? null, s)).join(', ') || '—',
              cashier: d.cashierId ? nameOf(d.staffNames[d.cashierId] ?? null, d.cashierId) : '—',
            })}
          </p>
          {d.comment && <blockquote className="comment">{d.comment}</blockquote>}
          <p>
            {d.caseId === null ? (
              t('disputes.noCase')
            ) : (
              <>
                {t('disputes.case', { id: d.caseId, status: t(`loss.status.${d.caseStatus ?? 'open'}`) })}{' '}
                <button type="button" onClick={props.onOpenLoss}>
                  {t('disputes.openLoss')}
                </button>
              </>
            )}
          </p>
          <Evidence t={t} dispute={d} failed={failed} />
          <div className="actions">
            <button type="button" onClick={() => setWho({ member: d.memberId })}>
              {t('disputes.memberHistory', { id: d.memberId })}
            </button>
            {d.salespersonIds.map((s) => (
              <button key={s} type="button" onClick={() => setWho({ staff: s })}>
                {t('disputes.staffHistory', { id: s })}
              </button>
            ))}
          </div>
        </article>
      ))}
    </section>
  );
}

const nameOf = (name: string | null, id: string) => (name ? `${name} (${id})` : id);

/** The dispute's entries as HQ checks them now (asked each time this is shown). */
function Evidence({ t, dispute, failed }: { t: Translate; dispute: DisputeView; failed: (e: unknown) => void }) {
  const [entries, setEntries] = useState<EvidenceEntry[] | null>(null);
  useEffect(() => {
    adminApi.evidence(dispute.disputeId).then((r) => setEntries(r.entries), failed);
  }, [dispute.disputeId, failed]);
  if (!entries) return <p className="muted">{t('disputes.checking')}</p>;
  return (
    <table aria-label={t('disputes.evidence', { id: dispute.disputeId })}>
      <thead>
        <tr>
          <th scope="col">{t('stores.terminal')}</th>
          <th scope="col" className="num">
            {t('loss.seq')}
          </th>
          <th scope="col">{t('loss.hash')}</th>
          <th scope="col">{t('disputes.signature')}</th>
          <th scope="col">{t('disputes.check')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={`${e.terminalId}#${e.seq}`}>
            <th scope="row">{e.terminalId}</th>
            <td className="num">{e.seq}</td>
            <td>
              <code>{e.hash ?? e.recordedHash}</code>
            </td>
            <td>{e.keyId ? t('disputes.signedBy', { key: e.keyId }) : '—'}</td>
            <td>
              {e.verified ? (
                <span className="badge ok">{t('disputes.verified')}</span>
              ) : (
                <span className="badge alert">
                  {!e.found
                    ? t('disputes.missing')
                    : !e.hashValid
                      ? t('disputes.badHash')
                      : !e.signatureValid
                        ? t('disputes.badSignature')
                        : t('disputes.otherHash')}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HistoryPanel({
  t,
  locale,
  who,
  failed,
  onClose,
}: {
  t: Translate;
  locale: UiLocale;
  who: Who;
  failed: (e: unknown) => void;
  onClose: () => void;
}) {
  const [history, setHistory] = useState<History | null>(null);
  const member = 'member' in who ? who.member : null;
  const staff = 'staff' in who ? who.staff : null;
  useEffect(() => {
    adminApi.history(member !== null ? { member } : { staff: staff ?? '' }).then(setHistory, failed);
  }, [member, staff, failed]);
  const title = 'member' in who ? t('history.member', { id: who.member }) : t('history.staff', { id: who.staff });
  const money = new Intl.NumberFormat(locale);
  return (
    <article className="card history" aria-label={title}>
      <div className="stores-head">
        <h2>{title}</h2>
        <button type="button" onClick={onClose}>
          {t('history.close')}
        </button>
      </div>
      {!history ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <h3>{t('history.sales', { count: history.sales.length })}</h3>
          <table aria-label={t('history.salesTable')}>
            <thead>
              <tr>
                <th scope="col">{t('stores.terminal')}</th>
                <th scope="col" className="num">
                  {t('loss.seq')}
                </th>
                <th scope="col">{t('history.day')}</th>
                <th scope="col">{t('enrollment.store')}</th>
                <th scope="col">{t('history.cashier')}</th>
                <th scope="col">{t('history.memberCol')}</th>
                <th scope="col" className="num">
                  {t('history.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {history.sales.map((s) => (
                <tr key={`${s.terminalId}#${s.seq}`}>
                  <th scope="row">{s.terminalId}</th>
                  <td className="num">{s.seq}</td>
                  <td>{s.businessDay}</td>
                  <td>{s.storeId}</td>
                  <td>{s.operatorId ?? '—'}</td>
                  <td>{s.memberId ?? '—'}</td>
                  <td className="num">{s.total === null ? '—' : money.format(s.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('history.disputes', { count: history.disputes.length })}</h3>
          <ul>
            {history.disputes.map((d) => (
              <li key={d.disputeId}>{t('disputes.dispute', { id: d.disputeId, terminal: d.terminalId, seq: d.seq })}</li>
            ))}
          </ul>
          <h3>{t('history.cases', { count: history.cases.length })}</h3>
          <ul>
            {history.cases.map((c) => (
              <li key={c.caseId}>
                {t('history.case', { id: c.caseId, rule: c.rule, status: t(`loss.status.${c.status as 'open'}`), day: c.businessDay })}
              </li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}
