import { useId, useState } from 'react';
import type { ProductView, SaleLineView } from '../../core/contract/index.ts';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useTill } from '../app/till-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';
import { ReasonPicker } from '../dialogs/reason-picker.tsx';
import { REASONS } from '../dialogs/reasons.ts';
import { QuantityDialog } from '../dialogs/quantity-dialog.tsx';
import { isReceiptQr } from './use-sale-scan.ts';
import { SearchPanel, productName } from './search-panel.tsx';
import { RefundSplit } from './refund-split.tsx';
import { useRefundQuote } from './use-refund-quote.ts';

interface ReturnItem {
  readonly product: ProductView;
  readonly qtyMilli: number;
}

const digits = (code: string) => code.replace(/^0+/, '');

/** The product a scanned code names: its barcode (GTIN-14 in the catalog, any length scanned) or SKU. */
export function productForCode(results: readonly ProductView[], code: string): ProductView | undefined {
  const c = code.trim();
  return results.find((p) => p.barcodes.some((b) => digits(b) === digits(c)) || p.sku === c);
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
  const { bridge, run, notify, showFailure } = useTill();
  const ids = useId();
  const [items, setItems] = useState<ReturnItem[]>([]);
  const [reason, setReason] = useState<string>(REASONS.return[0]);
  const [search, setSearch] = useState({ key: 0, initial: '' });
  const [weigh, setWeigh] = useState<ProductView | null>(null);
  const [busy, setBusy] = useState(false);

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
        <table className="return-lines" aria-labelledby={`${ids}-title`}>
          <thead>
            <tr>
              <th scope="col">{t('returns.item')}</th>
              <th scope="col">{t('returns.returning')}</th>
              <th scope="col" className="num">
                {t('returns.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  {t('returns.noItems')}
                </td>
              </tr>
            )}
            {items.map(({ product: p, qtyMilli }) => {
              const name = productName(p, locale);
              return (
                <tr key={p.productId}>
                  <th scope="row">
                    {name}
                    <span className="muted"> {p.sku}</span>
                  </th>
                  <td>
                    <div className="stepper">
                      {p.unit === 'each' ? (
                        <>
                          <button
                            type="button"
                            className="icon"
                            aria-label={t('returns.less', { name })}
                            onClick={() => setQty(p.productId, qtyMilli - 1000)}
                          >
                            −
                          </button>
                          <output className="stepper-value" aria-label={t('returns.returning')}>
                            {f.qty(qtyMilli, p.unit)}
                          </output>
                          <button
                            type="button"
                            className="icon"
                            aria-label={t('returns.more', { name })}
                            onClick={() => setQty(p.productId, qtyMilli + 1000)}
                          >
                            +
                          </button>
                        </>
                      ) : (
                        <>
                          <output className="stepper-value" aria-label={t('returns.returning')}>
                            {f.qty(qtyMilli, p.unit)}
                          </output>
                          <button
                            type="button"
                            className="icon"
                            aria-label={t('returns.remove', { name })}
                            onClick={() => setQty(p.productId, 0)}
                          >
                            ×
                          </button>
                        </>
                      )}
                    </div>
                  </td>
                  <td className="num">{f.money(Math.round((p.price * qtyMilli) / 1000))}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="card returns-side">
        <p className="badge warn">{t('returns.noReceiptApproval')}</p>
        <p>
          <strong>{t('returns.refundCash')}</strong>
        </p>
        <ReasonPicker group="return" onChange={setReason} />
        <div className="refund-total">
          <span id={`${ids}-refund`}>{t('returns.refundTotal')}</span>
          <output aria-labelledby={`${ids}-refund`}>
            <strong>{f.money(refund)}</strong>
          </output>
        </div>
        <RefundSplit quote={quote} />
        <p className="hint">{t('returns.priceNote')}</p>
        <button type="button" className="primary big" disabled={busy || items.length === 0 || !reason} onClick={() => void complete()}>
          {t('returns.complete')}
        </button>
      </section>
      {weigh && (
        <QuantityDialog
          line={
            {
              lineNo: 0,
              productId: weigh.productId,
              sku: weigh.sku,
              name: productName(weigh, locale),
              names: weigh.names,
              qtyMilli: 0,
              unit: 'kg',
              unitPrice: weigh.price,
              priceTier: 'retail',
              discount: 0,
              amount: 0,
              tax: 0,
              voided: false,
              priceOverridden: false,
            } satisfies SaleLineView
          }
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
