import { useEffect, useEffectEvent, useId, useState, type FormEvent } from 'react';
import type { ParamsInput, SaleView } from '../../core/contract/index.ts';
import { useTill } from '../app/till-context.tsx';
import { Modal } from '../components/modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';

type Choice = { staffId: string; name: string };

/**
 * Who served the customer (issue #14): a badge scanned names its holder alone; or one or more
 * staff ticked in the list, with their shares in percent (empty: equal shares). The host checks
 * that each is known, active staff and that the shares add up; this dialog closes only when it agreed.
 */
export function SalespersonDialog({ sale, onClose }: { sale: SaleView; onClose: () => void }) {
  const { t } = useI18n();
  const { run } = useTill();
  const ids = useId();
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [picked, setPicked] = useState<string[]>(() => sale.salespersons?.map((p) => p.staffId) ?? []);
  const [shares, setShares] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      (sale.salespersons ?? []).filter(() => (sale.salespersons?.length ?? 0) > 1).map((p) => [p.staffId, String(p.shareBp / 100)]),
    ),
  );
  const [busy, setBusy] = useState(false);

  const loadOnOpen = useEffectEvent(() => void run('sale.salespersonChoices', {}).then((list) => setChoices(list ?? [])));
  useEffect(() => loadOnOpen(), []);

  const send = async (salespersons: ParamsInput<'sale.setSalespersons'>['salespersons']) => {
    setBusy(true);
    const ok = await run('sale.setSalespersons', { salespersons });
    setBusy(false);
    if (ok) onClose();
  };

  useScanTarget((scan) => void send([{ badge: scan.code }]), 'dialog');

  const toggle = (staffId: string) => setPicked((now) => (now.includes(staffId) ? now.filter((x) => x !== staffId) : [...now, staffId]));
  const given = picked.length > 1 && picked.some((id) => (shares[id] ?? '').trim() !== '');
  const totalPct = picked.reduce((s, id) => s + (Number(shares[id]) || 0), 0);
  const sharesOff = given && Math.round(totalPct * 100) !== 10_000;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (picked.length === 0 || sharesOff) return;
    void send(picked.map((staffId) => (given ? { staffId, shareBp: Math.round((Number(shares[staffId]) || 0) * 100) } : { staffId })));
  };

  const nameOf = (id: string) => choices?.find((c) => c.staffId === id)?.name ?? id;
  return (
    <Modal title={t('salesperson.dialogTitle')} onClose={onClose}>
      <p>{t('salesperson.scanPrompt')}</p>
      <form onSubmit={submit}>
        <fieldset>
          <legend>{t('salesperson.staff')}</legend>
          {choices === null && <p className="hint">{t('salesperson.loading')}</p>}
          {choices?.length === 0 && <p className="hint">{t('salesperson.noStaff')}</p>}
          {choices?.map((c) => (
            <label key={c.staffId} className="checkbox">
              <input type="checkbox" checked={picked.includes(c.staffId)} onChange={() => toggle(c.staffId)} />
              {c.name} ({c.staffId})
            </label>
          ))}
        </fieldset>
        {picked.length > 1 && (
          <>
            {picked.map((id) => (
              <div className="field" key={id}>
                <label htmlFor={`${ids}-share-${id}`}>{t('salesperson.share', { name: nameOf(id) })}</label>
                <input
                  id={`${ids}-share-${id}`}
                  inputMode="decimal"
                  value={shares[id] ?? ''}
                  onChange={(e) => setShares((s) => ({ ...s, [id]: e.target.value }))}
                  autoComplete="off"
                />
              </div>
            ))}
            <p className="hint" role={sharesOff ? 'alert' : undefined}>
              {sharesOff ? t('salesperson.sharesTotal', { total: Math.round(totalPct * 100) / 100 }) : t('salesperson.sharesHint')}
            </p>
          </>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary" disabled={busy || picked.length === 0 || sharesOff}>
            {t('salesperson.confirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
