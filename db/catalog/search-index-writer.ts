import type Database from 'better-sqlite3';
import type { CatalogItem } from '../../core/catalog/product.ts';
import { SLOTS, phoneticText, searchNames, shortText, trigramText } from './search-text.ts';

/** The statements that write the three search indexes (prepared once per database, catalog-statements.ts). */
export interface SearchIndexStatements {
  insertSearch: Database.Statement;
  insertSearchShort: Database.Statement;
  deleteSearch: Database.Statement;
  deleteSearchShort: Database.Statement;
  insertPhonetic: Database.Statement;
  deletePhonetic: Database.Statement;
}

/**
 * Writes the name indexes (names and their sound forms). FTS5 flushes its in-memory segment
 * whenever a transaction writes a rowid lower than (or, after a delete, equal to) the last one,
 * so rewriting products in file order would make one tiny segment per product and slow to a
 * crawl on a big catalog (measured: 450 us per updated product at 200k products, 20 us in rowid
 * order). New products have the highest product_no and go in at once; rewrites and deletions of
 * existing products wait and go in ascending rowid order, each slot's delete before its insert.
 */
export class SearchIndexWriter {
  private readonly s: SearchIndexStatements;
  private readonly pending = new Map<number, { drop: boolean; keys: string[] | null }>();

  constructor(s: SearchIndexStatements) {
    this.s = s;
  }

  /** Indexes a product added by this import (product_no above every earlier one). */
  addNew(no: number, item: CatalogItem): void {
    const keys = searchNames(item);
    keys.forEach((key, slot) => this.insert(no * SLOTS + slot, key));
    this.insertPhonetic(no, keys);
  }

  /** Re-indexes an existing product: its old rows go, the new ones (if any) come. */
  replace(no: number, wasIndexed: boolean, item: CatalogItem | null): void {
    const entry = this.pending.get(no) ?? { drop: false, keys: null };
    entry.drop ||= wasIndexed;
    entry.keys = item ? searchNames(item) : null;
    this.pending.set(no, entry);
  }

  flush(): void {
    const nos = [...this.pending.keys()].sort((a, b) => a - b);
    for (const no of nos) {
      const { drop, keys } = this.pending.get(no)!;
      for (let slot = 0; slot < SLOTS; slot++) {
        const rowid = no * SLOTS + slot;
        if (drop) {
          this.s.deleteSearch.run(rowid);
          this.s.deleteSearchShort.run(rowid);
        }
        const key = keys?.[slot];
        if (key !== undefined) this.insert(rowid, key);
      }
      if (drop) this.s.deletePhonetic.run(no);
      if (keys) this.insertPhonetic(no, keys);
    }
    this.pending.clear();
  }

  private insert(rowid: number, key: string): void {
    this.s.insertSearch.run(rowid, trigramText(key));
    this.s.insertSearchShort.run(rowid, shortText(key));
  }

  private insertPhonetic(no: number, keys: readonly string[]): void {
    const text = phoneticText(keys);
    if (text !== null) this.s.insertPhonetic.run(no, text);
  }
}
