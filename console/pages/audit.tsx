import { useCallback, useState, type FormEvent } from 'react';
import { adminApi } from './admin-api.ts';
import { ErrorLine, formatWhen, useFailure, useLoaded, type PageProps } from './admin-kit.tsx';

// The audit log, read-only: every HQ user action (sign-ins, user changes, enrollment codes,
// revocations, case reviews, refusals), newest first, filtered by user, action and period.

export function AuditPage(props: PageProps) {
  const { t, locale } = props;
  const { error, setError, failed } = useFailure(props);
  const [draft, setDraft] = useState({ user: '', action: '', from: '', to: '' });
  const [filters, setFilters] = useState(draft);
  const fetchRows = useCallback(() => adminApi.audit(filters), [filters]);
  const { data } = useLoaded(fetchRows, failed);

  const search = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setFilters({ ...draft });
  };
  const field = (name: keyof typeof draft) => ({
    value: draft[name],
    onChange: (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value })),
  });

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <form className="card admin-form" aria-label={t('audit.filters')} onSubmit={search}>
        <label>
          {t('audit.user')}
          <input {...field('user')} />
        </label>
        <label>
          {t('audit.action')}
          <input {...field('action')} list="audit-actions" />
          <datalist id="audit-actions">
            {['sign-in', 'user.', 'enrollment.code', 'terminal.revoke', 'loss-case.review', 'access.refused'].map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          {t('audit.from')}
          <input type="date" {...field('from')} />
        </label>
        <label>
          {t('audit.to')}
          <input type="date" {...field('to')} />
        </label>
        <button type="submit" className="primary">
          {t('audit.search')}
        </button>
      </form>
      <ErrorLine error={error} />
      {data === null && !error && <p>{t('common.loading')}</p>}
      {data?.rows.length === 0 && <p>{t('audit.none')}</p>}
      {data && data.rows.length > 0 && (
        <table aria-label={t('audit.title')}>
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.about')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.auditId}>
                <td>{formatWhen(locale, row.at, t)}</td>
                <td>{row.actor}</td>
                <th scope="row">{row.action}</th>
                <td>{row.username ?? '—'}</td>
                <td>
                  <code>{Object.keys(row.details).length ? JSON.stringify(row.details) : ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
