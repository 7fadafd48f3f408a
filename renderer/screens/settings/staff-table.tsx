import type { StaffListing, StaffView } from '../../../core/contract/index.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { roleKey } from '../../approval/approval-dialog.tsx';
import { useFormat } from '../../app/use-format.ts';

/** The till's staff, one row each: role, status and lockout, PIN and badge, and what the manager may do about them. */
export function StaffTable({
  view,
  onEdit,
  onUnlock,
}: {
  view: StaffView;
  onEdit: (member: StaffListing) => void;
  onUnlock: (member: StaffListing) => void;
}) {
  const { t } = useI18n();
  const { dateTime } = useFormat();
  const withActions = view.canEdit || view.canUnlock;
  return (
    <div className="table-scroll">
      <table className="report-table settings-table">
        <thead>
          <tr>
            <th scope="col">{t('staffset.id')}</th>
            <th scope="col">{t('staffset.name')}</th>
            <th scope="col">{t('staffset.role')}</th>
            <th scope="col">{t('staffset.status')}</th>
            <th scope="col">{t('staffset.pin')}</th>
            <th scope="col">{t('staffset.badge')}</th>
            {withActions && <th scope="col">{t('staffset.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {view.staff.map((s) => (
            <tr key={s.staffId} className={s.active ? '' : 'inactive'}>
              <th scope="row" className="mono">
                {s.staffId}
              </th>
              <td>{s.name}</td>
              <td>{t(roleKey(s.role))}</td>
              <td>
                {s.active ? t('staffset.active') : t('staffset.inactive')}
                {s.lockedUntil && <span className="badge warn">{t('staffset.lockedUntil', { until: dateTime(s.lockedUntil) })}</span>}
              </td>
              <td>{s.hasPin ? t('staffset.set') : t('staffset.notSet')}</td>
              <td>{s.hasBadge ? t('staffset.set') : t('staffset.notSet')}</td>
              {withActions && (
                <td>
                  <div className="row-actions">
                    {view.canEdit && (
                      <button type="button" onClick={() => onEdit(s)} aria-label={t('staffset.editTitle', { name: s.name, id: s.staffId })}>
                        {t('staffset.edit')}
                      </button>
                    )}
                    {view.canUnlock && s.lockedUntil && (
                      <button
                        type="button"
                        onClick={() => onUnlock(s)}
                        aria-label={t('staffset.unlockTitle', { name: s.name, id: s.staffId })}
                      >
                        {t('staffset.unlock')}
                      </button>
                    )}
                  </div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Badge sign-in on this till is shut after too many unknown badges; a manager may open it again. */
export function BadgeLockNotice({ view, onUnlock }: { view: StaffView; onUnlock: () => void }) {
  const { t } = useI18n();
  const { dateTime } = useFormat();
  if (!view.badgeLockedUntil) return null;
  return (
    <div className="notice-line warn inline-form" role="status">
      <span>{t('staffset.badgeLocked', { until: dateTime(view.badgeLockedUntil) })}</span>
      {view.canUnlock && (
        <button type="button" onClick={onUnlock}>
          {t('staffset.unlockBadges')}
        </button>
      )}
    </div>
  );
}
