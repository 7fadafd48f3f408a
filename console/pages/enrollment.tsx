import { useState, type FormEvent } from 'react';
import { adminApi } from './admin-api.ts';
import { ErrorLine, formatWhen, useFailure, useLoaded, type PageProps } from './admin-kit.tsx';

// Enrollment: a one-time code for a new till (typed into `tillproof hq join` or the till's first
// start), the codes not used yet, the enrolled tills, and revoking one (HQ then refuses its sync).
// A regional manager gets their stores only; an auditor reads.

export function EnrollmentPage(props: PageProps) {
  const { t, locale, me } = props;
  const { error, setError, failed } = useFailure(props);
  const { data, reload } = useLoaded(adminApi.enrollment, failed);
  const [storeId, setStoreId] = useState(me.role === 'regional-manager' ? (me.stores[0] ?? '') : '');
  const [terminalId, setTerminalId] = useState('');
  const [hours, setHours] = useState(24);
  const [made, setMade] = useState<{ code: string; storeId: string; terminalId: string; expiresAt: string } | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const mayChange = me.role !== 'auditor';

  const create = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    adminApi.createCode(me.csrfToken, { storeId: storeId.trim(), terminalId: terminalId.trim(), validHours: hours }).then((c) => {
      setMade(c);
      setTerminalId('');
      reload();
    }, failed);
  };

  const revoke = (id: string) => {
    setError(null);
    setConfirming(null);
    adminApi.revoke(me.csrfToken, id).then(reload, failed);
  };

  return (
    <section aria-labelledby="enrollment-title">
      <div className="stores-head">
        <h1 id="enrollment-title">{t('enrollment.title')}</h1>
        <button type="button" onClick={reload}>
          {t('stores.refresh')}
        </button>
      </div>
      <ErrorLine error={error} />
      {mayChange && (
        <form className="card admin-form" aria-label={t('enrollment.newCode')} onSubmit={create}>
          <h2>{t('enrollment.newCode')}</h2>
          <label>
            {t('enrollment.store')}
            {me.role === 'regional-manager' ? (
              <select value={storeId} onChange={(e) => setStoreId(e.target.value)}>
                {me.stores.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            ) : (
              <input required value={storeId} onChange={(e) => setStoreId(e.target.value)} />
            )}
          </label>
          <label>
            {t('enrollment.terminal')}
            <input required value={terminalId} onChange={(e) => setTerminalId(e.target.value)} />
          </label>
          <label>
            {t('enrollment.hours')}
            <input type="number" min={1} max={168} required value={hours} onChange={(e) => setHours(Number(e.target.value))} />
          </label>
          <button type="submit" className="primary">
            {t('enrollment.create')}
          </button>
        </form>
      )}
      {made && (
        <div className="card secret" role="status">
          <p>{t('enrollment.made', { terminal: made.terminalId, store: made.storeId, when: formatWhen(locale, made.expiresAt, t) })}</p>
          <p>
            <code className="big-code" aria-label={t('enrollment.code')}>
              {made.code}
            </code>
          </p>
          <p className="muted">{t('enrollment.madeHint')}</p>
        </div>
      )}
      {data === null && !error && <p>{t('common.loading')}</p>}
      {data && (
        <>
          <h2>{t('enrollment.pending')}</h2>
          {data.pendingCodes.length === 0 ? (
            <p className="muted">{t('enrollment.noPending')}</p>
          ) : (
            <table aria-label={t('enrollment.pending')}>
              <thead>
                <tr>
                  <th scope="col">{t('enrollment.terminal')}</th>
                  <th scope="col">{t('enrollment.store')}</th>
                  <th scope="col">{t('enrollment.expires')}</th>
                </tr>
              </thead>
              <tbody>
                {data.pendingCodes.map((c) => (
                  <tr key={`${c.terminalId}@${c.createdAt}`}>
                    <th scope="row">{c.terminalId}</th>
                    <td>{c.storeId}</td>
                    <td>{formatWhen(locale, c.expiresAt, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>{t('enrollment.enrolled')}</h2>
          <table aria-label={t('enrollment.enrolled')}>
            <thead>
              <tr>
                <th scope="col">{t('enrollment.terminal')}</th>
                <th scope="col">{t('enrollment.store')}</th>
                <th scope="col">{t('stores.enrolled')}</th>
                <th scope="col">{t('stores.lastSync')}</th>
                <th scope="col">{t('enrollment.status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.terminals.map((term) => (
                <tr key={term.terminalId}>
                  <th scope="row">{term.terminalId}</th>
                  <td>{term.storeId}</td>
                  <td>{formatWhen(locale, term.enrolledAt, t)}</td>
                  <td>{formatWhen(locale, term.lastSyncAt, t)}</td>
                  <td>
                    {term.revokedAt ? (
                      <span className="badge alert">
                        {t('enrollment.revoked', { by: term.revokedBy ?? '?', when: formatWhen(locale, term.revokedAt, t) })}
                      </span>
                    ) : (
                      <>
                        <span className="badge ok">{t('enrollment.active')}</span>{' '}
                        {mayChange &&
                          (confirming === term.terminalId ? (
                            <>
                              <button type="button" className="danger" onClick={() => revoke(term.terminalId)}>
                                {t('enrollment.confirmRevoke', { id: term.terminalId })}
                              </button>{' '}
                              <button type="button" onClick={() => setConfirming(null)}>
                                {t('enrollment.cancel')}
                              </button>
                            </>
                          ) : (
                            <button type="button" onClick={() => setConfirming(term.terminalId)}>
                              {t('enrollment.revoke', { id: term.terminalId })}
                            </button>
                          ))}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
