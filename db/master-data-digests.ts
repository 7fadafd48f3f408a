import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { CommittedSection, MasterDataCommitments } from '../core/ledger/checkpoint.ts';
import { productContentHash } from './catalog/catalog-digest.ts';
import { PRODUCT_COLUMNS, rowToItem, type ProductRow } from './catalog/product-rows.ts';
import { EMPTY_DIGEST } from './master-data-shared.ts';
import { membersDigest } from './member-directory.ts';
import { staffDigest } from './staff-directory.ts';

// Master data as the tables hold it now, digested the way its writers digest it, against the
// digest the chain committed in the section's last config-change entry. An edit made outside the
// till (the SQLite file changed while it was stopped) shows here, named by section and table.

/** The tables each section's digest covers. */
export const SECTION_TABLES: Record<CommittedSection, readonly string[]> = {
  catalog: ['products', 'product_names', 'product_prices', 'product_barcodes'],
  staff: ['staff'],
  members: ['members', 'member_cards'],
  'terminal-config': ['hq-config.json'],
};

export interface MasterDataMismatch {
  section: CommittedSection;
  tables: readonly string[];
  /** The committed digest (EMPTY_DIGEST: nothing was ever recorded) and the one the data has now. */
  recorded: string;
  actual: string;
  /** Seq of the config-change entry that recorded the section, null when none did. */
  recordedSeq: number | null;
  message: string;
}

/**
 * The catalog digest recomputed from the rows (not from the stored content hashes, which an edit
 * leaves alone), and the first product whose rows no longer give its recorded content hash.
 */
export function catalogDigestFromRows(db: Database.Database): { digest: string; firstChanged: string | null } {
  const h = createHash('sha256');
  let firstChanged: string | null = null;
  const rows = db.prepare(`SELECT ${PRODUCT_COLUMNS}, p.content_hash AS recordedHash FROM products p ORDER BY p.product_id`);
  let buffer = '';
  for (const row of rows.iterate() as IterableIterator<ProductRow & { recordedHash: string }>) {
    const hash = productContentHash(rowToItem(row));
    if (firstChanged === null && hash !== row.recordedHash) firstChanged = row.productId;
    buffer += `${row.productId}\t${hash}\n`;
    if (buffer.length > 65_536) {
      h.update(buffer);
      buffer = '';
    }
  }
  h.update(buffer);
  return { digest: h.digest('hex'), firstChanged };
}

/** Digests of the SQLite sections as they are now. */
export function currentSectionDigests(db: Database.Database): {
  catalog: string;
  staff: string;
  members: string;
  firstChangedProduct: string | null;
} {
  const catalog = catalogDigestFromRows(db);
  return {
    catalog: catalog.digest,
    staff: staffDigest(db).digest,
    members: membersDigest(db).digest,
    firstChangedProduct: catalog.firstChanged,
  };
}

/**
 * Compares the master data with what the chain committed. `hqConfigDigest`: SHA-256 of the
 * canonical JSON of the HQ configuration file next to the ledger (null when there is none);
 * undefined skips that section (a ledger checked without its folder).
 */
export function checkMasterData(
  db: Database.Database,
  commitments: MasterDataCommitments,
  hqConfigDigest?: string | null,
): MasterDataMismatch[] {
  const now = currentSectionDigests(db);
  const actual: Partial<Record<CommittedSection, string | null>> = { catalog: now.catalog, staff: now.staff, members: now.members };
  if (hqConfigDigest !== undefined) actual['terminal-config'] = hqConfigDigest;
  const mismatches: MasterDataMismatch[] = [];
  for (const [section, digest] of Object.entries(actual) as Array<[CommittedSection, string | null]>) {
    const committed = commitments[section];
    // Never recorded: the tables must be empty (the HQ configuration file absent).
    const recorded = committed?.digest ?? (section === 'terminal-config' ? null : EMPTY_DIGEST);
    if (digest === recorded) continue;
    const tables = SECTION_TABLES[section];
    const where = committed ? `the config-change entry ${committed.seq}` : 'no config-change entry';
    const product = section === 'catalog' && now.firstChangedProduct ? ` (first changed product: ${now.firstChangedProduct})` : '';
    mismatches.push({
      section,
      tables,
      recorded: recorded ?? '',
      actual: digest ?? '',
      recordedSeq: committed?.seq ?? null,
      message: `${section} (${tables.join(', ')}) was changed outside the till: it does not match ${where}${product}`,
    });
  }
  return mismatches;
}

/**
 * Before a catalog import: products whose rows no longer give their recorded content hash (edited
 * outside the till) lose that hash, so the import rewrites them from the file instead of taking
 * them for unchanged. That is how a re-import repairs a changed price and records a new digest.
 */
export function unsettleChangedProducts(db: Database.Database): number {
  const rows = db.prepare(`SELECT ${PRODUCT_COLUMNS}, p.content_hash AS recordedHash FROM products p`);
  const changed: number[] = [];
  for (const row of rows.iterate() as IterableIterator<ProductRow & { recordedHash: string }>) {
    if (productContentHash(rowToItem(row)) !== row.recordedHash) changed.push(row.productNo);
  }
  const unsettle = db.prepare("UPDATE products SET content_hash = '' WHERE product_no = ?");
  for (const no of changed) unsettle.run(no);
  return changed.length;
}
