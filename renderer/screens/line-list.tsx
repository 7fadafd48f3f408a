import { useCallback, useLayoutEffect, useRef } from 'react';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { SaleLineView, SaleView } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { scanPending, scanRendered } from '../scan/scan-timing.ts';
import { LineRow, ROW_HEIGHT } from './line-row.tsx';

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
  const { t } = useI18n();
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
          return (
            <LineRow
              key={line.lineNo}
              line={line}
              position={item.index + 1}
              top={item.start}
              selected={line.lineNo === selected}
              editable={editable}
              onSelect={onSelect}
              onQuantity={onQuantity}
              onVoid={onVoid}
            />
          );
        })}
      </div>
    </div>
  );
}
