import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ConsoleApiError, consoleApi, type Me, type StaffRole, type StaffView } from '../api.ts';
import type { Translate } from '../i18n/i18n.ts';

// Staff per store (docs/hq.md "Staff in the console"): the people HQ publishes to the tills, with
// their stores; add, deactivate, and a PIN reset whose new PIN HQ makes and this page shows once.
// Who may change whom is HQ's decision; names are rendered as text.

interface Props {
  t: Translate;
  me: Me;
  explain: (e: unknown) => string;
  onSessionEnded: () => void;
}

export function StaffPage({ t, me, explain, onSessionEnded }: Props) {
  const [store, setStore] = useState('');
  const [staff, setStaff] = useState<StaffView[] | null>(null);
  const [roles, setRoles] = useState<StaffRole[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<{ staffId: string; name: string; pin: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof ConsoleApiError && e.code === 'console.unauthenticated') onSessionEnded();
      else setError(explain(e));
    },
    [explain, onSessionEnded],
  );

  const load = useCallback(() => {
    consoleApi.staff(store).then((r) => {
      setStaff(r.staff);
      setRoles(r.mayChangeRoles);
      setError(null);
    }, fail);
  }, [store, fail]);

  useEffect(load, [load]);

  const act = (what: Promise<{ staff: StaffView; pin?: string | null; version: number | null }>) => {
    setShown(null);
    setNotice(null);
    what.then((r) => {
      if (r.pin) setShown({ staffId: r.staff.staffId, name: r.staff.name, pin: r.pin });
      setNotice(r.version === null ? t('products.unchanged') : t('products.published', { version: r.version }));
      load();
    }, fail);
  };

  const stores = me.role === 'regional-manager' ? me.stores : null;

  return (
    <section aria-labelledby="staff-title">
      <div className="stores-head">
        <h1 id="staff-title">{t('staff.title')}</h1>
      </div>
      <label className="staff-filter">
        {t('staff.store')}
        {stores ? (
          <select value={store} onChange={(e) => setStore(e.target.value)}>
            <option value="">{t('staff.allMine')}</option>
            {stores.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        ) : (
          <input value={store} placeholder={t('staff.allStores')} onChange={(e) => setStore(e.target.value.trim())} />
        )}
      </label>
      {roles.length > 0 && <AddStaff t={t} roles={roles} stores={stores} onAdd={(body) => act(consoleApi.addStaff(me.csrfToken, body))} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {shown && (
        <div className="card new-pin" role="status" aria-label={t('staff.newPinTitle')}>
          <p>{t('staff.newPin', { name: shown.name, id: shown.staffId })}</p>
          <p className="pin">{shown.pin}</p>
          <p className="muted">{t('staff.newPinOnce')}</p>
          <button type="button" onClick={() => setShown(null)}>
            {t('staff.done')}
          </button>
        </div>
      )}
      {staff === null && !error && <p>{t('common.loading')}</p>}
      {staff?.length === 0 && <p>{t('staff.none')}</p>}
      {staff && staff.length > 0 && (
        <table aria-label={t('staff.title')}>
          <thead>
            <tr>
              <th scope="col">{t('staff.id')}</th>
              <th scope="col">{t('staff.name')}</th>
              <th scope="col">{t('staff.role')}</th>
              <th scope="col">{t('staff.stores')}</th>
              <th scope="col">{t('products.status')}</th>
              {roles.length > 0 && <th scope="col" />}
            </tr>
          </thead>
          <tbody>
            {staff.map((s) => (
              <tr key={s.staffId}>
                <td>{s.staffId}</td>
                <td>{s.name}</td>
                <td>{t(`staff.role.${s.role}`)}</td>
                <td>{s.stores.includes('*') ? t('staff.everyStore') : s.stores.join(', ')}</td>
                <td>{s.active ? t('staff.active') : t('products.inactive')}</td>
                {roles.length > 0 && (
                  <td>
                    {s.active && roles.includes(s.role) && (
                      <>
                        <button
                          type="button"
                          aria-label={t('staff.resetPinFor', { id: s.staffId })}
                          onClick={() => act(consoleApi.resetStaffPin(me.csrfToken, s.staffId))}
                        >
                          {t('staff.resetPin')}
                        </button>
                        <button
                          type="button"
                          aria-label={t('staff.deactivateFor', { id: s.staffId })}
                          onClick={() => act(consoleApi.deactivateStaff(me.csrfToken, s.staffId))}
                        >
                          {t('staff.deactivate')}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AddStaff({
  t,
  roles,
  stores,
  onAdd,
}: {
  t: Translate;
  roles: StaffRole[];
  stores: string[] | null;
  onAdd: (body: { staffId: string; name: string; role: StaffRole; stores: string[] }) => void;
}) {
  const [staffId, setStaffId] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>(roles[0] ?? 'cashier');
  const [store, setStore] = useState(stores?.[0] ?? '');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onAdd({ staffId: staffId.trim(), name: name.trim(), role, stores: store.split(',').map((s) => s.trim()) });
  };

  return (
    <form className="card staff-add" aria-labelledby="staff-add-title" onSubmit={submit}>
      <h2 id="staff-add-title">{t('staff.addTitle')}</h2>
      <label>
        {t('staff.id')}
        <input required value={staffId} onChange={(e) => setStaffId(e.target.value)} />
      </label>
      <label>
        {t('staff.name')}
        <input required value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {t('staff.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`staff.role.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('staff.addStore')}
        {stores ? (
          <select value={store} onChange={(e) => setStore(e.target.value)}>
            {stores.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        ) : (
          <input required value={store} onChange={(e) => setStore(e.target.value)} />
        )}
      </label>
      <button type="submit" className="primary">
        {t('staff.add')}
      </button>
    </form>
  );
}
