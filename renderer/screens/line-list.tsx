import { useCallback, useLayoutEffect, useRef } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { SaleLineView, SaleView } from '../../core/contract/index.ts';
import { useFormat } from '../app/use-format.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { scanPending, scanRendered } from '../scan/scan-timing.ts';
import { productName } from './search-panel.tsx';

const ROW_HEIGHT = 76;

interface LineListProps {
  sale: SaleView | null;
  selected: number | null;
  editable: boolean;
  onSelect(lineNo: number): void;
  onQuantity(line: SaleLineView, delta: number | null): void;
  onVoid(line: SaleLineView): void;
}

/**
 * The sale's lines, virtualised so a 500-line sale scrolls as smoothly as a 5-line one. The
 * newest and the selected line are always rendered, so a scanned item is in the DOM in the same
 * frame as the host's answer (measured by the scan:start / scan:rendered marks).
 */
export function LineList({ sale, selected, editable, onSelect, onQuantity, onVoid }: LineListProps) {
  const { t, locale } = useI18n();
  const f = useFormat();
  const parentRef = useRef<HTMLDivElement>(null);
  const lines = sale?.lines ?? [];
  const selectedIndex = lines.findIndex((l) => l.lineNo === selected);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const base = new Set(defaultRangeExtractor(range));
      if (range.count > 0) base.add(range.count - 1);
      if (selectedIndex >= 0) base.add(selectedIndex);
      return [...base].sort((a, b) => a - b);
    },
    [selectedIndex],
  );
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    rangeExtractor,
  });

  useLayoutEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  useLayoutEffect(() => {
    if (scanPending()) scanRendered();
  }, [sale]);

  if (lines.length === 0) {
    return (
      <div className="line-list empty">
        <p className="empty-title">{t('sale.emptyTitle')}</p>
        <p className="muted">{t('sale.emptyHint')}</p>
      </div>
    );
  }

  return (
    <div ref={parentRef} className="line-list" role="list" aria-label={t('sale.linesLabel')}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index];
          if (!line) return null;
          const isSelected = line.lineNo === selected;
          return (
            <div
              key={line.lineNo}
              role="listitem"
              aria-current={isSelected ? 'true' : undefined}
              className={`line-row${isSelected ? ' selected' : ''}`}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              data-line-no={line.lineNo}
              onClick={() => onSelect(line.lineNo)}
            >
              <span className="line-no" aria-hidden="true">
                {item.index + 1}
              </span>
              <div className="line-main">
                <span className="line-name">{productName(line, locale)}</span>
                <span className="line-meta">
                  {line.sku} · {f.qty(line.qtyMilli, line.unit)}
                  {line.unit === 'kg' ? ` ${t('unit.kg')}` : ''} × {f.money(line.unitPrice)}
                  {line.priceTier !== 'retail' && <span className="badge">{t('sale.tier', { tier: line.priceTier })}</span>}
                  {line.priceOverridden && <span className="badge warn">{t('sale.priceChanged')}</span>}
                  {line.discount > 0 && <span className="badge good">{t('sale.lineDiscount', { amount: f.money(line.discount) })}</span>}
                </span>
              </div>
              {editable && (
                <div className="line-actions">
                  {line.unit === 'each' ? (
                    <>
                      <button
                        type="button"
                        className="icon"
                        aria-label={t('sale.qtyMinus', { name: line.name })}
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
                        aria-label={t('sale.qtyPlus', { name: line.name })}
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
                    aria-label={t('sale.voidLine', { name: line.name })}
                    onClick={(e) => (e.stopPropagation(), onVoid(line))}
                  >
                    ×
                  </button>
                </div>
              )}
              <span className="line-amount">{f.money(line.amount)}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
