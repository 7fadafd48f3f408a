import { useI18n } from '../i18n/i18n-context.tsx';
import { UI_LOCALES } from '../i18n/i18n.ts';

/** The three UI languages as buttons, each named in its own language. */
export function LanguageSwitch({ compact }: { compact?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className={`language-switch${compact ? ' compact' : ''}`} role="group" aria-label={t('settings.language')}>
      {UI_LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === locale}
          className={l === locale ? 'selected' : ''}
          onClick={() => setLocale(l)}
        >
          {t(`language.${l}`)}
        </button>
      ))}
    </div>
  );
}
