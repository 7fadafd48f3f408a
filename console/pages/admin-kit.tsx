import { useCallback, useEffect, useState } from 'react';
import { ConsoleApiError, type Me } from '../api.ts';
import type { Translate, UiLocale } from '../i18n/i18n.ts';

// What the Enrollment, Disputes, Users and Audit pages share: their props, a loader that sends
// the user back to sign-in when HQ ended the session, and times in the reader's language.

export interface PageProps {
  t: Translate;
  locale: UiLocale;
  me: Me;
  onSessionEnded: () => void;
  /** An HQ refusal in the reader's language (app.tsx's wording). */
  describeError: (e: unknown) => string;
}

export function formatWhen(locale: UiLocale, iso: string | null, t: Translate): string {
  if (!iso) return t('stores.never');
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** `failed(e)`: the session-ended path, or the error shown on the page. */
export function useFailure(props: Pick<PageProps, 'onSessionEnded' | 'describeError'>): {
  error: string | null;
  setError: (e: string | null) => void;
  failed: (e: unknown) => void;
} {
  const { onSessionEnded, describeError } = props;
  const [error, setError] = useState<string | null>(null);
  const failed = useCallback(
    (e: unknown) => {
      if (e instanceof ConsoleApiError && e.code === 'console.unauthenticated') onSessionEnded();
      else setError(describeError(e));
    },
    [onSessionEnded, describeError],
  );
  return { error, setError, failed };
}

/** Loads with `fetch` now and on `reload()`; null until the first answer. */
export function useLoaded<T>(fetch: () => Promise<T>, failed: (e: unknown) => void): { data: T | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const reload = useCallback(() => {
    fetch().then(setData, failed);
  }, [fetch, failed]);
  useEffect(reload, [reload]);
  return { data, reload };
}

export function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}
