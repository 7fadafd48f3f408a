import { useId, useState, type FormEvent } from 'react';
import { Card } from '../../components/card.tsx';
import type { ParamsInput, StaffListing, StaffView } from '../../../core/contract/index.ts';
import { toCallFailure } from '../../bridge/call-failure.ts';
import { useTill } from '../../app/till-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { hasMessage, type MessageKey } from '../../i18n/i18n.ts';
import { roleKey } from '../../approval/approval-dialog.tsx';
import { useSettingsView } from './use-settings-call.ts';
import { useFormat } from '../../app/use-format.ts';

type Role = ParamsInput<'staff.add'>['role'];
const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const PIN = /^\d{4,8}$/;

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
    void change(() => attempt('staff.clearLockout', { scope: 'staff', staffId: s.staffId, reason: 'lifted by a manager in settings' }), t('staffset.unlocked', { name: s.name }));
  const unlockBadges = () => void change(() => attempt('staff.clearLockout', { scope: 'badge', reason: 'lifted by a manager in settings' }), t('staffset.badgesUnlocked'));
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
                      {s.lockedUntil && (
                        <span className="badge warn">
                          {t('staffset.lockedUntil', { until: dateTime(s.lockedUntil) })}
                        </span>
                      )}
                    </td>
                    <td>{s.hasPin ? t('staffset.set') : t('staffset.notSet')}</td>
                    <td>{s.hasBadge ? t('staffset.set') : t('staffset.notSet')}</td>
                    {(data.canEdit || data.canUnlock) && (
                      <td>
                        <div className="row-actions">
                          {data.canEdit && (
                            <button type="button" onClick={() => { setEditing(s.staffId); setMessage(null); setActionError(null); }} aria-label={t('staffset.editTitle', { name: s.name, id: s.staffId })}>
                              {t('staffset.edit')}
                            </button>
                          )}
                          {data.canUnlock && s.lockedUntil && (
                            <button type="button" onClick={() => unlockStaff(s)} aria-label={t('staffset.unlockTitle', { name: s.name, id: s.staffId })}>
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
          <EditStaff key={target.staffId} member={target} roles={assignable} onClose={() => setEditing(null)} change={change} attempt={attempt} />
        )}
        {data.canEdit && <AddStaff roles={assignable} change={change} attempt={attempt} />}
      </div>
      <RolesCard view={data} />
    </div>
  );
}

type Change = (run: () => Promise<StaffView>, done: string) => Promise<boolean>;
type Attempt = ReturnType<typeof useTill>['attempt'];

function RoleSelect({ id, value, roles, onChange }: { id: string; value: Role; roles: readonly Role[]; onChange: (r: Role) => void }) {
  const { t } = useI18n();
  const options = roles.includes(value) ? roles : [value, ...roles];
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {options.map((r) => (
        <option key={r} value={r} disabled={!roles.includes(r)}>
          {t(roleKey(r))}
        </option>
      ))}
    </select>
  );
}

