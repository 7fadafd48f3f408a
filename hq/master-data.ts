import { randomBytes, scryptSync, createHash } from 'node:crypto';
import type pg from 'pg';
import type { CatalogItem } from '../core/catalog/product.ts';
import {
  masterDataKey,
  masterDataRecordSchemas,
  type MasterDataRecord,
  type MasterDataKind,
  type MemberRecord,
  type ProductRecord,
  type StaffRecord,
} from '../platform/hq-protocol.ts';
import type { PinHash } from '../core/auth/pin-hash.ts';
import { HqError } from './errors.ts';

// Master data HQ publishes to terminals: products (barcodes, a price per tier), tax classes,
// price and member tiers, roles, members with their token secrets (all chain-wide), and staff,
// each only to the stores the person works at. A publish is one version; terminals ask for the
// records changed since the version they applied.

/** A publish serialises with every other publish, so versions commit in order and a reader's cursor never skips one. */
const PUBLISH_LOCK = 0x5450_4d44; // 'TPMD'
const CHUNK = 2_000;

export interface PublishResult {
  /** The new version, or null when nothing changed (no version is used up). */
  version: number | null;
  changed: number;
  deactivated: number;
}

export interface PublishedChange {
  version: number;
  section: MasterDataKind;
  key: string;
  record: unknown;
}

export interface PublishedPage {
  changes: PublishedChange[];
  /** Version to ask from next time. */
  cursor: number;
  more: boolean;
}

export type AnyRecord = { [S in MasterDataKind]: { section: S; record: MasterDataRecord<S> } }[MasterDataKind] & {
  /** Staff only: the stores the record is published to ('*': every store). */
  stores?: readonly string[];
};

/** Every store: an area manager, or staff published before records named their stores. */
export const ALL_STORES = '*';
const STORE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The stores of a staff record, checked, without repeats, sorted ('*' alone when it is among them). */
export function staffStores(stores: readonly string[]): string[] {
  const set = new Set(stores.map((x) => x.trim()));
  if (set.size === 0) throw new HqError('master-data.invalid', 'a staff member works at one store at least (or "all")');
  if (set.has(ALL_STORES) || set.has('all')) return [ALL_STORES];
  for (const x of set) if (!STORE_ID.test(x)) throw new HqError('master-data.invalid', `"${x}" is not a store id`);
  return [...set].sort();
}

/** What a terminal of a store that `record` no longer names gets: the person, inactive, without credentials. */
function withdrawnStaff(record: StaffRecord): StaffRecord {
  return { ...record, active: false, pin: null, badgeHash: null };
}

