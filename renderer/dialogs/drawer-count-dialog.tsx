import { useEffect, useState, type FormEvent } from 'react';
import type { Result } from '../../core/contract/index.ts';
import { Modal } from '../components/modal.tsx';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { countedList, type DrawerCounts } from './drawer-counts.ts';
import { DrawerCountTable } from './drawer-count-table.tsx';
import { DrawerClosedSummary } from './drawer-closed-summary.tsx';

type CloseResult = Result<'till.closeDrawer'>;

/**
 * Counting the drawer by note and coin: the opening float, or the closing count. The closing
 * count is blind: the expected amount is shown only after the count is recorded.
 */
export function DrawerCountDialog({ mode, onClose }: { mode: 'open' | 'close'; onClose: () => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const { attempt, run, showFailure, notify } = useTill();
  const [denominations, setDenominations] = useState<number[]>([]);
  const [counts, setCounts] = useState<DrawerCounts>({});
  const [busy, setBusy] = useState(false);
  const [closed, setClosed] = useState<CloseResult | null>(null);

  useEffect(() => {
    attempt('till.status', {}).then(
      (s) => setDenominations(s.denominations),
      (e: unknown) => showFailure(toCallFailure(e)),
    );
  }, [attempt, showFailure]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = countedList(denominations, counts);
    setBusy(true);
    if (mode === 'open') {
      const r = await run('till.openDrawer', { counts: list });
      setBusy(false);
      if (r) {
        notify('success', t('drawer.opened', { amount: f.money(r.float) }));
        onClose();
      }
    } else {
      const r = await run('till.closeDrawer', { counts: list });
      setBusy(false);
      if (r) setClosed(r);
    }
  };

  if (closed) return <DrawerClosedSummary closed={closed} onClose={onClose} />;

  return (
    <Modal title={mode === 'open' ? t('drawer.openTitle') : t('drawer.closeTitle')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <p className="muted">{mode === 'open' ? t('drawer.openText') : t('drawer.closeText')}</p>
        <DrawerCountTable denominations={denominations} counts={counts} onChange={setCounts} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary" disabled={busy || denominations.length === 0}>
            {mode === 'open' ? t('drawer.openConfirm') : t('drawer.closeConfirm')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
