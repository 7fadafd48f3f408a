import { useEffect, useState, type ComponentProps } from 'react';
import type { SaleLineView, SaleView } from '../../core/contract/index.ts';
import { useSnapshot, useTillState } from '../app/till-context.tsx';
import { QuickKeysDialog } from '../dialogs/quick-keys-dialog.tsx';
import type { TillSnapshot } from '../state/till-store.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { LineList } from './line-list.tsx';
import { LineSerialDialog, SaleDialogs, type SaleDialog } from './sale-dialogs.tsx';
import { SaleFunctionKeys } from './sale-function-keys.tsx';
import { SaleScanBar } from './sale-scan-bar.tsx';
import { SearchPanel } from './search-panel.tsx';
import { MemberPanel, TotalsPanel } from './totals-panel.tsx';
import { SalespersonPanel } from './salesperson-panel.tsx';
import { TenderPanel } from './tender-panel.tsx';
import { ExchangePanel, type PendingExchange } from './exchange-panel.tsx';
import { useLineSelection } from './use-line-selection.ts';
import { useScanFocus } from './use-scan-focus.ts';
import { useSaleActions } from './use-sale-actions.ts';
import { useSaleShortcuts } from './use-sale-shortcuts.ts';
import type { SaleScan } from './use-sale-scan.ts';

const NO_LINES: readonly SaleLineView[] = [];

/**
 * Selling: the always-ready scan field, product search, the lines, member, totals and payment.
 * Focus comes back to the scan field after every action, so the next scan always lands.
 */
export function SaleScreen({
  scan,
  onReturns,
  onFunctions,
  onHelp,
  onCountFloat,
  exchange,
  onExchangeDone,
}: {
  scan: SaleScan;
  onReturns: () => void;
  onFunctions: () => void;
  onHelp: () => void;
  onCountFloat: () => void;
  /** An exchange in progress (issue #15): its panel takes the payment panel's place. */
  exchange: PendingExchange | null;
  onExchangeDone: () => void;
}) {
  const { t } = useI18n();
  const { scanRef, searchRef, tenderRef, ...sc } = useSaleScreen({ scan, onHelp, onReturns, onFunctions });
  const hasQuickKeys = useTillState((s) => (s.terminal?.quickKeys.length ?? 0) > 0);
  const [quickKeys, setQuickKeys] = useState(false);

  return (
    <main
      className={`sale-screen${sc.tendering ? ' is-tendering' : ''}`}
      aria-label={t('nav.sale')}
      data-sale-status={sc.sale?.status ?? 'none'}
    >
      <section className="sale-left">
        <SaleScanBar
          scanRef={scanRef}
          code={sc.code}
          onCode={sc.setCode}
          tendering={sc.tendering}
          onSubmit={sc.submitCode}
          onSearch={() => sc.setSearch(sc.code)}
          onQuickKeys={hasQuickKeys ? () => setQuickKeys(true) : undefined}
        />
        {sc.drawerOpen === false && <DrawerNotOpen onCountFloat={onCountFloat} />}
        {sc.sale?.resumedAt && (
          <div className="warning-bar" role="status">
            <span>{t('sale.resumed')}</span>
          </div>
        )}
        <SearchOrLines screen={sc} searchRef={searchRef} />
        <SaleFunctionKeys
          sale={sc.sale}
          selectedLine={sc.selectedLine}
          tendering={sc.tendering}
          onDialog={sc.setDialog}
          onHelp={onHelp}
          onReturns={onReturns}
          onFunctions={onFunctions}
        />
      </section>

      {exchange ? (
        <aside className="sale-right">
          <TotalsPanel sale={sc.sale} />
          {!sc.tendering && <PayButton sale={sc.sale} receipt={sc.receipt} onPay={() => void sc.present()} />}
          <ExchangePanel exchange={exchange} sale={sc.sale} onDone={onExchangeDone} />
        </aside>
      ) : (
        <SaleCheckout
          sale={sc.sale}
          receipt={sc.receipt}
          tendering={sc.tendering}
          tenderRef={tenderRef}
          completing={sc.completing}
          onComplete={() => void sc.complete()}
          onPay={() => void sc.present()}
          onDialog={sc.setDialog}
        />
      )}

      {sc.awaitingSerial && !sc.dialog && (
        <LineSerialDialog line={sc.awaitingSerial} onRemove={() => sc.setDialog({ kind: 'void', line: sc.awaitingSerial! })} />
      )}
      {quickKeys && (
        <QuickKeysDialog
          onPick={(p) => {
            setQuickKeys(false);
            void sc.addProduct(p);
          }}
          onClose={() => {
            setQuickKeys(false);
            sc.focusScan();
          }}
        />
      )}
      {sc.dialog && <SaleDialogs dialog={sc.dialog} sale={sc.sale} selectedLine={sc.selectedLine} onClose={sc.closeDialog} />}
    </main>
  );
}

type SaleScreenState = ReturnType<typeof useSaleScreen>;

