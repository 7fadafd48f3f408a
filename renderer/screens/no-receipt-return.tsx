import { useId, useState } from 'react';
import type { ProductView } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { REASONS } from '../dialogs/reasons.ts';
import { QuantityDialog } from '../dialogs/quantity-dialog.tsx';
import { isReceiptQr } from './use-sale-scan.ts';
import { SearchPanel } from './search-panel.tsx';
import { useRefundQuote } from './use-refund-quote.ts';
import { NoReceiptItems, NoReceiptRefundSide, weighLine, type ReturnItem } from './no-receipt-parts.tsx';

const digits = (code: string) => code.replace(/^0+/, '');

/** The product a scanned code names: its barcode (GTIN-14 in the catalog, any length scanned) or SKU. */
export function productForCode(results: readonly ProductView[], code: string): ProductView | undefined {
  const c = code.trim();
  return results.find((p) => p.barcodes.some((b) => digits(b) === digits(c)) || p.sku === c);
}

/** The items coming back: scanned or searched, counted goods stepped, weighed goods weighed first. */
function useReturnItems(onReceiptQr: (qr: string) => void) {
  const { t } = useI18n();
  const { bridge, notify, showFailure } = useTill();
  const [items, setItems] = useState<ReturnItem[]>([]);
  const [search, setSearch] = useState({ key: 0, initial: '' });
  const [weigh, setWeigh] = useState<ProductView | null>(null);

  const freshSearch = (initial = '') => setSearch((s) => ({ key: s.key + 1, initial }));

  const add = (p: ProductView, qtyMilli?: number) => {
    if (p.unit === 'kg' && qtyMilli === undefined) {
      setWeigh(p);
      return;
    }
    setItems((list) => {
      const i = list.findIndex((x) => x.product.productId === p.productId);
      if (i < 0 || p.unit === 'kg')
        return [...list.filter((x) => x.product.productId !== p.productId), { product: p, qtyMilli: qtyMilli ?? 1000 }];
      return list.map((x, n) => (n === i ? { ...x, qtyMilli: x.qtyMilli + 1000 } : x));
    });
    freshSearch();
  };

  const addScanned = async (code: string) => {
    if (isReceiptQr(code)) return onReceiptQr(code);
    try {
      const results = await bridge['catalog.search']({ query: code.slice(0, 64), limit: 10 });
      const p = productForCode(results, code);
      if (p) return add(p);
      notify('error', t('error.scan.unknown-product'));
      freshSearch(code);
    } catch (e) {
      showFailure(toCallFailure(e));
    }
  };

  useScanTarget((scan) => void addScanned(scan.code));

  const setQty = (productId: string, qtyMilli: number) =>
    setItems((list) =>
      qtyMilli <= 0
        ? list.filter((x) => x.product.productId !== productId)
        : list.map((x) => (x.product.productId === productId ? { ...x, qtyMilli } : x)),
    );

  return { items, search, weigh, setWeigh, freshSearch, add, setQty };
}

/**
 * A return without the receipt: the cashier scans or searches the items coming back, sets the
 * quantities and the reason. The refund is in cash at today's price; a manager approves it (the
 * host asks) and the return receipt is owed to the customer like any receipt.
 */
export function NoReceiptReturn({
  onReceiptQr,
  onBack,
  onDone,
}: {
  onReceiptQr: (qr: string) => void;
  onBack: () => void;
  onDone: () => void;
}) {
  const { t, locale } = useI18n();
  const f = useFormat();
  const { run } = useTill();
  const ids = useId();
  const [reason, setReason] = useState<string>(REASONS.return[0]);
  const [busy, setBusy] = useState(false);

  const { items, search, weigh, setWeigh, freshSearch, add, setQty } = useReturnItems(onReceiptQr);

  const quote = useRefundQuote(
    items.length ? { lines: items.map((x) => ({ productId: x.product.productId, qtyMilli: x.qtyMilli })), refundTo: 'cash' } : null,
  );
  // The host's figure (tax, cash rounding); today's prices until it answers.
  const refund = quote?.total ?? items.reduce((s, x) => s + Math.round((x.product.price * x.qtyMilli) / 1000), 0);
  const count = items.reduce((s, x) => s + (x.product.unit === 'each' ? x.qtyMilli / 1000 : 1), 0);

  const complete = async () => {
    if (items.length === 0 || !reason || busy) return;
    setBusy(true);
    const r = await run(
      'return.complete',
      { lines: items.map((x) => ({ productId: x.product.productId, qtyMilli: x.qtyMilli })), refundTo: 'cash', reason },
      { summary: t('approval.summary.returnNoReceipt', { count, amount: f.money(refund) }) },
    );
    setBusy(false);
    if (r) onDone();
  };

  return (
    <div className="returns-grid returns-no-receipt" data-idle-hold={items.length > 0 ? '' : undefined}>
      <section className="card" aria-labelledby={`${ids}-title`}>
        <div className="card-head">
          <h2 id={`${ids}-title`}>{t('returns.noReceiptTitle')}</h2>
          <button type="button" onClick={onBack}>
            {t('returns.backToReceipt')}
          </button>
        </div>
        <p className="muted">{t('returns.addItems')}</p>
        <SearchPanel key={search.key} initial={search.initial} onPick={add} onClose={onBack} />
        <NoReceiptItems ids={ids} items={items} onQty={setQty} />
      </section>
      <NoReceiptRefundSide
        ids={ids}
        onReason={setReason}
        refund={refund}
        quote={quote}
        canComplete={!(busy || items.length === 0 || !reason)}
        onComplete={() => void complete()}
      />
      {weigh && (
        <QuantityDialog
          line={weighLine(weigh, locale)}
          onClose={() => {
            setWeigh(null);
            freshSearch();
          }}
          onSubmit={(qtyMilli) => {
            add(weigh, qtyMilli);
            setWeigh(null);
          }}
        />
      )}
    </div>
  );
}
