import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ConsoleApiError, consoleApi, type CaseStatus, type LossCaseView, type Me, type ReviewOutcome } from './api.ts';
import { SalesPage } from './pages/sales-page.tsx';
import { StoresPage } from './pages/stores-page.tsx';
import { ProductsPage } from './pages/products-page.tsx';
import { StaffPage } from './pages/staff-page.tsx';
import { RulesPage } from './pages/rules-page.tsx';
import { UI_LOCALES, errorKey, resolveLocale, translator, type Translate, type UiLocale } from './i18n/i18n.ts';
import { EnrollmentPage } from './pages/enrollment.tsx';
import { DisputesPage } from './pages/disputes.tsx';
import { UsersPage } from './pages/users.tsx';
import { AuditPage } from './pages/audit.tsx';

// The HQ console's pages: sign-in, then the stores the signed-in user may see with their
// terminals, and loss prevention (cases, their evidence and reviews). Which stores and cases those
// are, and who may review, is HQ's decision (a regional manager gets only theirs).

const LOCALE_KEY = 'tillproof.console.locale';

function initialLocale(): UiLocale {
  try {
    const saved = localStorage.getItem(LOCALE_KEY);
    if (saved && (UI_LOCALES as readonly string[]).includes(saved)) return saved as UiLocale;
  } catch {
    // Storage may be off; the browser's language then decides.
  }
  return resolveLocale(navigator.language);
}

/** An HQ refusal in the reader's language. */
function errorText(t: Translate, locale: UiLocale, e: unknown): string {
  if (!(e instanceof ConsoleApiError)) return t('error.internal', { message: e instanceof Error ? e.message : String(e) });
  if (e.code === 'console.locked') {
    const seconds = typeof e.details.retryAfterSeconds === 'number' ? e.details.retryAfterSeconds : 60;
    const at = new Date(Date.now() + seconds * 1000);
    return t('error.console.locked', {
      time: new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(at),
      minutes: Math.max(1, Math.ceil(seconds / 60)),
    });
  }
  return t(errorKey(e.code), { message: e.message });
}