/** Product search while it is open, else the sale's lines. */
function SearchOrLines({
  screen,
  searchRef,
}: {
  screen: Omit<SaleScreenState, 'scanRef' | 'searchRef' | 'tenderRef'>;
  searchRef: SaleScreenState['searchRef'];
}) {
  return screen.search !== null ? (
    <SearchPanel
      ref={searchRef}
      initial={screen.search}
      onPick={(p) => void screen.addProduct(p)}
      onClose={() => {
        screen.setSearch(null);
        screen.focusScan();
      }}
    />
  ) : (
    <LineList
      sale={screen.sale}
      selected={screen.selected}
      editable={!screen.tendering}
      onSelect={screen.setSelected}
      onQuantity={(l, d) => void screen.changeQuantity(l, d)}
      onVoid={(l) => screen.setDialog({ kind: 'void', line: l })}
    />
  );
}

/** The selling screen's state: the scan field, search, dialog and selected line, with the keys and the scanner wired to them. */
function useSaleScreen({
  scan,
  onHelp,
  onReturns,
  onFunctions,
}: {
  scan: SaleScan;
  onHelp: () => void;
  onReturns: () => void;
  onFunctions: () => void;
}) {
  const { sale, receipt, drawerOpen } = useSnapshot();
  const [code, setCode] = useState('');
  const [dialog, setDialog] = useState<SaleDialog | null>(null);
  const [search, setSearch] = useState<string | null>(null);
  const { scanRef, searchRef, tenderRef, focusScan } = useScanFocus(sale);

  const lines = sale?.lines ?? NO_LINES;
  const tendering = sale?.status === 'tendering';
  const [selected, setSelected] = useLineSelection(lines);
  const selectedLine = lines.find((l) => l.lineNo === selected) ?? null;
  // A serialized item just added waits for its serial before anything else (issue #14).
  const awaitingSerial = lines.find((l) => l.serialRequired && !l.serial) ?? null;

  useEffect(() => {
    if (!tendering) focusScan();
  }, [tendering, focusScan]);

  useScanTarget((s) => {
    setSearch(null);
    void scan(s.code, 'wedge', { afterBreak: s.afterBreak }).then(focusScan);
  });

  const closeDialog = () => {
    setDialog(null);
    focusScan();
  };

  const { completing, changeQuantity, present, complete, addProduct } = useSaleActions({ sale, lines, setDialog, setSearch, focusScan });

  const keys = {
    lines,
    selected,
    setSelected,
    selectedLine,
    tendering,
    sale,
    code,
    setCode,
    search,
    setSearch,
    scanRef,
    setDialog,
    focusScan,
  };
  useSaleShortcuts({ ...keys, onHelp, onReturns, onFunctions, present, complete });

  const submitCode = () => {
    const typed = code;
    setCode('');
    void scan(typed, 'manual', { onUnknown: (c) => setSearch(c) }).then(focusScan);
  };

  const actions = { closeDialog, completing, changeQuantity, present, complete, addProduct, submitCode };
  return { ...keys, ...actions, receipt, drawerOpen, dialog, awaitingSerial, searchRef, tenderRef };
}

/** The right side: member, totals, and Pay or, once presented, the payment panel. */
function SaleCheckout({
  sale,
  receipt,
  tendering,
  tenderRef,
  completing,
  onComplete,
  onPay,
  onDialog: setDialog,
}: {
  sale: SaleView | null;
  receipt: TillSnapshot['receipt'];
  tendering: boolean;
  tenderRef: ComponentProps<typeof TenderPanel>['ref'];
  completing: boolean;
  onComplete: () => void;
  onPay: () => void;
  onDialog: (dialog: SaleDialog) => void;
}) {
  return (
    <aside className="sale-right">
      <MemberPanel sale={sale} onAdd={() => setDialog({ kind: 'member' })} />
      <SalespersonPanel sale={sale} onChoose={() => setDialog({ kind: 'salesperson' })} />
      <TotalsPanel sale={sale} />
      {tendering && sale ? (
        <TenderPanel
          ref={tenderRef}
          sale={sale}
          completing={completing}
          onComplete={onComplete}
          onBack={() => setDialog({ kind: 'reopen' })}
        />
      ) : (
        <PayButton sale={sale} receipt={receipt} onPay={onPay} />
      )}
    </aside>
  );
}

/** The warning that no float was counted into the drawer, with the way to count it. */
function DrawerNotOpen({ onCountFloat }: { onCountFloat: () => void }) {
  const { t } = useI18n();
  return (
    <div className="warning-bar" role="status">
      <span>{t('drawer.notOpen')}</span>
      <button type="button" onClick={onCountFloat}>
        {t('drawer.countFloat')}
      </button>
    </div>
  );
}

/** Pay (F8): held back while there is nothing to pay or the last receipt is still owed. */
function PayButton({ sale, receipt, onPay }: { sale: SaleView | null; receipt: TillSnapshot['receipt']; onPay: () => void }) {
  const { t } = useI18n();
  const lines = sale?.lines ?? NO_LINES;
  return (
    <button
      type="button"
      className="primary huge pay-button"
      onClick={onPay}
      disabled={!sale || lines.length === 0 || Boolean(receipt && receipt.status !== 'printed' && receipt.status !== 'electronic')}
    >
      {t('sale.pay')} <kbd>F8</kbd>
    </button>
  );
}
