import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ConsoleApiError, type Me, type StaffRole } from '../api.ts';
import { en } from '../i18n/en.ts';
import type { MessageKey, Translate } from '../i18n/i18n.ts';
import { rulesApi, type ApprovalLimitsForm, type LossRuleField, type RulesChange, type RulesView } from './rules-api.ts';

// Tiers, roles, approval limits and loss-prevention thresholds (docs/hq.md "Tiers, roles and limits
// in the console"): what HQ publishes to every till. Everyone reads them; an admin changes them,
// each change one version the tills pull. HQ checks every value; its refusal is shown in the form
// that sent it, with the field marked.

interface Props {
  t: Translate;
  me: Me;
  explain: (e: unknown) => string;
  onSessionEnded: () => void;
}

type FormName = 'tier' | 'roles' | 'limits' | 'loss';
interface Outcome {
  form: FormName;
  error: string | null;
  field: string | null;
  notice: string | null;
}

const ROLES: readonly StaffRole[] = ['cashier', 'supervisor', 'manager', 'admin'];

/** A message key built from HQ's data, or the text itself when the catalogue has no such key. */
function word(t: Translate, key: string, fallback: string): string {
  return Object.hasOwn(en, key) ? t(key as MessageKey) : fallback;
}

export function RulesPage({ t, me, explain, onSessionEnded }: Props) {
  const [view, setView] = useState<RulesView | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(() => {
    rulesApi.rules().then(
      (v) => {
        setView(v);
        setLoadError(null);
      },
      (e: unknown) => {
        if (e instanceof ConsoleApiError && e.code === 'console.unauthenticated') onSessionEnded();
        else setLoadError(explain(e));
      },
    );
  }, [explain, onSessionEnded]);

  useEffect(load, [load]);

  const submit = (form: FormName, what: Promise<RulesChange>) => {
    setOutcome(null);
    what.then(
      (r) => {
        setOutcome({
          form,
          error: null,
          field: null,
          notice: r.version === null ? t('rules.unchanged') : t('products.published', { version: r.version }),
        });
        load();
      },
      (e: unknown) => {
        if (e instanceof ConsoleApiError && e.code === 'console.unauthenticated') return onSessionEnded();
        const field = e instanceof ConsoleApiError && typeof e.details.field === 'string' ? e.details.field : null;
        setOutcome({ form, error: explain(e), field, notice: null });
      },
    );
  };

  const feedback = (form: FormName): ReactNode =>
    outcome?.form === form && (
      <>
        {outcome.error && (
          <p className="error" role="alert">
            {outcome.error}
          </p>
        )}
        {outcome.notice && (
          <p className="notice" role="status">
            {outcome.notice}
          </p>
        )}
      </>
    );
  const invalid = (form: FormName, field: string) => (outcome?.form === form && outcome.field === field ? true : undefined);

  return (
    <section aria-labelledby="rules-title" className="rules-page">
      <div className="stores-head">
        <h1 id="rules-title">{t('rules.title')}</h1>
        {view && <span className="muted">{t('rules.version', { version: view.version })}</span>}
      </div>
      {loadError && (
        <p className="error" role="alert">
          {loadError}
        </p>
      )}
      {view === null && !loadError && <p>{t('common.loading')}</p>}
      {view && (
        <>
          {!view.mayChange && <p className="muted">{t('rules.readOnly')}</p>}
          <MemberTiers
            t={t}
            view={view}
            feedback={feedback('tier')}
            invalid={(f) => invalid('tier', f)}
            onSave={(body) => submit('tier', rulesApi.setMemberTier(me.csrfToken, body))}
          />
          {/* A form starts again from what HQ holds when that changed, keeping what is typed in the others. */}
          <Roles
            key={JSON.stringify(view.roles)}
            t={t}
            view={view}
            feedback={feedback('roles')}
            onSave={(role, permissions) => submit('roles', rulesApi.setRole(me.csrfToken, role, permissions))}
          />
          <ApprovalLimits
            key={JSON.stringify(view.approvalLimits)}
            t={t}
            view={view}
            feedback={feedback('limits')}
            invalid={(f) => invalid('limits', f)}
            onSave={(body) => submit('limits', rulesApi.setApprovalLimits(me.csrfToken, body))}
          />
          <LossThresholds
            key={JSON.stringify(view.lossRules)}
            t={t}
            view={view}
            feedback={feedback('loss')}
            invalid={(f) => invalid('loss', f)}
            onSave={(values) => submit('loss', rulesApi.setLossRules(me.csrfToken, values))}
          />
        </>
      )}
    </section>
  );
}

