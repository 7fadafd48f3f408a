import { useState } from 'react';
import { Card } from '../../components/card.tsx';
import type { StaffListing, StaffView } from '../../../core/contract/index.ts';
import { useTill } from '../../app/till-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { hasMessage, type MessageKey } from '../../i18n/i18n.ts';
import { roleKey } from '../../approval/approval-dialog.tsx';
import { useSettingsView } from './use-settings-call.ts';
import { AddStaff, EditStaff, type Role } from './staff-forms.tsx';
import { BadgeLockNotice, StaffTable } from './staff-table.tsx';
import { useStaffChanges } from './use-staff-changes.ts';

/** Staff and roles; a manager changes staff here only when the till keeps its own (no HQ). */
export function StaffTab() {
  const { t } = useI18n();
  const { attempt } = useTill();
  const { data, error, set } = useSettingsView('staff.list');
  const [editing, setEditing] = useState<string | null>(null);
  const { message, actionError, change, clear } = useStaffChanges(set);

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
          <BadgeLockNotice view={data} onUnlock={unlockBadges} />
          <StaffTable
            view={data}
            onEdit={(s) => {
              setEditing(s.staffId);
              clear();
            }}
            onUnlock={unlockStaff}
          />
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
