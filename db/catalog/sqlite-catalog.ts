import type Database from 'better-sqlite3';
import type { Catalog } from '../../core/ports/catalog.ts';
import type { CatalogSearchHit, Product } from '../../core/catalog/product.ts';
import { parseProductCode } from '../../core/catalog/barcode.ts';
import { EMPTY_DIGEST, versionLabel } from '../master-data-shared.ts';
import { CATALOG_LOOKUPS, rowToProduct, type ProductRow } from './product-rows.ts';
import { planPhoneticSearch, planSearch, searchSql, type SearchIndexTable, type SearchPlan } from './search-plan.ts';
import { searchNames, soundForms } from './search-text.ts';

/** Search hits in the order found, each product once, at most `limit` of them. */
class SearchHits {
  readonly list: CatalogSearchHit[] = [];
  private readonly seen = new Set<string>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  get full(): boolean {
    return this.list.length >= this.limit;
  }

  add(product: Product | undefined, match: CatalogSearchHit['match']): void {
    if (!product?.active || this.seen.has(product.productId) || this.full) return;
    this.seen.add(product.productId);
    this.list.push({ product, match });
  }
}

/**
 * The catalog port over the terminal's SQLite file. Lookups by GTIN, SKU, id and item code
 * return inactive products too (with `active: false`, so the till can say "not for sale");
 * search returns active products only.
 */
export class SqliteCatalog implements Catalog {
  private readonly s;

  constructor(db: Database.Database) {
    const search = (table: SearchIndexTable): Database.Statement => db.prepare(searchSql(table));
    this.s = {
      byGtin: db.prepare(CATALOG_LOOKUPS.byGtin).pluck(),
      byNo: db.prepare(CATALOG_LOOKUPS.byNo),
      bySku: db.prepare(CATALOG_LOOKUPS.bySku),
      byId: db.prepare(CATALOG_LOOKUPS.byId),
      byItemCode: db.prepare(CATALOG_LOOKUPS.byItemCode),
      trigram: search('product_search'),
      short: search('product_search_short'),
      phonetic: search('product_search_phonetic'),
      version: db.prepare(`SELECT version, digest FROM master_data_versions WHERE section = 'catalog' ORDER BY version DESC LIMIT 1`),
    };
  }

  byGtin(gtin14: string): Product | undefined {
    if (!/^\d{14}$/.test(gtin14)) return undefined;
    const no = this.s.byGtin.get(gtin14) as number | undefined;
    if (no === undefined) return undefined;
    return rowToProduct(this.s.byNo.get(no) as ProductRow);
  }

  bySku(sku: string): Product | undefined {
    const row = this.s.bySku.get(sku) as ProductRow | undefined;
    return row ? rowToProduct(row) : undefined;
  }

  byId(productId: string): Product | undefined {
    const row = this.s.byId.get(productId) as ProductRow | undefined;
    return row ? rowToProduct(row) : undefined;
  }

  byItemCode(itemCode: string): Product | undefined {
    const row = this.s.byItemCode.get(itemCode) as ProductRow | undefined;
    return row ? rowToProduct(row) : undefined;
  }

  /**
   * Codes first (a barcode in any EAN/UPC/GTIN form, an exact SKU), then active products whose
   * name starts with the query, then those whose name contains it, then those whose name sounds
   * like it (pinyin or zhuyin, full or initials; among the first LIMIT of them, those whose sound
   * starts with it first); within a group in catalog order. Every group is read through an index with a LIMIT, so
   * a one-character query over a million products costs no more than a rare one. The dearest is
   * a long sound query that matches almost nothing ("tongyichunxia"): its trigrams are common.
   */
  search(query: string, limit: number): CatalogSearchHit[] {
    if (!(limit > 0)) return [];
    const code = query.normalize('NFKC').trim();
    if (code === '') return [];
    const hits = new SearchHits(limit);
    this.addCodeHits(hits, code);
    // Eight or more digits is a code: no product name holds one.
    if (/^\d{8,}$/.test(code)) return hits.list;
    const plan = planSearch(query);
    if (!plan || hits.full) return hits.list;
    this.addNameHits(hits, plan, limit);
    if (!hits.full) this.addSoundHits(hits, query, limit);
    return hits.list;
  }

  /** A barcode in any EAN/UPC/GTIN form, then an exact SKU (as typed, then in upper case). */
  private addCodeHits(hits: SearchHits, code: string): void {
    if (/^\d{8,14}$/.test(code)) {
      const parsed = parseProductCode(code);
      if (parsed.ok) {
        hits.add(this.byGtin(parsed.value.gtin14), 'code');
        if (parsed.value.alternate) hits.add(this.byGtin(parsed.value.alternate.gtin14), 'code');
      }
    }
    hits.add(this.bySku(code), 'code');
    if (code.toUpperCase() !== code) hits.add(this.bySku(code.toUpperCase()), 'code');
  }

  private addNameHits(hits: SearchHits, plan: SearchPlan, limit: number): void {
    const statement = plan.index === 'trigram' ? this.s.trigram : this.s.short;
    if (plan.prefix !== null) {
      for (const row of statement.all(plan.prefix, limit) as ProductRow[]) {
        const product = rowToProduct(row);
        if (searchNames(product).some((k) => k.startsWith(plan.first))) hits.add(product, 'prefix');
      }
    }
    if (!hits.full) {
      for (const row of statement.all(plan.substring, limit + hits.list.length) as ProductRow[]) hits.add(rowToProduct(row), 'substring');
    }
  }

  private addSoundHits(hits: SearchHits, query: string, limit: number): void {
    const sound = planPhoneticSearch(query);
    if (!sound) return;
    const containing = (this.s.phonetic.all(sound.substring, limit + hits.list.length) as ProductRow[]).map(rowToProduct);
    // Those whose sound starts with the query first, worked out from their names (a few
    // microseconds each), not by a prefix query: a rare start of common trigrams ("kafei", most
    // names start with a brand) reads whole posting lists, 4 ms at 1,000,000 products (measured).
    for (const product of containing)
      if (soundForms(searchNames(product)).some((f) => sound.first.some((t) => f.startsWith(t)))) hits.add(product, 'phonetic');
    for (const product of containing) hits.add(product, 'phonetic');
  }

  /** "<counter>-<first 16 hex of the catalog digest>"; "0-…" before the first import. */
  version(): string {
    const row = this.s.version.get() as { version: number; digest: string } | undefined;
    return versionLabel(row ?? { version: 0, digest: EMPTY_DIGEST });
  }

  /** The catalog's current counter and full digest (for a config-change entry). */
  versionRecord(): { version: number; digest: string } {
    return (this.s.version.get() as { version: number; digest: string } | undefined) ?? { version: 0, digest: EMPTY_DIGEST };
  }
}
