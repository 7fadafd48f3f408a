// Catalog methods: the product search the sale screen's item finder uses.
import type { Product } from '../ports.ts';
import type { ProductView } from '../contract/views.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';

/** A product as the screens show it, priced at the store's default tier. */
export function productView(ctx: TerminalContext, p: Product): ProductView {
  const price = p.prices[ctx.config().pricing.defaultTier] ?? 0;
  return { productId: p.productId, sku: p.sku, name: p.name, names: p.names, barcodes: p.barcodes, unit: p.unit, department: p.department, price, prices: p.prices };
}

export function createCatalogHandlers(ctx: TerminalContext): HandlersOf<'catalog.search'> {
  return {
    async 'catalog.search'(p) {
      ctx.requireOperator();
      return ctx.catalog.search(p.query, p.limit).map((h) => productView(ctx, h.product));
    },
  };
}
