import { useEffect, useId, useRef, type Ref } from 'react';
import type { ProductView } from '../../core/contract/index.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useFormat } from '../app/use-format.ts';
import { useProductSearch } from './use-product-search.ts';

/**
 * Product search with results as you type (name in any language, SKU or barcode). Arrow keys
 * move, Enter adds, Esc goes back to the scan field.
 */
export function SearchPanel({
  initial,
  onPick,
  onClose,
  ref,
}: {
  initial: string;
  onPick: (p: ProductView) => void;
  onClose: () => void;
  ref?: Ref<HTMLElement>;
}) {
  const { t } = useI18n();
  const ids = useId();
  const { query, type, results, active, setActive, searched } = useProductSearch(initial);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => inputRef.current?.focus(), []);

  const pick = (p: ProductView | undefined) => {
    if (p) onPick(p);
  };

  return (
    <section ref={ref} className="search-panel" aria-label={t('search.label')}>
      <div className="search-bar">
        <label htmlFor={`${ids}-q`} className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id={`${ids}-q`}
          ref={inputRef}
          value={query}
          placeholder={t('search.placeholder')}
          onChange={(e) => type(e.target.value)}
          autoComplete="off"
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls={`${ids}-list`}
          aria-activedescendant={results[active] ? `${ids}-r${active}` : undefined}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, results.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              pick(results[active]);
            } else if (e.key === 'Escape') {
              e.preventDefault();
              onClose();
            }
          }}
        />
        <button type="button" onClick={onClose}>
          {t('common.back')} <kbd>Esc</kbd>
        </button>
      </div>
      <SearchResults ids={ids} results={results} active={active} onPick={pick} />
      {searched && results.length === 0 && <p className="muted search-empty">{t('search.none', { query: searched })}</p>}
    </section>
  );
}

/** The products found, the active one marked; a click adds it without taking focus from the search field. */
function SearchResults({
  ids,
  results,
  active,
  onPick,
}: {
  /** The panel's id prefix: the search field points at the list and the active option by these ids. */
  ids: string;
  results: ProductView[];
  active: number;
  onPick: (p: ProductView) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  return (
    <ul id={`${ids}-list`} role="listbox" className="search-results" aria-label={t('search.results')}>
      {results.map((p, i) => (
        <li
          key={p.productId}
          id={`${ids}-r${i}`}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : ''}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(p)}
        >
          <span className="result-name">{f.product(p)}</span>
          <span className="result-meta">
            {p.sku} · {f.department(p.department)}
            {p.unit === 'kg' ? ` · ${t('search.perKg')}` : ''}
          </span>
          <span className="result-price">{f.money(p.price)}</span>
        </li>
      ))}
    </ul>
  );
}