interface SectionProps {
  t: Translate;
  view: RulesView;
  feedback: ReactNode;
  invalid?: (field: string) => true | undefined;
}

function MemberTiers({ t, view, feedback, invalid, onSave }: SectionProps & { onSave: (body: RulesView['memberTiers'][number]) => void }) {
  const [tier, setTier] = useState('');
  const [name, setName] = useState('');
  const [priceTier, setPriceTier] = useState(view.priceTiers[0] ?? 'retail');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave({ tier: tier.trim(), name, priceTier });
  };
  return (
    <div className="card" role="region" aria-labelledby="rules-tiers-title">
      <h2 id="rules-tiers-title">{t('rules.tiers.title')}</h2>
      <p className="muted">{t('rules.tiers.hint')}</p>
      {view.memberTiers.length === 0 ? (
        <p>{t('rules.tiers.none')}</p>
      ) : (
        <table aria-label={t('rules.tiers.title')}>
          <thead>
            <tr>
              <th scope="col">{t('rules.tiers.id')}</th>
              <th scope="col">{t('rules.tiers.name')}</th>
              <th scope="col">{t('rules.tiers.priceTier')}</th>
              {view.mayChange && <th scope="col" />}
            </tr>
          </thead>
          <tbody>
            {view.memberTiers.map((m) => (
              <tr key={m.tier}>
                <td>{m.tier}</td>
                <td>{m.name}</td>
                <td>{m.priceTier}</td>
                {view.mayChange && (
                  <td>
                    <button
                      type="button"
                      aria-label={t('rules.tiers.editFor', { id: m.tier })}
                      onClick={() => {
                        setTier(m.tier);
                        setName(m.name);
                        setPriceTier(m.priceTier);
                      }}
                    >
                      {t('rules.tiers.edit')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.mayChange && (
        <form className="rules-form" aria-label={t('rules.tiers.formTitle')} onSubmit={submit}>
          <label>
            {t('rules.tiers.id')}
            <input required value={tier} aria-invalid={invalid?.('tier')} onChange={(e) => setTier(e.target.value)} />
          </label>
          <label>
            {t('rules.tiers.name')}
            <input required value={name} aria-invalid={invalid?.('name')} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            {t('rules.tiers.priceTier')}
            <select value={priceTier} aria-invalid={invalid?.('priceTier')} onChange={(e) => setPriceTier(e.target.value)}>
              {view.priceTiers.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary">
            {t('products.publish')}
          </button>
        </form>
      )}
      {feedback}
    </div>
  );
}

function Roles({ t, view, feedback, onSave }: SectionProps & { onSave: (role: StaffRole, permissions: string[]) => void }) {
  const [granted, setGranted] = useState(view.roles);
  const toggle = (role: StaffRole, permission: string, on: boolean) =>
    setGranted((g) => ({ ...g, [role]: on ? [...g[role], permission] : g[role].filter((p) => p !== permission) }));
  return (
    <div className="card" role="region" aria-labelledby="rules-roles-title">
      <h2 id="rules-roles-title">{t('rules.roles.title')}</h2>
      <p className="muted">{t('rules.roles.hint')}</p>
      <table aria-label={t('rules.roles.title')}>
        <thead>
          <tr>
            <th scope="col">{t('rules.roles.permission')}</th>
            {ROLES.map((role) => (
              <th key={role} scope="col">
                {t(`staff.role.${role}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.permissions.map((p) => (
            <tr key={p}>
              <th scope="row">
                <code>{p}</code>
              </th>
              {ROLES.map((role) => (
                <td key={role}>
                  <input
                    type="checkbox"
                    aria-label={t('rules.roles.grant', { permission: p, role: t(`staff.role.${role}`) })}
                    checked={granted[role].includes(p)}
                    disabled={!view.mayChange}
                    onChange={(e) => toggle(role, p, e.target.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {view.mayChange && (
          <tfoot>
            <tr>
              <td />
              {ROLES.map((role) => (
                <td key={role}>
                  <button type="button" onClick={() => onSave(role, granted[role])}>
                    {t('rules.roles.publish', { role: t(`staff.role.${role}`) })}
                  </button>
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
      {feedback}
    </div>
  );
}

const LIMIT_FIELDS: readonly (keyof ApprovalLimitsForm)[] = ['discountPercent', 'discountAmount', 'freeReprints', 'overShortThreshold'];

function ApprovalLimits({ t, view, feedback, invalid, onSave }: SectionProps & { onSave: (body: ApprovalLimitsForm) => void }) {
  const [form, setForm] = useState<ApprovalLimitsForm>(view.approvalLimits);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave({
      discountPercent: form.discountPercent,
      discountAmount: form.discountAmount,
      freeReprints: form.freeReprints,
      overShortThreshold: form.overShortThreshold,
    });
  };
  return (
    <div className="card" role="region" aria-labelledby="rules-limits-title">
      <h2 id="rules-limits-title">{t('rules.limits.title')}</h2>
      <p className="muted">{view.approvalLimits.published ? t('rules.limits.hint') : t('rules.defaults')}</p>
      <form className="rules-form" aria-label={t('rules.limits.title')} onSubmit={submit}>
        {LIMIT_FIELDS.map((f) => (
          <label key={f}>
            {t(`rules.limits.${f}`, { currency: view.currency })}
            <input
              inputMode="decimal"
              value={form[f]}
              readOnly={!view.mayChange}
              aria-invalid={invalid?.(f)}
              onChange={(e) => setForm({ ...form, [f]: e.target.value })}
            />
          </label>
        ))}
        {view.mayChange && (
          <button type="submit" className="primary">
            {t('products.publish')}
          </button>
        )}
      </form>
      {feedback}
    </div>
  );
}

function LossThresholds({
  t,
  view,
  feedback,
  invalid,
  onSave,
}: SectionProps & { onSave: (values: Record<string, string | boolean>) => void }) {
  const [values, setValues] = useState<Record<string, string | boolean>>(() =>
    Object.fromEntries(view.lossRules.map((f) => [f.path, f.value])),
  );
  const groups = new Map<string, LossRuleField[]>();
  for (const f of view.lossRules) {
    const rule = f.path.split('.')[0]!;
    groups.set(rule, [...(groups.get(rule) ?? []), f]);
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Only what changed is sent: the rest stays as published.
    const changed = Object.fromEntries(view.lossRules.filter((f) => values[f.path] !== f.value).map((f) => [f.path, values[f.path]!]));
    onSave(changed);
  };
  return (
    <div className="card" role="region" aria-labelledby="rules-loss-title">
      <h2 id="rules-loss-title">{t('rules.loss.title')}</h2>
      <p className="muted">{view.lossRulesPublished ? t('rules.loss.hint') : t('rules.defaults')}</p>
      <form className="rules-form rules-loss" aria-label={t('rules.loss.title')} onSubmit={submit}>
        {[...groups].map(([rule, fields]) => (
          <fieldset key={rule}>
            <legend>{word(t, `rules.loss.rule.${rule}`, rule)}</legend>
            {fields.map((f) => {
              const leaf = f.path.split('.')[1]!;
              const label = word(t, `rules.loss.field.${leaf}`, leaf) + (f.kind === 'money' ? ` (${view.currency})` : '');
              const value = values[f.path];
              return (
                <label key={f.path} className={f.kind === 'boolean' ? 'rules-check' : undefined}>
                  {f.kind === 'boolean' ? (
                    <input
                      type="checkbox"
                      checked={value === true}
                      disabled={!view.mayChange}
                      onChange={(e) => setValues({ ...values, [f.path]: e.target.checked })}
                    />
                  ) : null}
                  {label}
                  {f.kind !== 'boolean' && (
                    <input
                      inputMode={f.kind === 'text' ? 'text' : 'decimal'}
                      value={String(value ?? '')}
                      readOnly={!view.mayChange}
                      aria-invalid={invalid?.(f.path)}
                      onChange={(e) => setValues({ ...values, [f.path]: e.target.value })}
                    />
                  )}
                </label>
              );
            })}
          </fieldset>
        ))}
        {view.mayChange && (
          <button type="submit" className="primary">
            {t('products.publish')}
          </button>
        )}
      </form>
      {feedback}
    </div>
  );
}
