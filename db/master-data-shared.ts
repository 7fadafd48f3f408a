import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import type { MasterDataSection } from '../core/shared/enums.ts';
import { TillproofError } from '../core/shared/errors.ts';
import { unsafeCharacter } from '../core/catalog/normalize.ts';

// Pieces shared by the master-data readers and writers: the typed error, the version records
// and the rule that writers run inside the caller's transaction.

export type MasterDataErrorCode =
  /** A writer was called outside a transaction: its ledger entry could not go with it. */
  | 'master-data.no-transaction'
  /** A product, staff member or member record breaks a rule (bad field, unknown unit...). */
  | 'master-data.invalid'
  | 'master-data.duplicate-product-id'
  | 'master-data.duplicate-sku'
  | 'master-data.duplicate-barcode'
  | 'master-data.duplicate-item-code'
  /** A SKU is held by a product the import does not mention (SKUs are not taken over silently). */
  | 'master-data.sku-taken';

/** A master-data failure the CLI and the UI can explain: a code plus a message naming the record. */
export class MasterDataError extends TillproofError<MasterDataErrorCode> {
  declare readonly details: Readonly<Record<string, string | number>>;
  constructor(code: MasterDataErrorCode, message: string, details: Readonly<Record<string, string | number>> = {}) {
    super(code, message, { details });
    this.name = 'MasterDataError';
  }
}

/** What one writer call changed, and the section's version afterwards (unchanged when nothing changed). */
export interface SectionChange {
  section: MasterDataSection;
  inserted: number;
  updated: number;
  deactivated: number;
  /** Counts up by one per change of the section, from 1; 0 before its first change. */
  version: number;
  /** Hex SHA-256 over the section's whole content (see each writer for the exact input). */
  digest: string;
}

export const EMPTY_DIGEST = createHash('sha256').digest('hex');

export function requireTransaction(db: Database.Database, what: string): void {
  if (!db.inTransaction) {
    const message = `${what} runs inside the caller's transaction (so its ledger config-change entry commits with it); call it inside store.write()`;
    throw new MasterDataError('master-data.no-transaction', message);
  }
}

export function currentVersion(db: Database.Database, section: MasterDataSection): { version: number; digest: string } {
  const latest = db.prepare('SELECT version, digest FROM master_data_versions WHERE section = ? ORDER BY version DESC LIMIT 1');
  const row = latest.get(section) as { version: number; digest: string } | undefined;
  return row ?? { version: 0, digest: EMPTY_DIGEST };
}

export function recordVersion(db: Database.Database, change: SectionChange, rowCount: number): void {
  db.prepare(
    `INSERT INTO master_data_versions (section, version, digest, row_count, inserted, updated, deactivated, applied_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
  ).run(change.section, change.version, change.digest, rowCount, change.inserted, change.updated, change.deactivated);
}

/** Opaque version string of a section: "<counter>-<first 16 hex digits of the digest>". */
export function versionLabel(v: { version: number; digest: string }): string {
  return `${v.version}-${v.digest.slice(0, 16)}`;
}

/** Refuses a staff or member record: `master-data.invalid` with the message naming it. */
export function invalid(message: string, details: Record<string, string> = {}): never {
  throw new MasterDataError('master-data.invalid', message, details);
}

/** A required text field of a staff or member record: trimmed, NFC, no control character, at most `max` characters. */
export function checkText(what: string, v: unknown, max: number): string {
  if (typeof v !== 'string' || v.trim() === '') invalid(`${what} is empty`);
  const t = v.trim().normalize('NFC');
  if (unsafeCharacter(t)) invalid(`${what} contains a control character`);
  if ([...t].length > max) invalid(`${what} is longer than ${max} characters`);
  return t;
}