function formatTime(locale: UiLocale, iso: string | null, t: Translate): string {
  if (!iso) return t('stores.never');
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function ConsoleApp() {
  const [locale, setLocale] = useState<UiLocale>(initialLocale);
  const [me, setMe] = useState<Me | null | 'loading'>('loading');
  const [notice, setNotice] = useState<string | null>(null);
  const [page, setPage] = useState<
    'stores' | 'loss' | 'enrollment' | 'disputes' | 'users' | 'audit' | 'sales' | 'products' | 'staff' | 'rules'
  >('stores');
  const t = translator(locale);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = translator(locale)('app.title');
    try {
      localStorage.setItem(LOCALE_KEY, locale);
    } catch {
      // Not remembered; nothing else depends on it.
    }
  }, [locale]);

  useEffect(() => {
    consoleApi.me().then(setMe, () => setMe(null));
  }, []);

  const signedOut = useCallback((why: string | null) => {
    setNotice(why);
    setMe(null);
  }, []);

  const sessionEnded = useCallback(() => signedOut(t('error.console.unauthenticated')), [signedOut, t]);
  const describeError = useCallback((e: unknown) => errorText(t, locale, e), [t, locale]);
  const pageProps = (user: Me) => ({ t, locale, me: user, onSessionEnded: sessionEnded, describeError });

  return (
    <div className="console">
      <header className="console-header">
        <span className="console-brand">{t('app.title')}</span>
        <label className="console-language">
          {t('language.label')}
          <select value={locale} onChange={(e) => setLocale(e.target.value as UiLocale)}>
            {UI_LOCALES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </label>
        {me !== null && me !== 'loading' && (
          <>
            <span className="console-user">{t('header.signedInAs', { name: me.displayName, role: t(`role.${me.role}`) })}</span>
            <button
              type="button"
              onClick={() => {
                consoleApi.signOut(me.csrfToken).then(
                  () => signedOut(null),
                  () => signedOut(null),
                );
              }}
            >
              {t('header.signOut')}
            </button>
          </>
        )}
      </header>
      <main className="console-main">
        {me === 'loading' ? (
          <p>{t('common.loading')}</p>
        ) : me === null ? (
          <SignIn t={t} locale={locale} notice={notice} onSignedIn={setMe} />
        ) : (
          <>
            <nav className="console-nav" aria-label={t('nav.label')}>
              <button type="button" aria-current={page === 'stores' ? 'page' : undefined} onClick={() => setPage('stores')}>
                {t('stores.title')}
              </button>
              <button type="button" aria-current={page === 'loss' ? 'page' : undefined} onClick={() => setPage('loss')}>
                {t('loss.title')}
              </button>
              <button type="button" aria-current={page === 'enrollment' ? 'page' : undefined} onClick={() => setPage('enrollment')}>
                {t('enrollment.title')}
              </button>
              <button type="button" aria-current={page === 'disputes' ? 'page' : undefined} onClick={() => setPage('disputes')}>
                {t('disputes.title')}
              </button>
              {me.role === 'admin' && (
                <button type="button" aria-current={page === 'users' ? 'page' : undefined} onClick={() => setPage('users')}>
                  {t('users.title')}
                </button>
              )}
              {me.role !== 'regional-manager' && (
                <button type="button" aria-current={page === 'audit' ? 'page' : undefined} onClick={() => setPage('audit')}>
                  {t('audit.title')}
                </button>
              )}
              <button type="button" aria-current={page === 'sales' ? 'page' : undefined} onClick={() => setPage('sales')}>
                {t('sales.title')}
              </button>
              <button type="button" aria-current={page === 'products' ? 'page' : undefined} onClick={() => setPage('products')}>
                {t('nav.products')}
              </button>
              <button type="button" aria-current={page === 'staff' ? 'page' : undefined} onClick={() => setPage('staff')}>
                {t('nav.staff')}
              </button>
              <button type="button" aria-current={page === 'rules' ? 'page' : undefined} onClick={() => setPage('rules')}>
                {t('nav.rules')}
              </button>
            </nav>
            {page === 'stores' && <StoresPage {...pageProps(me)} />}
            {page === 'loss' && <LossCases t={t} locale={locale} me={me} onSessionEnded={sessionEnded} />}
            {page === 'enrollment' && <EnrollmentPage {...pageProps(me)} />}
            {page === 'disputes' && <DisputesPage {...pageProps(me)} onOpenLoss={() => setPage('loss')} />}
            {page === 'users' && <UsersPage {...pageProps(me)} />}
            {page === 'audit' && <AuditPage {...pageProps(me)} />}
            {page === 'sales' && <SalesPage t={t} locale={locale} onSessionEnded={sessionEnded} />}
            {page === 'products' && <ProductsPage t={t} me={me} explain={(e) => errorText(t, locale, e)} onSessionEnded={sessionEnded} />}
            {page === 'staff' && <StaffPage t={t} me={me} explain={(e) => errorText(t, locale, e)} onSessionEnded={sessionEnded} />}
            {page === 'rules' && <RulesPage t={t} me={me} explain={(e) => errorText(t, locale, e)} onSessionEnded={sessionEnded} />}
          </>
        )}
      </main>
    </div>
  );
}

