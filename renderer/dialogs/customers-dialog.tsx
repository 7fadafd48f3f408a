import { useId, useState, type FormEvent } from 'react';
import type { MemberCard, MemberFound } from '../../core/contract/index.ts';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

type View = { kind: 'search' } | { kind: 'card'; card: MemberCard } | { kind: 'create' };

/**
 * Customers (issue #15): find a member by mobile number or name (shown masked), see their card,
 * sign a customer up with their consent. Adding a found member to the sale is a lookup by hand,
 * which the host has a manager approve: finding someone never gives their price by itself.
 */
export function CustomersDialog({ onAttach, onClose }: { onAttach: (memberId: string) => Promise<boolean>; onClose: () => void }) {
  const { t } = useI18n();
  const [view, setView] = useState<View>({ kind: 'search' });
  const title =
    view.kind === 'create' ? t('customers.createTitle') : view.kind === 'card' ? t('customers.cardTitle') : t('customers.title');
  return (
    <Modal title={title} onClose={onClose}>
      {view.kind === 'search' && (
        <CustomerSearch onOpen={(card) => setView({ kind: 'card', card })} onCreate={() => setView({ kind: 'create' })} onClose={onClose} />
      )}
      {view.kind === 'card' && (
        <CustomerCard
          card={view.card}
          onBack={() => setView({ kind: 'search' })}
          onAttach={async () => {
            if (await onAttach(view.card.memberId)) onClose();
          }}
        />
      )}
      {view.kind === 'create' && (
        <CustomerCreate onCreated={(card) => setView({ kind: 'card', card })} onBack={() => setView({ kind: 'search' })} />
      )}
    </Modal>
  );
}

function CustomerSearch({ onOpen, onCreate, onClose }: { onOpen: (card: MemberCard) => void; onCreate: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const { run } = useTill();
  const ids = useId();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<{ members: MemberFound[]; more: boolean } | null>(null);

  const search = async (e: FormEvent) => {
    e.preventDefault();
    const v = text.trim();
    if (!v) return;
    setBusy(true);
    // Digits (and +, spaces, dashes) are a mobile number; anything else a name.
    const params = /^[+\d\s()-]+$/.test(v) ? { phone: v } : { name: v };
    const r = await run('member.search', params);
    setBusy(false);
    if (r) setFound(r);
  };

  const open = async (memberId: string) => {
    setBusy(true);
    const card = await run('member.view', { memberId });
    setBusy(false);
    if (card) onOpen(card);
  };

  return (
    <>
      <form onSubmit={(e) => void search(e)}>
        <div className="field">
          <label htmlFor={`${ids}-q`}>{t('customers.query')}</label>
          <input id={`${ids}-q`} autoFocus value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="button" onClick={onCreate}>
            {t('customers.create')}
          </button>
          <button type="submit" className="primary" disabled={busy || !text.trim()}>
            {t('customers.search')}
          </button>
        </div>
      </form>
      {found && (
        <section aria-label={t('customers.results')}>
          {found.members.length === 0 ? (
            <p>{t('customers.none')}</p>
          ) : (
            <ul className="customer-results">
              {found.members.map((m) => (
                <li key={m.memberId}>
                  <button type="button" disabled={busy} onClick={() => void open(m.memberId)}>
                    {m.name} {m.phone ?? ''} · {m.tierName ?? m.tier}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {found.more && <p className="hint">{t('customers.more')}</p>}
        </section>
      )}
      <p className="hint">{t('customers.privacyHint')}</p>
    </>
  );
}

function CustomerCard({ card, onBack, onAttach }: { card: MemberCard; onBack: () => void; onAttach: () => Promise<void> }) {
  const { t } = useI18n();
  const f = useFormat();
  const [busy, setBusy] = useState(false);
  const attach = async () => {
    setBusy(true);
    await onAttach();
    setBusy(false);
  };
  return (
    <>
      <dl className="customer-card">
        <dt>{t('customers.name')}</dt>
        <dd>{card.name}</dd>
        <dt>{t('customers.tier')}</dt>
        <dd>{card.tierName ?? card.tier}</dd>
        <dt>{t('customers.phone')}</dt>
        <dd>{card.phone ?? '—'}</dd>
        <dt>{t('customers.email')}</dt>
        <dd>{card.email ?? '—'}</dd>
        {card.carrier !== null && (
          <>
            <dt>{t('customers.carrier')}</dt>
            <dd>{card.carrier}</dd>
          </>
        )}
      </dl>
      {!card.contactShown && <p className="hint">{t('customers.masked')}</p>}
      <section aria-label={t('customers.purchases')}>
        <h3>{t('customers.purchases')}</h3>
        {card.purchases.length === 0 ? (
          <p>{t('customers.noPurchases')}</p>
        ) : (
          <ul>
            {card.purchases.map((p) => (
              <li key={p.receiptNo}>
                #{p.receiptNo} · {f.dateTime(p.at)} · {f.money(p.total)}
                {p.status === 'post-voided' ? ` · ${t('customers.voided')}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      {card.source === 'this-till' && <p className="hint">{t('customers.notYetAtHq')}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onBack}>
          {t('customers.back')}
        </button>
        <button type="button" className="primary" disabled={busy || card.source !== 'hq'} onClick={() => void attach()}>
          {t('customers.attach')}
        </button>
      </div>
      <p className="hint">{t('customers.attachHint')}</p>
    </>
  );
}

function CustomerCreate({ onCreated, onBack }: { onCreated: (card: MemberCard) => void; onBack: () => void }) {
  const { t } = useI18n();
  const { run } = useTill();
  const ids = useId();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [carrier, setCarrier] = useState('');
  const [membership, setMembership] = useState(false);
  const [marketing, setMarketing] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!membership) return;
    setBusy(true);
    const card = await run('member.create', {
      name: name.trim(),
      ...(phone.trim() ? { phone: phone.trim() } : {}),
      ...(email.trim() ? { email: email.trim() } : {}),
      ...(carrier.trim() ? { carrier: carrier.trim() } : {}),
      consent: { membership: true, marketing },
    });
    setBusy(false);
    if (card) onCreated(card);
  };

  const ready = membership && name.trim() !== '' && (phone.trim() !== '' || email.trim() !== '');
  return (
    <form onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={`${ids}-name`}>{t('customers.name')}</label>
        <input id={`${ids}-name`} autoFocus value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-phone`}>{t('customers.phone')}</label>
        <input id={`${ids}-phone`} inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-email`}>{t('customers.email')}</label>
        <input id={`${ids}-email`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-carrier`}>{t('customers.carrierOptional')}</label>
        <input id={`${ids}-carrier`} value={carrier} onChange={(e) => setCarrier(e.target.value)} autoComplete="off" />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={membership} onChange={(e) => setMembership(e.target.checked)} />
        {t('customers.consentMembership')}
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={marketing} onChange={(e) => setMarketing(e.target.checked)} />
        {t('customers.consentMarketing')}
      </label>
      <p className="hint">{t('customers.createHint')}</p>
      <div className="dialog-actions">
        <button type="button" onClick={onBack}>
          {t('customers.back')}
        </button>
        <button type="submit" className="primary" disabled={busy || !ready}>
          {t('customers.createSubmit')}
        </button>
      </div>
    </form>
  );
}
