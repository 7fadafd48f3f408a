import { useId, useState, type FormEvent } from 'react';
import type { ProductView } from '../../core/contract/index.ts';
import { Fact } from '../components/fact.tsx';
import { Modal } from '../components/modal.tsx';
import { useFormat } from '../app/use-format.ts';
import { useTill, useTillState } from '../app/till-context.tsx';
import { toCallFailure } from '../bridge/call-failure.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useScanTarget } from '../scan/scan-routing.tsx';

/** The product a code names: the one whose barcode or SKU it is, else the only one found. */
function exactMatch(code: string, found: readonly ProductView[]): ProductView | null {
  const c = code.trim().toLowerCase();
  const exact = found.find((p) => p.sku.toLowerCase() === c || p.barcodes.includes(code.trim()));
  return exact ?? (found.length === 1 ? (found[0] ?? null) : null);
}

/**
 * Price check: a scan or a typed code shows the product's name, price and unit, and its other
 * tiers' prices, without starting a sale (nothing is written). A wedge scan while it is open
 * comes here, not to the sale.
 */
export function PriceCheckDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const { bridge, showFailure } = useTill();
  const terminal = useTillState((s) => s.terminal);
  const id = useId();
  const [code, setCode] = useState('');
  const [asked, setAsked] = useState('');
  const [found, setFound] = useState<ProductView[]>([]);
  const [product, setProduct] = useState<ProductView | null>(null);

  const look = async (raw: string) => {
    const q = raw.trim().slice(0, 64);
    if (!q) return;
    try {
      const r = await bridge['catalog.search']({ query: q, limit: 10 });
      setAsked(q);
      setFound(r);
      setProduct(exactMatch(q, r));
      setCode('');
    } catch (e) {
      showFailure(toCallFailure(e));
    }
  };

  useScanTarget((scan) => void look(scan.code), 'dialog');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void look(code);
  };

  const defaultTier = terminal?.defaultTier ?? 'retail';
  // The store's name for a tier; the demo's standard tiers have words in every language.
  const tierName = (tier: string) =>
    terminal?.tierNames[tier] ?? (tier === 'member' ? t('priceCheck.tierMember') : tier === 'vip' ? t('priceCheck.tierVip') : tier);
  const perUnit = (p: ProductView) => (p.unit === 'kg' ? t('priceCheck.perKg') : t('priceCheck.each'));

  return (
    <Modal title={t('priceCheck.title')} onClose={onClose}>
      <form onSubmit={submit} className="price-check">
        <p>{t('priceCheck.text')}</p>
        <label htmlFor={`${id}-code`}>{t('priceCheck.code')}</label>
        <input id={`${id}-code`} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" autoFocus />
        {product && (
          <section aria-label={t('priceCheck.result')} className="price-check-result">
            <h3>{fmt.product(product)}</h3>
            <dl>
              <Fact term={t('priceCheck.price')} className="price-check-price">
                {fmt.money(product.price)} {perUnit(product)}
              </Fact>
              {Object.entries(product.prices)
                .filter(([tier]) => tier !== defaultTier)
                .map(([tier, price]) => (
                  <Fact key={tier} term={t('priceCheck.tierPrice', { tier: tierName(tier) })}>
                    {fmt.money(price)} {perUnit(product)}
                  </Fact>
                ))}
              <Fact term={t('priceCheck.sku')}>{product.sku}</Fact>
            </dl>
          </section>
        )}
        {!product && found.length > 1 && (
          <ul className="price-check-list" aria-label={t('priceCheck.several')}>
            {found.map((p) => (
              <li key={p.productId}>
                <button type="button" onClick={() => setProduct(p)}>
                  {fmt.product(p)} · {fmt.money(p.price)}
                </button>
              </li>
            ))}
          </ul>
        )}
        {asked && found.length === 0 && (
          <p role="alert" className="error">
            {t('priceCheck.none', { code: asked })}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.close')} <kbd>Esc</kbd>
          </button>
          <button type="submit" className="primary" disabled={code.trim() === ''}>
            {t('priceCheck.look')} <kbd>Enter</kbd>
          </button>
        </div>
      </form>
    </Modal>
  );
}