function check(section: MasterDataKind, record: unknown): void {
  const parsed = masterDataRecordSchemas[section].safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HqError(
      'master-data.invalid',
      `${section} record: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    );
  }
}

export class MasterData {
  private readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /**
   * Publishes records as one version. Records equal to what is published already do not count as
   * changes. `deactivateOtherProducts`: products not among `records` are published inactive (a
   * full catalog import); `keepProductIds` are left alone (rows the import rejected).
   */
  async publish(
    summary: string,
    records: readonly AnyRecord[],
    options: { deactivateOtherProducts?: boolean; keepProductIds?: readonly string[] } = {},
  ): Promise<PublishResult> {
    for (const r of records) {
      check(r.section, r.record);
      if (r.stores !== undefined && r.section !== 'staff')
        throw new HqError('master-data.invalid', `${r.section} records are chain-wide; only staff records name stores`);
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [PUBLISH_LOCK]);
      const version = Number(
        (await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM hq_master_versions')).rows[0]!.v,
      );
      await client.query('INSERT INTO hq_master_versions (version, summary) VALUES ($1, $2)', [version, summary.slice(0, 500)]);
      let changed = 0;
      for (let i = 0; i < records.length; i += CHUNK) {
        const chunk = records.slice(i, i + CHUNK);
        // A staff record keeps every store it was ever published to (former_stores): a NULL
        // stores is every store (published before stores existed).
        const r = await client.query(
          `INSERT INTO hq_master_records AS m (section, key, version, record, stores, former_stores)
           SELECT s, k, $1, r, st, st FROM (
             SELECT s, k, r, CASE WHEN sj IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(sj) ORDER BY 1) END AS st
             FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::jsonb[]) AS t(s, k, r, sj)) x
           ON CONFLICT (section, key) DO UPDATE SET record = excluded.record, version = excluded.version, stores = excluded.stores,
             former_stores = CASE WHEN m.section = 'staff'
               THEN ARRAY(SELECT DISTINCT f FROM unnest(COALESCE(m.former_stores, '{}') || COALESCE(m.stores, '{*}') || COALESCE(excluded.stores, '{*}')) AS f ORDER BY 1)
               ELSE NULL END
           WHERE m.record IS DISTINCT FROM excluded.record OR m.stores IS DISTINCT FROM excluded.stores`,
          [
            version,
            chunk.map((c) => c.section),
            chunk.map((c) => masterDataKey(c.section, c.record as never)),
            chunk.map((c) => JSON.stringify(c.record)),
            chunk.map((c) => (c.stores === undefined ? null : JSON.stringify(staffStores(c.stores)))),
          ],
        );
        changed += r.rowCount ?? 0;
      }
      let deactivated = 0;
      if (options.deactivateOtherProducts) {
        const keep = [...records.filter((r) => r.section === 'product').map((r) => r.record.productId), ...(options.keepProductIds ?? [])];
        const r = await client.query(
          `UPDATE hq_master_records SET record = jsonb_set(record, '{active}', 'false'), version = $1
           WHERE section = 'product' AND NOT (key = ANY($2::text[])) AND record -> 'active' = 'true'::jsonb`,
          [version, keep],
        );
        deactivated = r.rowCount ?? 0;
      }
      if (changed + deactivated === 0) {
        await client.query('ROLLBACK');
        return { version: null, changed: 0, deactivated: 0 };
      }
      await client.query('COMMIT');
      return { version, changed, deactivated };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  async record<S extends MasterDataKind>(section: S, key: string): Promise<MasterDataRecord<S> | null> {
    const r = await this.pool.query<{ record: MasterDataRecord<S> }>(
      'SELECT record FROM hq_master_records WHERE section = $1 AND key = $2',
      [section, key],
    );
    return r.rows[0]?.record ?? null;
  }

  async currentVersion(): Promise<number> {
    return Number((await this.pool.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM hq_master_versions')).rows[0]!.v);
  }

  /**
   * Records changed after version `since`, oldest version first, about `limit` per page. A page
   * ends on a version boundary (a version larger than a page comes whole), so `cursor` always
   * names a version the terminal holds completely. With `storeId` (a terminal asking), staff
   * records come only for that store's staff, and for people it had who were moved elsewhere:
   * those inactive and without their PIN and badge hashes; chain-wide sections come whole.
   */
  async changesSince(since: number, limit = 1_000, scope: { storeId?: string } = {}): Promise<PublishedPage> {
    type Row = { version: number; section: MasterDataKind; key: string; record: unknown; stores: string[] | null };
    const storeId = scope.storeId ?? null;
    // Versions up to `latest` are all committed (publishes serialise and commit in order): when
    // nothing more is for this store, the cursor moves there, past versions it did not get.
    const latest = await this.currentVersion();
    const visible = `($3::text IS NULL OR section <> 'staff' OR COALESCE(stores, '{*}') && ARRAY[$3, '*'] OR COALESCE(former_stores, '{}') && ARRAY[$3, '*'])`;
    const r = await this.pool.query<Row>(
      `SELECT version, section, key, record, stores FROM hq_master_records WHERE version > $1 AND version <= $4 AND ${visible} ORDER BY version, section, key LIMIT $2`,
      [since, limit + 1, storeId, latest],
    );
    let rows = r.rows;
    let more = false;
    if (rows.length > limit) {
      more = true;
      const cut = rows[limit]!.version;
      const within = rows.slice(0, limit).filter((row) => row.version < cut);
      if (within.length > 0) {
        rows = within;
      } else {
        const whole = await this.pool.query<Row>(
          `SELECT version, section, key, record, stores FROM hq_master_records WHERE version = $1 AND ${visible.replaceAll('$3', '$2')} ORDER BY section, key`,
          [cut, storeId],
        );
        rows = whole.rows;
      }
    }
    const forStore = (row: Row): unknown => {
      if (storeId === null || row.section !== 'staff') return row.record;
      const stores = row.stores ?? [ALL_STORES];
      return stores.includes(ALL_STORES) || stores.includes(storeId) ? row.record : withdrawnStaff(row.record as StaffRecord);
    };
    const changes: PublishedChange[] = rows.map((row) => ({
      version: row.version,
      section: row.section,
      key: row.key,
      record: forStore(row),
    }));
    // Every version up to the last one returned is complete in this page (or an earlier one).
    return { changes, cursor: more ? changes.at(-1)!.version : Math.max(since, latest), more };
  }

  /** The stores a published staff record is for (null: none published; ['*']: every store). */
  async staffStoresOf(staffId: string): Promise<string[] | null> {
    const r = await this.pool.query<{ stores: string[] | null }>(
      `SELECT stores FROM hq_master_records WHERE section = 'staff' AND key = $1`,
      [staffId],
    );
    const row = r.rows[0];
    return row ? (row.stores ?? [ALL_STORES]) : null;
  }

  // ---------------------------------------------------------------------------------------
  // Convenience publishers used by the CLI.

  async importCatalog(
    items: readonly CatalogItem[],
    options: { source: string; merge: boolean; keepProductIds?: readonly string[]; by?: string },
  ): Promise<PublishResult> {
    const records = items.map((item): AnyRecord => ({ section: 'product', record: { ...item } satisfies ProductRecord }));
    const by = options.by ? ` by ${options.by}` : '';
    return this.publish(`catalog import ${options.source}${options.merge ? ' (merge)' : ''}: ${items.length} products${by}`, records, {
      deactivateOtherProducts: !options.merge,
      ...(options.keepProductIds ? { keepProductIds: options.keepProductIds } : {}),
    });
  }

  /** `by`: who changed it (a console user), kept in the version's summary. */
  async setProductPrice(productId: string, tier: string, unitPrice: number, by?: string): Promise<PublishResult> {
    const current = await this.record('product', productId);
    if (!current) throw new HqError('master-data.invalid', `no product ${productId} is published`);
    return this.publish(`price of ${productId} (${tier}) set to ${unitPrice}${by ? ` by ${by}` : ''}`, [
      { section: 'product', record: { ...current, prices: { ...current.prices, [tier]: unitPrice } } },
    ]);
  }

  /**
   * Publishes a staff member to `stores` ('*' or 'all': every store). Without `stores` an
   * existing record keeps its stores; a new one must name them.
   */
  async addStaff(input: {
    staffId: string;
    name: string;
    role: StaffRecord['role'];
    pin?: string;
    badge?: string;
    active?: boolean;
    stores?: readonly string[];
  }): Promise<PublishResult> {
    const current = await this.record('staff', input.staffId);
    const stores = input.stores ?? (current ? await this.staffStoresOf(input.staffId) : null);
    if (!stores)
      throw new HqError(
        'master-data.invalid',
        `staff ${input.staffId} is new: name the store(s) they work at (--store S, repeatable, or --store all)`,
      );
    const record: StaffRecord = {
      staffId: input.staffId,
      name: input.name,
      role: input.role,
      active: input.active ?? true,
      pin: input.pin !== undefined ? hashPin(input.pin) : (current?.pin ?? null),
      badgeHash: input.badge !== undefined ? badgeHash(input.badge) : (current?.badgeHash ?? null),
    };
    const scope = staffStores(stores);
    return this.publish(`staff ${input.staffId} (${input.role}) at ${scope.join(', ')}`, [{ section: 'staff', record, stores: scope }]);
  }

  async addMember(
    input: Omit<MemberRecord, 'tokenSecret' | 'active' | 'email' | 'cardNumbers'> &
      Partial<Pick<MemberRecord, 'tokenSecret' | 'active' | 'email' | 'cardNumbers'>>,
  ): Promise<{ result: PublishResult; tokenSecret: string }> {
    const current = await this.record('member', input.memberId);
    const tokenSecret = input.tokenSecret ?? current?.tokenSecret ?? newTokenSecret();
    const record: MemberRecord = {
      memberId: input.memberId,
      name: input.name,
      tier: input.tier,
      tokenSecret,
      cardNumbers: input.cardNumbers ?? current?.cardNumbers ?? [],
      email: input.email ?? current?.email ?? null,
      active: input.active ?? true,
    };
    return { result: await this.publish(`member ${input.memberId} (${input.tier})`, [{ section: 'member', record }]), tokenSecret };
  }
}

// ---------------------------------------------------------------------------------------------
// Credentials: HQ never keeps a PIN or a badge number, only what the terminal checks against.

/** scrypt cost the terminal uses for PINs (db/staff-directory.ts DEFAULT_PIN_SCRYPT). */
export const PIN_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

export function hashPin(pin: string, params: { N: number; r: number; p: number } = PIN_SCRYPT): PinHash {
  const digits = pin.normalize('NFKC').trim();
  if (!/^\d{4,12}$/.test(digits)) throw new HqError('master-data.invalid', 'a PIN is 4 to 12 digits');
  const salt = randomBytes(16);
  const hash = scryptSync(digits, salt, 32, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 });
  return { scheme: 'scrypt', N: params.N, r: params.r, p: params.p, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

/** The terminal's badge lookup hash (db/staff-directory.ts badgeHash; a test keeps them equal). */
export function badgeHash(badge: string): string {
  const b = badge.normalize('NFKC').trim();
  if (!/^[\x21-\x7e]{4,64}$/.test(b)) throw new HqError('master-data.invalid', 'a badge is 4 to 64 printable ASCII characters');
  return createHash('sha256').update(`tillproof/badge/v1\u0000${b}`).digest('hex');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A new RFC 6238 secret: 160 random bits in base32 (32 characters). */
export function newTokenSecret(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
