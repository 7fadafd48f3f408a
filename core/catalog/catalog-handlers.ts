// Catalog methods: the product search the sale screen's item finder uses.
import type { Product } from './product.ts';
import type { ProductView } from '../contract/views.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';

/** A product as the screens show it, priced at the store's default tier. */
export function productView(ctx: TerminalContext, p: Product): ProductView {
  const { productId, sku, name, names, barcodes, unit, department, prices } = p;
  return { productId, sku, name, names, barcodes, unit, department, price: prices[ctx.config().pricing.defaultTier] ?? 0, prices };
}

export function createCatalogHandlers(ctx: TerminalContext): HandlersOf<'catalog.search'> {
  return {
    async 'catalog.search'(p) {
      ctx.requireOperator();
      return ctx.catalog.search(p.query, p.limit).map((h) => productView(ctx, h.product));
    },
  };
}