function SignIn({
  t,
  locale,
  notice,
  onSignedIn,
}: {
  t: Translate;
  locale: UiLocale;
  notice: string | null;
  onSignedIn: (me: Me) => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    consoleApi
      .signIn({ username: username.trim(), password, ...(askTotp && totp.trim() ? { totp: totp.trim() } : {}) })
      .then(onSignedIn, (err: unknown) => {
        if (err instanceof ConsoleApiError && err.code === 'console.totp-required') setAskTotp(true);
        setError(errorText(t, locale, err));
        setPassword(err instanceof ConsoleApiError && err.code === 'console.totp-required' ? password : '');
        setTotp('');
        setBusy(false);
      });
  };

  return (
    <form className="sign-in card" aria-labelledby="sign-in-title" onSubmit={submit}>
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {notice && !error && <p className="notice">{notice}</p>}
      <label>
        {t('signIn.username')}
        <input name="username" autoComplete="username" autoFocus required value={username} onChange={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        {t('signIn.password')}
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {askTotp && (
        <label>
          {t('signIn.totp')}
          <input
            name="totp"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            autoFocus
            value={totp}
            onChange={(e) => setTotp(e.target.value)}
          />
        </label>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('signIn.busy') : t('signIn.submit')}
      </button>
    </form>
  );
}

const STATUSES: readonly CaseStatus[] = ['open', 'reviewed', 'dismissed'];
const OUTCOMES: readonly ReviewOutcome[] = ['confirmed', 'false-alarm', 'dismissed', 'fine'];

function LossCases({ t, locale, me, onSessionEnded }: { t: Translate; locale: UiLocale; me: Me; onSessionEnded: () => void }) {
  const [status, setStatus] = useState<CaseStatus | ''>('open');
  const [cases, setCases] = useState<LossCaseView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const failed = useCallback(
    (e: unknown) => {
      if (e instanceof ConsoleApiError && e.code === 'console.unauthenticated') onSessionEnded();
      else setError(errorText(t, locale, e));
    },
    [t, locale, onSessionEnded],
  );

  const load = useCallback(() => {
    consoleApi.lossCases(locale, status).then(({ cases: list }) => {
      setCases(list);
      setError(null);
    }, failed);
  }, [locale, status, failed]);

  useEffect(load, [load]);

  // An auditor reads; HQ refuses them a review anyway.
  const mayReview = me.role !== 'auditor';
  const money = new Intl.NumberFormat(locale);

  return (
    <section aria-labelledby="loss-title">
      <div className="stores-head">
        <h1 id="loss-title">{t('loss.title')}</h1>
        <label>
          {t('loss.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value as CaseStatus | '')}>
            <option value="">{t('loss.status.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`loss.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={load}>
          {t('stores.refresh')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {cases === null && !error && <p>{t('common.loading')}</p>}
      {cases?.length === 0 && <p>{t('loss.none')}</p>}
      {cases?.map((c) => (
        <article key={c.caseId} className="card store" aria-labelledby={`case-${c.caseId}`}>
          <h2 id={`case-${c.caseId}`}>{t('loss.case', { id: c.caseId, rule: c.rule })}</h2>
          <p className="muted">
            {t('loss.summary', {
              status: t(`loss.status.${c.status}`),
              score: c.score,
              day: c.businessDay,
              amount: money.format(c.amountAtRisk),
              stores: c.storeIds.join(', '),
              staff: c.staffIds.join(', ') || '—',
              member: c.memberId ?? '—',
            })}
          </p>
          <p className="explanation">{c.explanation}</p>
          <table aria-label={t('loss.evidence', { id: c.caseId })}>
            <thead>
              <tr>
                <th scope="col">{t('stores.terminal')}</th>
                <th scope="col" className="num">
                  {t('loss.seq')}
                </th>
                <th scope="col">{t('loss.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {c.evidence.map((e) => (
                <tr key={`${e.terminalId}#${e.seq}`}>
                  <th scope="row">{e.terminalId}</th>
                  <td className="num">{e.seq}</td>
                  <td>
                    <code>{e.hash}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('loss.history')}</h3>
          {c.acceptedBy && (
            <p className="muted">
              {t('loss.accepted', {
                by: c.acceptedBy.by,
                day: c.acceptedBy.day,
                note: c.acceptedBy.note,
                where: c.acceptedBy.from ? t('loss.fromTill', c.acceptedBy.from) : t('loss.atHq'),
              })}
            </p>
          )}
          {c.reviews.length === 0 ? (
            <p className="muted">{t('loss.noReviews')}</p>
          ) : (
            <ul aria-label={t('loss.historyOf', { id: c.caseId })}>
              {c.reviews.map((r, i) => (
                <li key={i}>
                  {t('loss.review', {
                    outcome: t(`loss.outcome.${r.outcome}`),
                    by: r.by,
                    when: formatTime(locale, r.at, t),
                    note: r.note,
                  })}
                  {r.from && ` ${t('loss.fromTill', r.from)}`}
                </li>
              ))}
            </ul>
          )}
          {mayReview && (
            <ReviewForm
              t={t}
              caseId={c.caseId}
              onReview={(outcome, note) =>
                consoleApi.reviewLossCase(me.csrfToken, c.caseId, locale, { outcome, note }).then(
                  () => {
                    load();
                    return true;
                  },
                  (e: unknown) => {
                    failed(e);
                    return false;
                  },
                )
              }
            />
          )}
        </article>
      ))}
    </section>
  );
}

function ReviewForm({
  t,
  caseId,
  onReview,
}: {
  t: Translate;
  caseId: number;
  /** True when HQ recorded it; on a refusal the form keeps what was typed. */
  onReview: (outcome: ReviewOutcome, note: string) => Promise<boolean>;
}) {
  const [outcome, setOutcome] = useState<ReviewOutcome>('confirmed');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    setBusy(true);
    void onReview(outcome, note.trim()).then((recorded) => {
      setBusy(false);
      if (recorded) setNote('');
    });
  };

  return (
    <form className="review-form" aria-label={t('loss.reviewCase', { id: caseId })} onSubmit={submit}>
      <label>
        {t('loss.outcome')}
        <select value={outcome} onChange={(e) => setOutcome(e.target.value as ReviewOutcome)}>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {t(`loss.outcome.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('loss.note')}
        <input required value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="primary" disabled={busy || !note.trim()}>
        {t('loss.submitReview')}
      </button>
    </form>
  );
}
