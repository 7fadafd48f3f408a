import { useEffect, useState } from 'react';
import type { ProductView, SaleLineView } from '../../core/contract/index.ts';
import { useSnapshot, useTill } from '../app/till-context.tsx';
import { useShortcuts } from '../app/shortcuts.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { LineList } from './line-list.tsx';
import { SaleDialogs, NEW_LINE, type SaleDialog } from './sale-dialogs.tsx';
import { SaleFunctionKeys } from './sale-function-keys.tsx';
import { SaleScanBar } from './sale-scan-bar.tsx';
import { SearchPanel } from './search-panel.tsx';
import { MemberPanel, TotalsPanel } from './totals-panel.tsx';
import { TenderPanel } from './tender-panel.tsx';
import { useLineSelection } from './use-line-selection.ts';
import { isTextInput, useScanFocus } from './use-scan-focus.ts';
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
}: {
  scan: SaleScan;
  onReturns: () => void;
  onFunctions: () => void;
  onHelp: () => void;
  onCountFloat: () => void;
}) {
  const { t } = useI18n();
  const { run, notify } = useTill();
  const { sale, receipt, drawerOpen } = useSnapshot();
  const [code, setCode] = useState('');
  const [dialog, setDialog] = useState<SaleDialog | null>(null);
  const [search, setSearch] = useState<string | null>(null);
  const [completing, setCompleting] = useState(false);
  const { scanRef, searchRef, tenderRef, focusScan } = useScanFocus(sale);

  const lines = sale?.lines ?? NO_LINES;
  const tendering = sale?.status === 'tendering';
  const [selected, setSelected] = useLineSelection(lines);
  const selectedLine = lines.find((l) => l.lineNo === selected) ?? null;

  useEffect(() => {
    if (!tendering) focusScan();
  }, [tendering, focusScan]);

  useScanTarget((s) => {
    setSearch(null);
    void scan(s.code, 'wedge').then(focusScan);
  });

  const closeDialog = () => {
    setDialog(null);
    focusScan();
  };

  const changeQuantity = async (line: SaleLineView, delta: number | null) => {
    if (delta === null) return setDialog({ kind: 'quantity', line });
    const next = line.qtyMilli + delta;
    if (next <= 0) return setDialog({ kind: 'void', line });
    await run(
      'sale.setQuantity',
      { lineNo: line.lineNo, qtyMilli: next },
      { summary: t('approval.summary.quantity', { name: line.name }) },
    );
    focusScan();
  };

  const present = async () => {
    if (!sale || lines.length === 0) {
      notify('info', t('sale.nothingToPay'));
      return;
    }
    if (sale.status === 'open') await run('sale.present', {});
  };

  const complete = async () => {
    if (!sale || sale.status !== 'tendering' || sale.due !== 0 || completing) return;
    setCompleting(true);
    try {
      await run('sale.complete', {});
    } finally {
      setCompleting(false);
    }
  };

  const addProduct = async (p: ProductView) => {
    setSearch(null);
    if (p.unit === 'kg') {
      // Weighed goods without a scale label: ask for the weight, then add.
      const weighed: SaleLineView = {
        lineNo: NEW_LINE,
        productId: p.productId,
        sku: p.sku,
        name: p.name,
        names: p.names,
        qtyMilli: 0,
        unit: 'kg',
        unitPrice: p.price,
        priceTier: 'retail',
        discount: 0,
        amount: 0,
        tax: 0,
        voided: false,
        priceOverridden: false,
      };
      setDialog({ kind: 'quantity', line: weighed });
      return;
    }
    await run('sale.addItem', { productId: p.productId });
    focusScan();
  };

  const moveSelection = (delta: number) => {
    if (lines.length === 0) return;
    const i = lines.findIndex((l) => l.lineNo === selected);
    const next = lines[Math.min(Math.max((i < 0 ? lines.length : i) + delta, 0), lines.length - 1)];
    if (next) setSelected(next.lineNo);
  };

  const noSearch = search === null;
  useShortcuts([
    { key: 'F1', run: onHelp },
    { key: 'F2', run: () => !tendering && setSearch(code) },
    { key: 'F3', run: () => selectedLine && !tendering && setDialog({ kind: 'quantity', line: selectedLine }) },
    { key: 'F4', run: () => !tendering && setDialog({ kind: 'member' }) },
    { key: 'F6', run: () => sale && !tendering && setDialog({ kind: 'discount' }) },
    { key: 'F7', run: onReturns },
    { key: 'F8', run: () => void present() },
    { key: 'F9', run: () => void complete() },
    { key: 'F10', run: onFunctions },
    {
      key: 'Delete',
      inFields: true,
      // From the empty scan field or outside text fields only: Delete still deletes in the payment fields.
      when: () =>
        code === '' &&
        noSearch &&
        selectedLine !== null &&
        !tendering &&
        (document.activeElement === scanRef.current || !isTextInput(document.activeElement)),
      run: () => selectedLine && setDialog({ kind: 'void', line: selectedLine }),
    },
    { key: 'ArrowUp', inFields: true, run: () => noSearch && document.activeElement === scanRef.current && moveSelection(-1) },
    { key: 'ArrowDown', inFields: true, run: () => noSearch && document.activeElement === scanRef.current && moveSelection(1) },
    {
      key: 'Escape',
      run: () => {
        if (search !== null) setSearch(null);
        else setCode('');
        focusScan();
      },
    },
  ]);

  const submitCode = () => {
    const typed = code;
    setCode('');
    void scan(typed, 'manual', { onUnknown: (c) => setSearch(c) }).then(focusScan);
  };

  return (
    <main className={`sale-screen${tendering ? ' is-tendering' : ''}`} aria-label={t('nav.sale')} data-sale-status={sale?.status ?? 'none'}>
      <section className="sale-left">
        <SaleScanBar
          scanRef={scanRef}
          code={code}
          onCode={setCode}
          tendering={tendering}
          onSubmit={submitCode}
          onSearch={() => setSearch(code)}
        />
        {drawerOpen === false && (
          <div className="warning-bar" role="status">
            <span>{t('drawer.notOpen')}</span>
            <button type="button" onClick={onCountFloat}>
              {t('drawer.countFloat')}
            </button>
          </div>
        )}
        {search !== null ? (
          <SearchPanel
            ref={searchRef}
            initial={search}
            onPick={(p) => void addProduct(p)}
            onClose={() => {
              setSearch(null);
              focusScan();
            }}
          />
        ) : (
          <LineList
            sale={sale}
            selected={selected}
            editable={!tendering}
            onSelect={setSelected}
            onQuantity={(l, d) => void changeQuantity(l, d)}
            onVoid={(l) => setDialog({ kind: 'void', line: l })}
          />
        )}
        <SaleFunctionKeys
          sale={sale}
          selectedLine={selectedLine}
          tendering={tendering}
          onDialog={setDialog}
          onHelp={onHelp}
          onReturns={onReturns}
          onFunctions={onFunctions}
        />
      </section>

      <aside className="sale-right">
        <MemberPanel sale={sale} onAdd={() => setDialog({ kind: 'member' })} />
        <TotalsPanel sale={sale} />
        {tendering && sale ? (
          <TenderPanel
            ref={tenderRef}
            sale={sale}
            completing={completing}
            onComplete={() => void complete()}
            onBack={() => setDialog({ kind: 'reopen' })}
          />
        ) : (
          <button
            type="button"
            className="primary huge pay-button"
            onClick={() => void present()}
            disabled={!sale || lines.length === 0 || Boolean(receipt && receipt.status !== 'printed' && receipt.status !== 'electronic')}
          >
            {t('sale.pay')} <kbd>F8</kbd>
          </button>
        )}
      </aside>

      {dialog && <SaleDialogs dialog={dialog} selectedLine={selectedLine} onClose={closeDialog} />}
    </main>
  );
}
