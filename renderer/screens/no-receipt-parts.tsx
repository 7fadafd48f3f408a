import type { ProductView, SaleLineView } from '../../core/contract/index.ts';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { UiLocale } from '../i18n/i18n.ts';
import { productName } from '../../core/shared/display-names.ts';
import { RefundClose } from './refund-split.tsx';
import type { RefundQuote } from './use-refund-quote.ts';

export interface ReturnItem {
  readonly product: ProductView;
  readonly qtyMilli: number;
}

/** Weighed goods coming back: a line still to be weighed, for the quantity dialog. */
export function weighLine(weigh: ProductView, locale: UiLocale): SaleLineView {
  return {
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
  };
}

/** One item coming back: a stepper for counted goods, remove for weighed ones. */
function NoReceiptItemRow({
  item: { product: p, qtyMilli },
  onQty,
}: {
  item: ReturnItem;
  onQty: (productId: string, qtyMilli: number) => void;
}) {
  const { t, locale } = useI18n();
  const f = useFormat();
  const name = productName(p, locale);
  return (
    <tr>
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
                onClick={() => onQty(p.productId, qtyMilli - 1000)}
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
                onClick={() => onQty(p.productId, qtyMilli + 1000)}
              >
                +
              </button>
            </>
          ) : (
            <>
              <output className="stepper-value" aria-label={t('returns.returning')}>
                {f.qty(qtyMilli, p.unit)}
              </output>
              <button type="button" className="icon" aria-label={t('returns.remove', { name })} onClick={() => onQty(p.productId, 0)}>
                ×
              </button>
            </>
          )}
        </div>
      </td>
      <td className="num">{f.money(Math.round((p.price * qtyMilli) / 1000))}</td>
    </tr>
  );
}

/** The items coming back without a receipt, at today's price. */
export function NoReceiptItems({
  ids,
  items,
  onQty,
}: {
  ids: string;
  items: readonly ReturnItem[];
  onQty: (productId: string, qtyMilli: number) => void;
}) {
  const { t } = useI18n();
  return (
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
        {items.map((item) => (
          <NoReceiptItemRow key={item.product.productId} item={item} onQty={onQty} />
        ))}
      </tbody>
    </table>
  );
}

/** The refund in cash, its reason and total, and the button that completes the return. */
export function NoReceiptRefundSide({
  ids,
  onReason,
  refund,
  quote,
  canComplete,
  onComplete,
}: {
  ids: string;
  onReason: (reason: string) => void;
  refund: number;
  quote: RefundQuote | null;
  canComplete: boolean;
  onComplete: () => void;
}) {
  const { t } = useI18n();
  return (
    <section className="card returns-side">
      <p className="badge warn">{t('returns.noReceiptApproval')}</p>
      <p>
        <strong>{t('returns.refundCash')}</strong>
      </p>
      <RefundClose
        ids={ids}
        onReason={onReason}
        refund={refund}
        quote={quote}
        note={t('returns.priceNote')}
        canComplete={canComplete}
        onComplete={onComplete}
      />
    </section>
  );
}
