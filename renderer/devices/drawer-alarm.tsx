import { useEffect } from 'react';
import type { EventPayload } from '../../core/contract/events.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { beep } from './beep.ts';

const REPEAT_MS = 3000;

/** The drawer has been left open: a red banner and a beep every few seconds until it closes. */
export function DrawerAlarmBanner({ alarm }: { alarm: EventPayload<'drawer.alarm'> }) {
  const { t } = useI18n();
  useEffect(() => {
    beep('alarm');
    const timer = window.setInterval(() => beep('alarm'), REPEAT_MS);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <div className="alarm-banner" role="alert">
      <span className="alarm-icon" aria-hidden="true">
        ⚠
      </span>
      {t('alarm.drawerOpen', { seconds: alarm.openSeconds })}
    </div>
  );
}
