import { randomBytes, scryptSync, createHash } from 'node:crypto';
import type pg from 'pg';
import type { CatalogItem } from '../core/catalog/csv.ts';
import {
  masterDataKey,
  masterDataRecordSchemas,
  type MasterDataRecord,
  type MasterDataSection,
  type MemberRecord,
  type PinHash,
  type ProductRecord,
  type StaffRecord,
} from '../platform/hq-protocol.ts';
import { HqError } from './errors.ts';

// Master data HQ publishes to every terminal: products (barcodes, a price per tier), tax
// classes, price and member tiers, staff and roles, members with their token secrets. A publish
// is one version; terminals ask for the records changed since the version they applied.

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
  section: MasterDataSection;
  key: string;
  record: unknown;
}

export interface PublishedPage {
  changes: PublishedChange[];
  /** Version to ask from next time. */
  cursor: number;
  more: boolean;
}

export type AnyRecord = { [S in MasterDataSection]: { section: S; record: MasterDataRecord<S> } }[MasterDataSection];

function check(section: MasterDataSection, record: unknown): void {
  const parsed = masterDataRecordSchemas[section].safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HqError('master-data.invalid', `${section} record: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
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
  async publish(summary: string, records: readonly AnyRecord[], options: { deactivateOtherProducts?: boolean; keepProductIds?: readonly string[] } = {}): Promise<PublishResult> {
    for (const r of records) check(r.section, r.record);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [PUBLISH_LOCK]);
      const version = Number((await client.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM hq_master_versions')).rows[0]!.v);
      await client.query('INSERT INTO hq_master_versions (version, summary) VALUES ($1, $2)', [version, summary.slice(0, 500)]);
      let changed = 0;
      for (let i = 0; i < records.length; i += CHUNK) {
        const chunk = records.slice(i, i + CHUNK);
        const r = await client.query(
          `INSERT INTO hq_master_records AS m (section, key, version, record)
           SELECT s, k, $1, r FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS t(s, k, r)
           ON CONFLICT (section, key) DO UPDATE SET record = excluded.record, version = excluded.version
           WHERE m.record IS DISTINCT FROM excluded.record`,
          [version, chunk.map((c) => c.section), chunk.map((c) => masterDataKey(c.section, c.record as never)), chunk.map((c) => JSON.stringify(c.record))],
        );
        changed += r.rowCount ?? 0;
      }
      let deactivated = 0;
      if (options.deactivateOtherProducts) {
        const keep = [...records.filter((r) => r.section === 'product').map((r) => (r.record as ProductRecord).productId), ...(options.keepProductIds ?? [])];
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

  async record<S extends MasterDataSection>(section: S, key: string): Promise<MasterDataRecord<S> | null> {
    const r = await this.pool.query<{ record: MasterDataRecord<S> }>('SELECT record FROM hq_master_records WHERE section = $1 AND key = $2', [section, key]);
    return r.rows[0]?.record ?? null;
  }

  async currentVersion(): Promise<number> {
    return Number((await this.pool.query<{ v: number }>('SELECT COALESCE(MAX(version), 0) AS v FROM hq_master_versions')).rows[0]!.v);
  }

  /**
   * Records changed after version `since`, oldest version first, about `limit` per page. A page
   * ends on a version boundary (a version larger than a page comes whole), so `cursor` always
   * names a version the terminal holds completely.
   */
  async changesSince(since: number, limit = 1_000): Promise<PublishedPage> {
    const r = await this.pool.query<{ version: number; section: MasterDataSection; key: string; record: unknown }>(
      'SELECT version, section, key, record FROM hq_master_records WHERE version > $1 ORDER BY version, section, key LIMIT $2',
      [since, limit + 1],
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
        const whole = await this.pool.query<{ version: number; section: MasterDataSection; key: string; record: unknown }>(
          'SELECT version, section, key, record FROM hq_master_records WHERE version = $1 ORDER BY section, key',
          [cut],
        );
        rows = whole.rows;
      }
    }
    const changes: PublishedChange[] = rows.map((row) => ({ version: row.version, section: row.section, key: row.key, record: row.record }));
    // Every version up to the last one returned is complete in this page (or an earlier one).
    return { changes, cursor: changes.at(-1)?.version ?? since, more };
  }

  // ---------------------------------------------------------------------------------------
  // Convenience publishers used by the CLI.

  async importCatalog(items: readonly CatalogItem[], options: { source: string; merge: boolean; keepProductIds?: readonly string[] }): Promise<PublishResult> {
    const records = items.map((item): AnyRecord => ({ section: 'product', record: { ...item } satisfies ProductRecord }));
    return this.publish(`catalog import ${options.source}${options.merge ? ' (merge)' : ''}: ${items.length} products`, records, {
      deactivateOtherProducts: !options.merge,
      ...(options.keepProductIds ? { keepProductIds: options.keepProductIds } : {}),
    });
  }

  async setProductPrice(productId: string, tier: string, unitPrice: number): Promise<PublishResult> {
    const current = await this.record('product', productId);
    if (!current) throw new HqError('master-data.invalid', `no product ${productId} is published`);
    return this.publish(`price of ${productId} (${tier}) set to ${unitPrice}`, [{ section: 'product', record: { ...current, prices: { ...current.prices, [tier]: unitPrice } } }]);
  }

  async addStaff(input: { staffId: string; name: string; role: StaffRecord['role']; pin?: string; badge?: string; active?: boolean }): Promise<PublishResult> {
    const current = await this.record('staff', input.staffId);
    const record: StaffRecord = {
      staffId: input.staffId,
      name: input.name,
      role: input.role,
      active: input.active ?? true,
      pin: input.pin !== undefined ? hashPin(input.pin) : (current?.pin ?? null),
      badgeHash: input.badge !== undefined ? badgeHash(input.badge) : (current?.badgeHash ?? null),
    };
    return this.publish(`staff ${input.staffId} (${input.role})`, [{ section: 'staff', record }]);
  }

  async addMember(input: Omit<MemberRecord, 'tokenSecret' | 'active' | 'email' | 'cardNumbers'> & Partial<Pick<MemberRecord, 'tokenSecret' | 'active' | 'email' | 'cardNumbers'>>): Promise<{ result: PublishResult; tokenSecret: string }> {
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

/** scrypt cost the terminal uses for PINs (db/master-data-people.ts DEFAULT_PIN_SCRYPT). */
export const PIN_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

export function hashPin(pin: string, params: { N: number; r: number; p: number } = PIN_SCRYPT): PinHash {
  const digits = pin.normalize('NFKC').trim();
  if (!/^\d{4,12}$/.test(digits)) throw new HqError('master-data.invalid', 'a PIN is 4 to 12 digits');
  const salt = randomBytes(16);
  const hash = scryptSync(digits, salt, 32, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 });
  return { scheme: 'scrypt', N: params.N, r: params.r, p: params.p, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

/** The terminal's badge lookup hash (db/master-data-people.ts badgeHash; a test keeps them equal). */
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
