import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ConsoleApiError, consoleApi, type Me, type StoreSummary, type TerminalSummary } from './api.ts';
import { UI_LOCALES, errorKey, resolveLocale, translator, type Translate, type UiLocale } from './i18n/i18n.ts';

// The HQ console's pages: sign-in, then the stores the signed-in user may see with their
// terminals. Which stores those are is HQ's decision (a regional manager gets only theirs).

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
          <Stores t={t} locale={locale} onSessionEnded={() => signedOut(t('error.console.unauthenticated'))} />
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

interface StoreView extends StoreSummary {
  list: TerminalSummary[];
}

function Stores({ t, locale, onSessionEnded }: { t: Translate; locale: UiLocale; onSessionEnded: () => void }) {
  const [stores, setStores] = useState<StoreView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    consoleApi
      .stores()
      .then(({ stores: list }) => Promise.all(list.map(async (s) => ({ ...s, list: (await consoleApi.terminals(s.storeId)).terminals }))))
      .then(
        (loaded) => {
          setStores(loaded);
          setError(null);
        },
        (e: unknown) => {
          if (e instanceof ConsoleApiError && e.code === 'console.unauthenticated') onSessionEnded();
          else setError(errorText(t, locale, e));
        },
      );
  }, [t, locale, onSessionEnded]);

  useEffect(load, [load]);

  return (
    <section aria-labelledby="stores-title">
      <div className="stores-head">
        <h1 id="stores-title">{t('stores.title')}</h1>
        <button type="button" onClick={load}>
          {t('stores.refresh')}
        </button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {stores === null && !error && <p>{t('common.loading')}</p>}
      {stores?.length === 0 && <p>{t('stores.none')}</p>}
      {stores?.map((s) => (
        <article key={s.storeId} className="card store" aria-labelledby={`store-${s.storeId}`}>
          <h2 id={`store-${s.storeId}`}>{t('stores.store', { id: s.storeId })}</h2>
          <p className="muted">{t('stores.summary', { count: s.terminals, when: formatTime(locale, s.lastSyncAt, t) })}</p>
          <table aria-label={t('stores.terminals', { id: s.storeId })}>
            <thead>
              <tr>
                <th scope="col">{t('stores.terminal')}</th>
                <th scope="col">{t('stores.enrolled')}</th>
                <th scope="col">{t('stores.lastSync')}</th>
                <th scope="col" className="num">
                  {t('stores.headSeq')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.list.map((term) => (
                <tr key={term.terminalId}>
                  <th scope="row">{term.terminalId}</th>
                  <td>{formatTime(locale, term.enrolledAt, t)}</td>
                  <td>{formatTime(locale, term.lastSyncAt, t)}</td>
                  <td className="num">{term.headSeq}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </section>
  );
}
