import type Database from 'better-sqlite3';
import { phoneticText, searchNames } from './search-text.ts';

export interface SearchIndexRebuildProgress {
  index: string;
  done: number;
  total: number;
}

/**
 * Builds the search indexes a migration left to code (search_index_rebuilds), from the catalog
 * tables, in one transaction: today the sound index of catalogs imported before migration 0004.
 * Run at start, before the till serves a search; no-op (and cheap) when nothing is pending.
 * Returns the indexes built.
 */
export function rebuildPendingSearchIndexes(
  db: Database.Database,
  onProgress?: (p: SearchIndexRebuildProgress) => void,
  batch = 10_000,
): string[] {
  const pending = db.prepare('SELECT index_name FROM search_index_rebuilds ORDER BY index_name').pluck().all() as string[];
  if (pending.length === 0) return [];
  const rebuild = db.transaction(() => {
    for (const index of pending) {
      if (index !== 'product_search_phonetic') throw new Error(`no code builds search index ${index}`);
      rebuildSoundIndex(db, index, onProgress, batch);
      db.prepare('DELETE FROM search_index_rebuilds WHERE index_name = ?').run(index);
    }
  });
  if (db.inTransaction) rebuild();
  else rebuild.immediate();
  return pending;
}

function rebuildSoundIndex(
  db: Database.Database,
  index: string,
  onProgress: ((p: SearchIndexRebuildProgress) => void) | undefined,
  batch: number,
): void {
  db.prepare("INSERT INTO product_search_phonetic (product_search_phonetic) VALUES ('delete-all')").run();
  const total = db.prepare('SELECT COUNT(*) FROM products WHERE active = 1').pluck().get() as number;
  // In batches by product_no (ascending, as FTS5 writes best): better-sqlite3 runs no
  // statement while another is being iterated.
  const page = db.prepare(`SELECT p.product_no AS no, p.name,
      (SELECT json_group_object(n.lang, n.name) FROM product_names n WHERE n.product_no = p.product_no) AS names
    FROM products p WHERE p.active = 1 AND p.product_no > ? ORDER BY p.product_no LIMIT ?`);
  const insert = db.prepare('INSERT INTO product_search_phonetic (rowid, forms) VALUES (?, ?)');
  let last = 0;
  let done = 0;
  for (;;) {
    const rows = page.all(last, batch) as Array<{ no: number; name: string; names: string }>;
    if (rows.length === 0) break;
    for (const r of rows) {
      const text = phoneticText(searchNames({ name: r.name, names: JSON.parse(r.names) as Record<string, string> }));
      if (text !== null) insert.run(r.no, text);
    }
    last = rows.at(-1)!.no;
    done += rows.length;
    onProgress?.({ index, done, total });
  }
}