function EditStaff({ member, roles, onClose, change, attempt }: { member: StaffListing; roles: readonly Role[]; onClose: () => void; change: Change; attempt: Attempt }) {
  const { t } = useI18n();
  const ids = { role: useId(), pin: useId() };
  const [role, setRole] = useState<Role>(member.role as Role);
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState<string | null>(null);
  const roleName = (r: string) => t(roleKey(r));

  const saveRole = (e: FormEvent) => {
    e.preventDefault();
    void change(() => attempt('staff.update', { staffId: member.staffId, role }), t('staffset.roleSaved', { name: member.name, role: roleName(role) }));
  };
  const resetPin = async (e: FormEvent) => {
    e.preventDefault();
    if (!PIN.test(pin)) return setPinError(t('staffset.pinFormat'));
    setPinError(null);
    if (await change(() => attempt('staff.update', { staffId: member.staffId, pin }), t('staffset.pinWasReset', { name: member.name }))) setPin('');
  };
  const toggleActive = () => {
    const active = !member.active;
    void change(() => attempt('staff.update', { staffId: member.staffId, active }), t(active ? 'staffset.reactivated' : 'staffset.deactivated', { name: member.name }));
  };
  return (
    <section className="card" aria-labelledby={`${ids.role}-title`}>
      <div className="card-head">
        <h2 id={`${ids.role}-title`}>{t('staffset.editTitle', { name: member.name, id: member.staffId })}</h2>
        <button type="button" onClick={onClose}>
          {t('staffset.close')}
        </button>
      </div>
      <form className="inline-form" onSubmit={saveRole}>
        <div className="field">
          <label htmlFor={ids.role}>{t('staffset.role')}</label>
          <RoleSelect id={ids.role} value={role} roles={roles} onChange={setRole} />
        </div>
        <button type="submit" disabled={role === member.role}>
          {t('staffset.saveRole')}
        </button>
      </form>
      <form className="inline-form" onSubmit={(e) => void resetPin(e)}>
        <div className="field">
          <label htmlFor={ids.pin}>{t('staffset.newPin')}</label>
          <input id={ids.pin} type="password" inputMode="numeric" autoComplete="new-password" value={pin} onChange={(e) => setPin(e.target.value)} aria-invalid={pinError ? true : undefined} />
        </div>
        <button type="submit">
          {t('staffset.resetPin')}
        </button>
      </form>
      {pinError && (
        <p className="form-error" role="alert">
          {pinError}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className={member.active ? 'danger-solid' : ''} onClick={toggleActive}>
          {member.active ? t('staffset.deactivate') : t('staffset.reactivate')}
        </button>
      </div>
    </section>
  );
}

function AddStaff({ roles, change, attempt }: { roles: readonly Role[]; change: Change; attempt: Attempt }) {
  const { t } = useI18n();
  const ids = { id: useId(), name: useId(), role: useId(), pin: useId(), pin2: useId() };
  const empty = { staffId: '', name: '', role: (roles[0] ?? 'cashier') as Role, pin: '', pin2: '' };
  const [form, setForm] = useState(empty);
  const [problem, setProblem] = useState<string | null>(null);
  const field = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const staffId = form.staffId.trim();
    const name = form.name.trim();
    const check: MessageKey | null = !STAFF_ID.test(staffId) ? 'staffset.idFormat' : !name ? 'staffset.nameMissing' : !PIN.test(form.pin) ? 'staffset.pinFormat' : form.pin !== form.pin2 ? 'staffset.pinMismatch' : null;
    setProblem(check ? t(check) : null);
    if (check) return;
    if (await change(() => attempt('staff.add', { staffId, name, role: form.role, pin: form.pin }), t('staffset.added', { name }))) setForm(empty);
  };
  return (
    <Card title={t('staffset.addTitle')}>
      <form onSubmit={(e) => void submit(e)} className="staff-add-form">
        <div className="field">
          <label htmlFor={ids.id}>{t('staffset.id')}</label>
          <input id={ids.id} value={form.staffId} onChange={field('staffId')} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={ids.name}>{t('staffset.name')}</label>
          <input id={ids.name} value={form.name} onChange={field('name')} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={ids.role}>{t('staffset.role')}</label>
          <RoleSelect id={ids.role} value={form.role} roles={roles} onChange={(role) => setForm((f) => ({ ...f, role }))} />
        </div>
        <div className="field">
          <label htmlFor={ids.pin}>{t('staffset.pinField')}</label>
          <input id={ids.pin} type="password" inputMode="numeric" autoComplete="new-password" value={form.pin} onChange={field('pin')} />
        </div>
        <div className="field">
          <label htmlFor={ids.pin2}>{t('staffset.pinConfirm')}</label>
          <input id={ids.pin2} type="password" inputMode="numeric" autoComplete="new-password" value={form.pin2} onChange={field('pin2')} />
        </div>
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="primary">
          {t('staffset.add')}
        </button>
      </form>
    </Card>
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
