import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTill } from './till-context.tsx';

/**
 * Messages for the cashier: errors say what happened and what to do next. Shown as a manual
 * popover so they sit above any open dialog (the top layer), not behind its backdrop.
 */
export function Notices() {
  const { notices, dismissNotice } = useTill();
  const { t } = useI18n();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof el.showPopover !== 'function') return;
    if (el.matches(':popover-open')) el.hidePopover();
    if (notices.length > 0) el.showPopover();
  }, [notices]);
  return (
    <section ref={ref} popover="manual" className="notices" aria-label={t('notice.label')} aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <div className="notice-text">
            <p>{n.text}</p>
            {n.hint && <p className="notice-hint">{n.hint}</p>}
          </div>
          <button type="button" className="notice-close" onClick={() => dismissNotice(n.id)} aria-label={t('common.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
