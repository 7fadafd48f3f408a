// Adding a staff member and changing one (role, PIN, active): the forms of the staff tab.
import { useId, useState, type FormEvent } from 'react';
import type { ParamsInput, StaffListing, StaffView } from '../../../core/contract/index.ts';
import { Card } from '../../components/card.tsx';
import type { useTill } from '../../app/till-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { roleKey } from '../../approval/approval-dialog.tsx';
import type { MessageKey } from '../../i18n/i18n.ts';

export type Role = ParamsInput<'staff.add'>['role'];
const STAFF_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const PIN = /^\d{4,8}$/;

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

export function EditStaff({
  member,
  roles,
  onClose,
  change,
  attempt,
}: {
  member: StaffListing;
  roles: readonly Role[];
  onClose: () => void;
  change: Change;
  attempt: Attempt;
}) {
  const { t } = useI18n();
  const ids = { role: useId() };
  const [role, setRole] = useState<Role>(member.role as Role);
  const roleName = (r: string) => t(roleKey(r));

  const saveRole = (e: FormEvent) => {
    e.preventDefault();
    void change(
      () => attempt('staff.update', { staffId: member.staffId, role }),
      t('staffset.roleSaved', { name: member.name, role: roleName(role) }),
    );
  };
  const toggleActive = () => {
    const active = !member.active;
    void change(
      () => attempt('staff.update', { staffId: member.staffId, active }),
      t(active ? 'staffset.reactivated' : 'staffset.deactivated', { name: member.name }),
    );
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
      <ResetPinForm member={member} change={change} attempt={attempt} />
      <div className="dialog-actions">
        <button type="button" className={member.active ? 'danger-solid' : ''} onClick={toggleActive}>
          {member.active ? t('staffset.deactivate') : t('staffset.reactivate')}
        </button>
      </div>
    </section>
  );
}

/** A new PIN for the staff member, checked for form before it goes; cleared once set. */
function ResetPinForm({ member, change, attempt }: { member: StaffListing; change: Change; attempt: Attempt }) {
  const { t } = useI18n();
  const id = useId();
  const [pin, setPin] = useState('');
  const [pinError, setPinError] = useState<string | null>(null);
  const resetPin = async (e: FormEvent) => {
    e.preventDefault();
    if (!PIN.test(pin)) return setPinError(t('staffset.pinFormat'));
    setPinError(null);
    if (await change(() => attempt('staff.update', { staffId: member.staffId, pin }), t('staffset.pinWasReset', { name: member.name })))
      setPin('');
  };
  return (
    <>
      <form className="inline-form" onSubmit={(e) => void resetPin(e)}>
        <div className="field">
          <label htmlFor={id}>{t('staffset.newPin')}</label>
          <input
            id={id}
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            value={pin}
            onChange={(e) => setPin(e.target.value)}
            aria-invalid={pinError ? true : undefined}
          />
        </div>
        <button type="submit">{t('staffset.resetPin')}</button>
      </form>
      {pinError && (
        <p className="form-error" role="alert">
          {pinError}
        </p>
      )}
    </>
  );
}

export function AddStaff({ roles, change, attempt }: { roles: readonly Role[]; change: Change; attempt: Attempt }) {
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
    const check: MessageKey | null = !STAFF_ID.test(staffId)
      ? 'staffset.idFormat'
      : !name
        ? 'staffset.nameMissing'
        : !PIN.test(form.pin)
          ? 'staffset.pinFormat'
          : form.pin !== form.pin2
            ? 'staffset.pinMismatch'
            : null;
    setProblem(check ? t(check) : null);
    if (check) return;
    if (await change(() => attempt('staff.add', { staffId, name, role: form.role, pin: form.pin }), t('staffset.added', { name })))
      setForm(empty);
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
