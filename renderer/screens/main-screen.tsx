import { useCallback, useEffect, useState } from 'react';
import { CashMovementDialog } from '../dialogs/cash-movement-dialog.tsx';
import { useTillState, useTill } from '../app/till-context.tsx';
import { useShortcuts } from '../app/shortcuts.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { roleKey } from '../approval/approval-dialog.tsx';
import { FunctionsMenu, type FunctionId } from '../dialogs/functions-menu.tsx';
import { HelpDialog } from '../dialogs/help-dialog.tsx';
import { DrawerCountDialog } from '../dialogs/drawer-count-dialog.tsx';
import { ZReportDialog } from '../dialogs/z-report-dialog.tsx';
import { PeriodReportDialog } from '../dialogs/period-report-dialog.tsx';
import { ReasonDialog } from '../dialogs/reason-dialog.tsx';
import { ReceiptNumberDialog } from '../dialogs/receipt-number-dialog.tsx';
import { ReceiptPanel } from './receipt-panel.tsx';
import { ReturnsScreen } from './returns-screen.tsx';
import { SaleScreen } from './sale-screen.tsx';
import { SettingsScreen } from './settings-screen.tsx';
import { useSaleScan } from './use-sale-scan.ts';
import { LockIcon } from '../components/icons.tsx';
import { useIdleLock } from '../app/use-idle-lock.ts';

type View = { kind: 'sale' } | { kind: 'returns'; qr: string | null } | { kind: 'settings'; tab: 'general' | 'preview' | 'report' };
type FnDialog =
  'more' | 'help' | 'noSale' | 'cashMovement' | 'reprint' | 'postVoid' | 'openDrawer' | 'closeDrawer' | 'zReport' | 'periodReport' | null;

function Clock() {
  const { locale } = useI18n();
  const terminal = useTillState((s) => s.terminal);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <time className="clock">
      {new Intl.DateTimeFormat(locale, { timeZone: terminal?.timeZone ?? 'UTC', hour: '2-digit', minute: '2-digit' }).format(now)}
    </time>
  );
}

/** Signed in: the top bar, then selling, returns or settings, with the receipt on top when one is owed. */
export function MainScreen() {
  const { t } = useI18n();
  const { run, store, notify } = useTill();
  const s = {
    terminal: useTillState((x) => x.terminal),
    operator: useTillState((x) => x.operator),
    training: useTillState((x) => x.training),
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

  useShortcuts([
    { key: 'Ctrl+L', inDialogs: false, run: () => store.lock() },
    { key: 'Ctrl+P', inDialogs: false, run: () => setFn('periodReport') },
  ]);
  useIdleLock();

  const operator = s.operator;
  return (
    <div className="main-screen">
      <header className="top-bar">
        <div className="top-brand">
          <span className="brand-mark small" aria-hidden="true">
            T
          </span>
          <div>
            <strong>{s.terminal?.storeName}</strong>
            <span className="muted"> · {s.terminal?.terminalId}</span>
          </div>
        </div>
        <nav className="top-nav" aria-label={t('nav.label')}>
          <button
            type="button"
            className={view.kind === 'sale' ? 'selected' : ''}
            aria-current={view.kind === 'sale' ? 'page' : undefined}
            onClick={() => setView({ kind: 'sale' })}
          >
            {t('nav.sale')}
          </button>
          <button
            type="button"
            className={view.kind === 'returns' ? 'selected' : ''}
            aria-current={view.kind === 'returns' ? 'page' : undefined}
            onClick={() => openReturns(null)}
          >
            {t('nav.returns')}
          </button>
          <button
            type="button"
            className={view.kind === 'settings' ? 'selected' : ''}
            aria-current={view.kind === 'settings' ? 'page' : undefined}
            onClick={() => setView({ kind: 'settings', tab: 'general' })}
          >
            {t('nav.settings')}
          </button>
        </nav>
        <div className="top-operator">
          {s.training && <span className="badge training">{t('training.short')}</span>}
          {operator && (
            <span className="operator">
              {operator.name} <span className="muted">· {t(roleKey(operator.role))}</span>
            </span>
          )}
          <Clock />
          <button type="button" onClick={() => store.lock()} title={t('fn.lock')}>
            <LockIcon /> {t('top.lock')}
          </button>
        </div>
      </header>

      <div className="main-body">
        {view.kind === 'sale' && (
          <SaleScreen
            scan={scan}
            onReturns={() => openReturns(null)}
            onFunctions={() => setFn('more')}
            onHelp={() => setFn('help')}
            onCountFloat={() => setFn('openDrawer')}
          />
        )}
        {view.kind === 'returns' && <ReturnsScreen initialQr={view.qr} onDone={() => setView({ kind: 'sale' })} />}
        {view.kind === 'settings' && <SettingsScreen initialTab={view.tab} onBack={() => setView({ kind: 'sale' })} />}
      </div>

      {s.receipt && <ReceiptPanel key={s.receipt.receiptNo} receipt={s.receipt} scan={scan} />}
      {fn === 'more' && <FunctionsMenu hasSale={s.hasSale} onPick={pick} onClose={() => setFn(null)} />}
      {fn === 'help' && <HelpDialog onClose={() => setFn(null)} />}
      {fn === 'zReport' && (
        <ZReportDialog
          onClose={() => {
            setFn(null);
            void store.refresh();
          }}
        />
      )}
      {(fn === 'openDrawer' || fn === 'closeDrawer') && (
        <DrawerCountDialog
          mode={fn === 'openDrawer' ? 'open' : 'close'}
          onClose={() => {
            setFn(null);
            void store.refreshTill();
          }}
        />
      )}
      {fn === 'cashMovement' && <CashMovementDialog onClose={() => setFn(null)} />}
      {fn === 'periodReport' && <PeriodReportDialog onClose={() => setFn(null)} />}
      {fn === 'noSale' && (
        <ReasonDialog
          title={t('noSale.title')}
          group="noSale"
          confirmLabel={t('noSale.confirm')}
          onClose={() => setFn(null)}
          onConfirm={async (reason) => {
            const ok = await run('drawer.noSale', { reason }, { summary: t('approval.summary.noSale') });
            if (ok) {
              notify('success', t('noSale.done'));
              setFn(null);
            }
          }}
        >
          <p>{t('noSale.text')}</p>
        </ReasonDialog>
      )}
      {fn === 'reprint' && (
        <ReceiptNumberDialog
          title={t('reprint.title')}
          text={t('reprint.text')}
          initial={s.lastReceiptNo}
          confirmLabel={t('reprint.confirm')}
          onClose={() => setFn(null)}
          onSubmit={async (receiptNo) => {
            const r = await run('receipt.reprint', { receiptNo }, { summary: t('approval.summary.reprint', { no: receiptNo }) });
            if (r) notify('success', t('reprint.done', { no: receiptNo, copy: r.document.copyNo }));
            return r !== null;
          }}
        />
      )}
      {fn === 'postVoid' && (
        <ReceiptNumberDialog
          title={t('postVoid.title')}
          text={t('postVoid.text')}
          initial={s.lastReceiptNo}
          reasonGroup="postVoid"
          danger
          confirmLabel={t('postVoid.confirm')}
          onClose={() => setFn(null)}
          onSubmit={async (receiptNo, reason) => {
            const r = await run('sale.postVoid', { receiptNo, reason }, { summary: t('approval.summary.postVoid', { no: receiptNo }) });
            if (r) notify('success', t('postVoid.done', { no: receiptNo }));
            return r !== null;
          }}
        />
      )}
    </div>
  );
}
