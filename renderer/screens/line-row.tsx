import type { SaleLineView } from '../../core/contract/index.ts';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

export const ROW_HEIGHT = 76;

type LineHandlers = {
  onQuantity(line: SaleLineView, delta: number | null): void;
  onVoid(line: SaleLineView): void;
};

/** One line of the sale: its number, name, quantity and price with any tier, price change or discount, and its amount. */
export function LineRow({
  line,
  position,
  top,
  selected,
  editable,
  onSelect,
  onQuantity,
  onVoid,
}: LineHandlers & {
  line: SaleLineView;
  position: number;
  top: number;
  selected: boolean;
  editable: boolean;
  onSelect(lineNo: number): void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <div
      role="listitem"
      aria-current={selected ? 'true' : undefined}
      className={`line-row${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      data-line-no={line.lineNo}
      onClick={() => onSelect(line.lineNo)}
    >
      <span className="line-no" aria-hidden="true">
        {position}
      </span>
      <div className="line-main">
        <span className="line-name">{f.product(line)}</span>
        <span className="line-meta">
          {line.sku} · {f.qty(line.qtyMilli, line.unit)}
          {line.unit === 'kg' ? ` ${t('unit.kg')}` : ''} × {f.money(line.unitPrice)}
          {line.priceTier !== 'retail' && <span className="badge">{t('sale.tier', { tier: line.priceTier })}</span>}
          {line.priceOverridden && <span className="badge warn">{t('sale.priceChanged')}</span>}
          {line.weighed === 'typed' && <span className="badge warn">{t('weigh.typedOnLine')}</span>}
          {line.discount > 0 && <span className="badge good">{t('sale.lineDiscount', { amount: f.money(line.discount) })}</span>}
          {line.serialRequired && (
            <span className={`badge${line.serial ? '' : ' warn'}`}>
              {line.serial ? t('serial.onLine', { serial: line.serial }) : t('serial.needed')}
            </span>
          )}
        </span>
      </div>
      {editable && <LineActions line={line} onQuantity={onQuantity} onVoid={onVoid} />}
      <span className="line-amount">{f.money(line.amount)}</span>
    </div>
  );
}

/** Plus and minus for counted goods, a new weight for weighed ones, and void. */
function LineActions({ line, onQuantity, onVoid }: LineHandlers & { line: SaleLineView }) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <div className="line-actions">
      {line.unit === 'each' ? (
        <>
          <button
            type="button"
            className="icon"
            aria-label={t('sale.qtyMinus', { name: f.product(line) })}
            onClick={(e) => (e.stopPropagation(), onQuantity(line, -1000))}
          >
            −
          </button>
          <output className="line-qty" aria-label={t('sale.qty')}>
            {f.qty(line.qtyMilli, line.unit)}
          </output>
          <button
            type="button"
            className="icon"
            aria-label={t('sale.qtyPlus', { name: f.product(line) })}
            onClick={(e) => (e.stopPropagation(), onQuantity(line, 1000))}
          >
            +
          </button>
        </>
      ) : (
        <button type="button" onClick={(e) => (e.stopPropagation(), onQuantity(line, null))}>
          {t('sale.weight')}
        </button>
      )}
      <button
        type="button"
        className="icon danger"
        aria-label={t('sale.voidLine', { name: f.product(line) })}
        onClick={(e) => (e.stopPropagation(), onVoid(line))}
      >
        ×
      </button>
    </div>
  );
}
