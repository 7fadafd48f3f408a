import { useState } from 'react';
import { Card } from '../../components/card.tsx';
import type { StaffListing, StaffView } from '../../../core/contract/index.ts';
import { toCallFailure } from '../../bridge/call-failure.ts';
import { useTill } from '../../app/till-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { hasMessage, type MessageKey } from '../../i18n/i18n.ts';
import { roleKey } from '../../approval/approval-dialog.tsx';
import { useSettingsView } from './use-settings-call.ts';
import { useFormat } from '../../app/use-format.ts';
import { AddStaff, EditStaff, type Role } from './staff-forms.tsx';

/** Staff and roles; a manager changes staff here only when the till keeps its own (no HQ). */
export function StaffTab() {
  const { t } = useI18n();
  const { dateTime } = useFormat();
  const { attempt, failureText } = useTill();
  const { data, error, set } = useSettingsView('staff.list');
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  /** Runs a change; on success shows the new list and `done`, on failure what to do next. */
  const change = async (run: () => Promise<StaffView>, done: string): Promise<boolean> => {
    setActionError(null);
    setMessage(null);
    try {
      set(await run());
      setMessage(done);
      return true;
    } catch (e) {
      setActionError(failureText(toCallFailure(e)).text);
      return false;
    }
  };

  if (error && !data) {
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  }
  if (!data) return null;
  const target = editing ? data.staff.find((s) => s.staffId === editing) : undefined;
  // The reason is fixed: a manager lifts a lockout in person, having checked who is asking.
  const unlockStaff = (s: StaffListing) =>
    void change(
      () => attempt('staff.clearLockout', { scope: 'staff', staffId: s.staffId, reason: 'lifted by a manager in settings' }),
      t('staffset.unlocked', { name: s.name }),
    );
  const unlockBadges = () =>
    void change(
      () => attempt('staff.clearLockout', { scope: 'badge', reason: 'lifted by a manager in settings' }),
      t('staffset.badgesUnlocked'),
    );
  const assignable = data.roles.filter((r) => r.assignable).map((r) => r.role as Role);
  return (
    <div className="settings-grid staff-grid">
      <div className="settings-stack">
        <Card title={t('staffset.title')} managedBy={data.managedBy}>
          <p className={data.managedBy === 'hq' ? 'notice-line' : 'muted'}>
            {data.managedBy === 'hq' ? t('staffset.hqNote') : data.canEdit ? t('staffset.localNote') : t('staffset.noEdit')}
          </p>
          {data.badgeLockedUntil && (
            <div className="notice-line warn inline-form" role="status">
              <span>{t('staffset.badgeLocked', { until: dateTime(data.badgeLockedUntil) })}</span>
              {data.canUnlock && (
                <button type="button" onClick={unlockBadges}>
                  {t('staffset.unlockBadges')}
                </button>
              )}
            </div>
          )}
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
                  {(data.canEdit || data.canUnlock) && <th scope="col">{t('staffset.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {data.staff.map((s) => (
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
                    {(data.canEdit || data.canUnlock) && (
                      <td>
                        <div className="row-actions">
                          {data.canEdit && (
                            <button
                              type="button"
                              onClick={() => {
                                setEditing(s.staffId);
                                setMessage(null);
                                setActionError(null);
                              }}
                              aria-label={t('staffset.editTitle', { name: s.name, id: s.staffId })}
                            >
                              {t('staffset.edit')}
                            </button>
                          )}
                          {data.canUnlock && s.lockedUntil && (
                            <button
                              type="button"
                              onClick={() => unlockStaff(s)}
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
          <div aria-live="polite">
            {message && (
              <p className="form-ok" role="status">
                {message}
              </p>
            )}
            {actionError && (
              <p className="form-error" role="alert">
                {actionError}
              </p>
            )}
          </div>
        </Card>
        {data.canEdit && target && (
          <EditStaff
            key={target.staffId}
            member={target}
            roles={assignable}
            onClose={() => setEditing(null)}
            change={change}
            attempt={attempt}
          />
        )}
        {data.canEdit && <AddStaff roles={assignable} change={change} attempt={attempt} />}
      </div>
      <RolesCard view={data} />
    </div>
  );
}

function RolesCard({ view }: { view: StaffView }) {
  const { t } = useI18n();
  const permission = (p: string) => (hasMessage(`permission.${p}`) ? t(`permission.${p}` as MessageKey) : p);
  return (
    <section className="card">
      <h2>{t('staffset.rolesTitle')}</h2>
      <p className="muted">{view.managedBy === 'hq' ? t('storeset.fromHq') : t('staffset.rolesHint')}</p>
      {view.roles.map((r) => (
        <div key={r.role} className="role-block">
          <h3>
            {t(roleKey(r.role))}
            {view.canEdit && !r.assignable && (
              <span className="badge warn" title={t('staffset.notAssignable')}>
                {t('staffset.notAssignable')}
              </span>
            )}
          </h3>
          <ul className="permission-list">
            {r.permissions.map((p) => (
              <li key={p}>{permission(p)}</li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
