import { useCallback, useState } from 'react';
import { useTillState, useTill } from '../app/till-context.tsx';
import { useShortcuts } from '../app/shortcuts.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { FunctionsMenu, type FunctionId } from '../dialogs/functions-menu.tsx';
import { ReceiptPanel } from './receipt-panel.tsx';
import { ReturnsScreen } from './returns-screen.tsx';
import type { PendingExchange } from './exchange-panel.tsx';
import { SaleScreen } from './sale-screen.tsx';
import { SettingsScreen } from './settings-screen.tsx';
import { useSaleScan } from './use-sale-scan.ts';
import { useIdleLock } from '../app/use-idle-lock.ts';
import { FunctionDialogs } from './function-dialogs.tsx';
import { TopBar } from './top-bar.tsx';

export type View = { kind: 'sale' } | { kind: 'returns'; qr: string | null } | { kind: 'settings'; tab: 'general' | 'preview' | 'report' };
export type FnDialog =
  | 'more'
  | 'help'
  | 'priceCheck'
  | 'sellGiftCard'
  | 'noSale'
  | 'cashMovement'
  | 'reprint'
  | 'postVoid'
  | 'openDrawer'
  | 'closeDrawer'
  | 'zReport'
  | 'periodReport'
  | 'lossPrevention'
  | null;

/** What choosing from the functions menu (F10) does: a dialog, a screen, locking or signing out. */
function usePickFunction({
  setFn,
  setView,
  openReturns,
}: {
  setFn: (fn: FnDialog) => void;
  setView: (view: View) => void;
  openReturns: (qr: string | null) => void;
}) {
  const { run, store } = useTill();
  const logout = async (reason: 'manual' | 'switch') => {
    const ok = await run('session.logout', { reason });
    if (ok) store.setOperator(null);
  };

  const pick = (f: FunctionId) => {
    setFn(null);
    switch (f) {
      case 'returns':
        return openReturns(null);
      case 'reprint':
      case 'postVoid':
      case 'cashMovement':
      case 'noSale':
      case 'help':
      case 'openDrawer':
      case 'closeDrawer':
      case 'zReport':
      case 'periodReport':
      case 'lossPrevention':
      case 'priceCheck':
      case 'sellGiftCard':
        return setFn(f);
      case 'settings':
        return setView({ kind: 'settings', tab: 'general' });
      case 'xReport':
        return setView({ kind: 'settings', tab: 'report' });
      case 'lock':
        return store.lock();
      case 'switch':
        return void logout('switch');
      case 'logout':
        return void logout('manual');
    }
  };
  return pick;
}

/** Signed in: the top bar, then selling, returns or settings, with the receipt on top when one is owed. */
export function MainScreen() {
  const { t } = useI18n();
  const { store, notify } = useTill();
  const s = {
    receipt: useTillState((x) => x.receipt),
    lastReceiptNo: useTillState((x) => x.lastReceiptNo),
    hasSale: useTillState((x) => x.sale !== null),
  };
  const [view, setView] = useState<View>({ kind: 'sale' });
  const [fn, setFn] = useState<FnDialog>(null);

  const openReturns = useCallback(
    (qr: string | null) => {
      if (store.get().sale) {
        notify('error', t('returns.finishSaleFirst'));
        return;
      }
      setView({ kind: 'returns', qr });
    },
    [store, notify, t, setView],
  );
  const scan = useSaleScan(openReturns);
  const [exchange, setExchange] = useState<PendingExchange | null>(null);

  const pick = usePickFunction({ setFn, setView, openReturns });

  useShortcuts([
    { key: 'Ctrl+L', inDialogs: false, run: () => store.lock() },
    { key: 'Ctrl+P', inDialogs: false, run: () => setFn('periodReport') },
    { key: 'Ctrl+K', inDialogs: false, run: () => setFn('priceCheck') },
  ]);
  useIdleLock();

  return (
    <div className="main-screen">
      <TopBar view={view.kind} onView={setView} onReturns={() => openReturns(null)} />

      <div className="main-body">
        {view.kind === 'sale' && (
          <SaleScreen
            scan={scan}
            onReturns={() => openReturns(null)}
            onFunctions={() => setFn('more')}
            onHelp={() => setFn('help')}
            onCountFloat={() => setFn('openDrawer')}
            exchange={exchange}
            onExchangeDone={() => setExchange(null)}
          />
        )}
        {view.kind === 'returns' && (
          <ReturnsScreen
            initialQr={view.qr}
            onDone={() => setView({ kind: 'sale' })}
            onExchange={(x) => {
              setExchange(x);
              setView({ kind: 'sale' });
            }}
          />
        )}
        {view.kind === 'settings' && <SettingsScreen initialTab={view.tab} onBack={() => setView({ kind: 'sale' })} />}
      </div>

      {s.receipt && <ReceiptPanel key={s.receipt.receiptNo} receipt={s.receipt} scan={scan} />}
      {fn === 'more' && <FunctionsMenu hasSale={s.hasSale} onPick={pick} onClose={() => setFn(null)} />}
      <FunctionDialogs fn={fn} onFn={setFn} lastReceiptNo={s.lastReceiptNo} />
    </div>
  );
}
