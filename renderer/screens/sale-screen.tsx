import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProductView, SaleLineView } from '../../core/contract/index.ts';
import { useSnapshot, useTill } from '../app/till-context.tsx';
import { dialogOpen, useShortcuts } from '../app/shortcuts.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { DiscountDialog, type DiscountRequest } from '../dialogs/discount-dialog.tsx';
import { MemberDialog, type MemberLookup } from '../dialogs/member-dialog.tsx';
import { PriceDialog } from '../dialogs/price-dialog.tsx';
import { QuantityDialog } from '../dialogs/quantity-dialog.tsx';
import { ReasonDialog } from '../dialogs/reason-dialog.tsx';
import { LineList } from './line-list.tsx';
import { SearchPanel } from './search-panel.tsx';
import { MemberPanel, TotalsPanel } from './totals-panel.tsx';
import { TenderPanel } from './tender-panel.tsx';
import type { SaleScan } from './use-sale-scan.ts';

type SaleDialog =
  | { kind: 'quantity'; line: SaleLineView }
  | { kind: 'void'; line: SaleLineView }
  | { kind: 'price'; line: SaleLineView }
  | { kind: 'discount' }
  | { kind: 'member' }
  | { kind: 'cancel' }
  | { kind: 'reopen' };

function isTextInput(el: Element | null): boolean {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

/**
 * Selling: the always-ready scan field, product search, the lines, member, totals and payment.
 * Focus comes back to the scan field after every action, so the next scan always lands.
 */
export function SaleScreen({ scan, onReturns, onFunctions, onHelp, onCountFloat }: { scan: SaleScan; onReturns: () => void; onFunctions: () => void; onHelp: () => void; onCountFloat: () => void }) {
  const { t } = useI18n();
  const { run, notify } = useTill();
  const { sale, receipt, drawerOpen } = useSnapshot();
  const [code, setCode] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [dialog, setDialog] = useState<SaleDialog | null>(null);
  const [search, setSearch] = useState<string | null>(null);
  const [completing, setCompleting] = useState(false);
  const scanRef = useRef<HTMLInputElement>(null);
  const knownLines = useRef<Set<number>>(new Set());

  const lines = sale?.lines ?? [];
  const tendering = sale?.status === 'tendering';
  const selectedLine = lines.find((l) => l.lineNo === selected) ?? null;

  const focusScan = useCallback(() => {
    // After React has settled (a dialog closing returns focus to where it was opened).
    window.requestAnimationFrame(() => {
      if (!dialogOpen() && !document.querySelector('[data-testid="search-panel"]') && !document.querySelector('[data-testid="tender-panel"] input:focus')) scanRef.current?.focus();
    });
  }, []);

  // Select the line that just arrived (or grew), so its quantity and void buttons are at hand.
  useEffect(() => {
    const now = new Set(lines.map((l) => l.lineNo));
    const added = lines.filter((l) => !knownLines.current.has(l.lineNo)).at(-1);
    if (added) setSelected(added.lineNo);
    else if (selected !== null && !now.has(selected)) setSelected(lines.at(-1)?.lineNo ?? null);
    knownLines.current = now;
  }, [lines, selected]);

  useEffect(() => {
    if (!tendering) focusScan();
  }, [tendering, focusScan]);

  useScanTarget((s) => {
    setSearch(null);
    void scan(s.code, 'wedge').then(focusScan);
  });

  // Focus that fell to the page (a dialog closed, a button vanished) goes back to the scan field.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (search === null && !tendering && !dialogOpen() && (document.activeElement === document.body || document.activeElement === null)) scanRef.current?.focus();
    }, 250);
    return () => window.clearInterval(timer);
  }, [search, tendering]);

  // Typing anywhere outside a text field goes to the scan field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.key.length !== 1 || dialogOpen() || isTextInput(document.activeElement)) return;
      if (search === null && !tendering) scanRef.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [search, tendering]);

  const closeDialog = () => {
    setDialog(null);
    focusScan();
  };

  const changeQuantity = async (line: SaleLineView, delta: number | null) => {
    if (delta === null) return setDialog({ kind: 'quantity', line });
    const next = line.qtyMilli + delta;
    if (next <= 0) return setDialog({ kind: 'void', line });
    await run('sale.setQuantity', { lineNo: line.lineNo, qtyMilli: next }, { summary: t('approval.summary.quantity', { name: line.name }) });
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
      setDialog({ kind: 'quantity', line: { lineNo: 0, productId: p.productId, sku: p.sku, name: p.name, names: p.names, qtyMilli: 0, unit: 'kg', unitPrice: p.price, priceTier: 'retail', discount: 0, amount: 0, tax: 0, voided: false, priceOverridden: false } });
      return;
    }
    await run('sale.addItem', { productId: p.productId });
    focusScan();
  };

  const lookupMember = async (m: MemberLookup): Promise<boolean> => {
    const params = m.method === 'token' ? { method: 'token' as const, token: m.token } : m.method === 'card' ? { method: 'card' as const, card: m.card } : { method: 'manual' as const, memberId: m.memberId };
    const ok = await run('sale.attachMember', params, { summary: t('approval.summary.member', { id: m.method === 'manual' ? m.memberId : '' }) });
    return ok !== null;
  };

  const applyDiscount = async (d: DiscountRequest) => {
    const ok = await run('sale.applyDiscount', { scope: d.scope, ...(d.lineNo !== undefined ? { lineNo: d.lineNo } : {}), kind: d.kind, value: d.value, reason: d.reason }, { summary: d.summary });
    if (ok) closeDialog();
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
      when: () => code === '' && noSearch && selectedLine !== null && !tendering && (document.activeElement === scanRef.current || !isTextInput(document.activeElement)),
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

  return (
    <div className={`sale-screen${tendering ? ' is-tendering' : ''}`} data-testid="sale-screen" data-sale-status={sale?.status ?? 'none'}>
      <section className="sale-left">
        <form
          className="scan-bar"
          onSubmit={(e) => {
            e.preventDefault();
            const typed = code;
            setCode('');
            void scan(typed, 'manual', { onUnknown: (c) => setSearch(c) }).then(focusScan);
          }}
        >
          <label htmlFor="scan-input" className="scan-label">
            {t('sale.scanLabel')}
          </label>
          <div className="scan-field">
            <span className="scan-icon" aria-hidden="true">
              ▥
            </span>
            <input id="scan-input" ref={scanRef} value={code} onChange={(e) => setCode(e.target.value)} placeholder={tendering ? t('sale.scanLocked') : t('sale.scanPlaceholder')} autoComplete="off" spellCheck={false} enterKeyHint="enter" data-testid="scan-input" data-scan-field="" aria-describedby="scan-help" />
            <button type="button" onClick={() => setSearch(code)} disabled={tendering} data-testid="open-search">
              {t('sale.search')} <kbd>F2</kbd>
            </button>
          </div>
          <span id="scan-help" className="visually-hidden">
            {t('sale.scanHelp')}
          </span>
        </form>
        {drawerOpen === false && (
          <div className="warning-bar" role="status" data-testid="drawer-not-open">
            <span>{t('drawer.notOpen')}</span>
            <button type="button" onClick={onCountFloat} data-testid="count-float">
              {t('drawer.countFloat')}
            </button>
          </div>
        )}
        {search !== null ? (
          <SearchPanel
            initial={search}
            onPick={(p) => void addProduct(p)}
            onClose={() => {
              setSearch(null);
              focusScan();
            }}
          />
        ) : (
          <LineList sale={sale} selected={selected} editable={!tendering} onSelect={setSelected} onQuantity={(l, d) => void changeQuantity(l, d)} onVoid={(l) => setDialog({ kind: 'void', line: l })} />
        )}
        <nav className="fkey-bar" aria-label={t('sale.functions')}>
          <button type="button" onClick={onHelp}>
            <kbd>F1</kbd> {t('fkey.help')}
          </button>
          <button type="button" onClick={() => selectedLine && setDialog({ kind: 'quantity', line: selectedLine })} disabled={!selectedLine || tendering}>
            <kbd>F3</kbd> {t('fkey.quantity')}
          </button>
          <button type="button" onClick={() => selectedLine && setDialog({ kind: 'price', line: selectedLine })} disabled={!selectedLine || tendering}>
            {t('fkey.price')}
          </button>
          <button type="button" onClick={() => setDialog({ kind: 'discount' })} disabled={!sale || tendering} data-testid="open-discount">
            <kbd>F6</kbd> {t('fkey.discount')}
          </button>
          <button type="button" onClick={() => setDialog({ kind: 'cancel' })} disabled={!sale || sale.tenders.length > 0}>
            {t('fkey.cancelSale')}
          </button>
          <button type="button" onClick={onReturns} disabled={Boolean(sale)} data-testid="open-returns">
            <kbd>F7</kbd> {t('fkey.returns')}
          </button>
          <button type="button" onClick={onFunctions} data-testid="open-functions">
            <kbd>F10</kbd> {t('fkey.more')}
          </button>
        </nav>
      </section>

      <aside className="sale-right">
        <MemberPanel sale={sale} onAdd={() => setDialog({ kind: 'member' })} />
        <TotalsPanel sale={sale} />
        {tendering && sale ? (
          <TenderPanel sale={sale} completing={completing} onComplete={() => void complete()} onBack={() => setDialog({ kind: 'reopen' })} />
        ) : (
          <button type="button" className="primary huge pay-button" onClick={() => void present()} disabled={!sale || lines.length === 0 || Boolean(receipt && receipt.status !== 'printed' && receipt.status !== 'electronic')} data-testid="pay">
            {t('sale.pay')} <kbd>F8</kbd>
          </button>
        )}
      </aside>

      {dialog?.kind === 'quantity' &&
        (dialog.line.lineNo === 0 ? (
          <QuantityDialog
            line={dialog.line}
            onClose={closeDialog}
            onSubmit={(qtyMilli) => {
              void run('sale.addItem', { productId: dialog.line.productId, qtyMilli }).then(closeDialog);
            }}
          />
        ) : (
          <QuantityDialog
            line={dialog.line}
            onClose={closeDialog}
            onSubmit={(qtyMilli) => {
              void run('sale.setQuantity', { lineNo: dialog.line.lineNo, qtyMilli }, { summary: t('approval.summary.quantity', { name: dialog.line.name }) }).then((ok) => ok && closeDialog());
            }}
          />
        ))}
      {dialog?.kind === 'void' && (
        <ReasonDialog
          title={t('void.title', { name: dialog.line.name })}
          group="voidLine"
          danger
          confirmLabel={t('void.confirm')}
          testId="void-dialog"
          onClose={closeDialog}
          onConfirm={async (reason) => {
            const ok = await run('sale.voidLine', { lineNo: dialog.line.lineNo, reason }, { summary: t('approval.summary.void', { name: dialog.line.name }) });
            if (ok) closeDialog();
          }}
        />
      )}
      {dialog?.kind === 'price' && (
        <PriceDialog
          line={dialog.line}
          onClose={closeDialog}
          onSubmit={(unitPrice, reason, summary) => {
            void run('sale.overridePrice', { lineNo: dialog.line.lineNo, unitPrice, reason }, { summary }).then((ok) => ok && closeDialog());
          }}
        />
      )}
      {dialog?.kind === 'discount' && <DiscountDialog line={selectedLine} onClose={closeDialog} onSubmit={(d) => void applyDiscount(d)} />}
      {dialog?.kind === 'member' && <MemberDialog onClose={closeDialog} onLookup={lookupMember} />}
      {dialog?.kind === 'cancel' && (
        <ReasonDialog
          title={t('cancel.title')}
          group="cancelSale"
          danger
          confirmLabel={t('cancel.confirm')}
          onClose={closeDialog}
          onConfirm={async (reason) => {
            const ok = await run('sale.cancel', { reason }, { summary: t('approval.summary.cancel') });
            if (ok) {
              notify('info', t('cancel.done'));
              closeDialog();
            }
          }}
        >
          <p>{t('cancel.text')}</p>
        </ReasonDialog>
      )}
      {dialog?.kind === 'reopen' && (
        <ReasonDialog
          title={t('reopen.title')}
          group="reopen"
          confirmLabel={t('reopen.confirm')}
          onClose={closeDialog}
          onConfirm={async (reason) => {
            const ok = await run('sale.reopen', { reason }, { summary: t('approval.summary.reopen') });
            if (ok) closeDialog();
          }}
        >
          <p>{t('reopen.text')}</p>
        </ReasonDialog>
      )}
    </div>
  );
}
