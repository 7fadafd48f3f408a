import type Database from 'better-sqlite3';
import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Role } from '../core/shared/enums.ts';
import type { StaffDirectory } from '../core/ports/staff-directory.ts';
import type { StaffMember } from '../core/auth/staff-member.ts';
import { checkText, currentVersion, invalid, recordVersion, requireTransaction, type SectionChange } from './master-data-shared.ts';
import type { PinHash } from '../core/auth/pin-hash.ts';
import { STAFF_ROLES } from '../core/shared/enums.ts';

// Staff (roles, PINs, badges) in the terminal's SQLite file: the StaffDirectory port and its
// writer. PINs are stored as scrypt hashes with their salt and parameters; a PIN check costs
// the same whether or not the staff id exists.

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * scrypt cost for new PINs: N = 2^15, r = 8, p = 1 (32 MiB, tens of milliseconds per check).
 * A 4-6 digit PIN cannot resist an offline search whatever the cost; the hash keeps PINs out of
 * backups and exports, and the host's attempt limit (security.pinMaxAttempts) does the rest.
 */
export const DEFAULT_PIN_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const PIN_HASH_BYTES = 32;

function scrypt(pin: string, salt: Uint8Array, params: ScryptParams): Buffer {
  return scryptSync(pin, salt, PIN_HASH_BYTES, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 });
}

/** PINs are 4 to 12 digits; full-width digits count as digits. */
function normalizePin(pin: string): string | null {
  const v = pin.normalize('NFKC').trim();
  return /^\d{4,12}$/.test(v) ? v : null;
}

/**
 * Badges are looked up through an index, so they are hashed without salt, with a domain prefix:
 * the table holds no badge number in the clear. A badge identifies; the PIN authenticates.
 */
export function badgeHash(badge: string): string {
  return createHash('sha256')
    .update(`tillproof/badge/v1\u0000${badge.normalize('NFKC').trim()}`)
    .digest('hex');
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface NewStaff {
  staffId: string;
  name: string;
  role: Role;
  /** 4-12 digits; omitted: the stored PIN (if any) is kept. */
  pin?: string;
  /** Instead of `pin`: the PIN as HQ hashed it (HQ never sees it again in clear). */
  pinHash?: PinHash;
  /** Badge number as the reader sends it; omitted: the stored badge (if any) is kept. */
  badge?: string;
  /** Instead of `badge`: its lookup hash (`badgeHash(badge)`, 64 hex digits). */
  badgeHash?: string;
  active?: boolean;
}

function checkPinHash(staffId: string, h: PinHash): { salt: Buffer; hash: Buffer; params: ScryptParams } {
  const bad = (why: string): never => invalid(`staff ${staffId}: PIN hash ${why}`, { staffId });
  if (h.scheme !== 'scrypt') bad(`scheme "${String(h.scheme)}" is not scrypt`);
  if (!Number.isInteger(h.N) || h.N < 2 ** 10 || h.N > 2 ** 20 || (h.N & (h.N - 1)) !== 0) bad('N is not a power of two from 2^10 to 2^20');
  if (!Number.isInteger(h.r) || h.r < 1 || h.r > 32 || !Number.isInteger(h.p) || h.p < 1 || h.p > 16) bad('r or p is out of range');
  const salt = Buffer.from(h.salt, 'base64');
  const hash = Buffer.from(h.hash, 'base64');
  if (salt.length < 16 || salt.length > 64) bad('salt is not 16 to 64 bytes');
  if (hash.length !== PIN_HASH_BYTES) bad(`is not ${PIN_HASH_BYTES} bytes`);
  return { salt, hash, params: { N: h.N, r: h.r, p: h.p } };
}

interface StaffRow {
  staffId: string;
  name: string;
  role: Role;
  active: number;
}

interface StaffPinRow extends StaffRow {
  n: number | null;
  r: number | null;
  p: number | null;
  salt: Buffer | null;
  hash: Buffer | null;
}

/** The staff section's digest as the table holds it now (the check against the ledger's record uses it too). */
export function staffDigest(db: Database.Database): { digest: string; rows: number } {
  const h = createHash('sha256');
  let rows = 0;
  const everyone = db.prepare(
    'SELECT staff_id, name, role, active, hex(pin_hash), hex(pin_salt), pin_n, pin_r, pin_p, badge_hash FROM staff ORDER BY staff_id',
  );
  for (const r of everyone.raw().iterate()) {
    h.update(`${JSON.stringify(r)}\n`);
    rows++;
  }
  return { digest: h.digest('hex'), rows };
}

interface CheckedStaff {
  name: string;
  pin: { salt: Buffer; hash: Buffer; params: ScryptParams } | null;
  badge: string | null;
}

/** A staff record checked, its PIN hashed (when given in clear) and its badge turned into the lookup hash. */
function checkStaff(staff: NewStaff, scryptParams: ScryptParams): CheckedStaff {
  if (!ID.test(staff.staffId))
    invalid(`staff id "${staff.staffId}" is not letters, digits, ".", "_" or "-" (up to 64)`, { staffId: staff.staffId });
  const name = checkText(`staff ${staff.staffId}: name`, staff.name, 100);
  if (!STAFF_ROLES.includes(staff.role))
    invalid(`staff ${staff.staffId}: role "${String(staff.role)}" is not one of ${STAFF_ROLES.join(', ')}`);
  if (staff.pin !== undefined && staff.pinHash !== undefined)
    invalid(`staff ${staff.staffId}: give a PIN or a PIN hash, not both`, { staffId: staff.staffId });
  if (staff.badge !== undefined && staff.badgeHash !== undefined) {
    invalid(`staff ${staff.staffId}: give a badge or a badge hash, not both`, { staffId: staff.staffId });
  }
  let pin: CheckedStaff['pin'] = staff.pinHash ? checkPinHash(staff.staffId, staff.pinHash) : null;
  if (staff.pin !== undefined) {
    const p = normalizePin(staff.pin);
    if (!p) invalid(`staff ${staff.staffId}: a PIN is 4 to 12 digits`, { staffId: staff.staffId });
    const salt = randomBytes(16);
    pin = { salt, hash: scrypt(p, salt, scryptParams), params: scryptParams };
  }
  let badge: string | null = null;
  if (staff.badgeHash !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(staff.badgeHash))
      invalid(`staff ${staff.staffId}: a badge hash is 64 lower-case hex digits`, { staffId: staff.staffId });
    badge = staff.badgeHash;
  }
  if (staff.badge !== undefined) {
    const b = staff.badge.normalize('NFKC').trim();
    if (!/^[\x21-\x7e]{4,64}$/.test(b))
      invalid(`staff ${staff.staffId}: a badge is 4 to 64 printable ASCII characters`, { staffId: staff.staffId });
    badge = badgeHash(b);
  }
  return { name, pin, badge };
}

/**
 * Adds a staff member or updates one (name, role, active; PIN and badge when given, in clear or
 * as HQ hashed them: `pinHash`, `badgeHash`). Runs inside
 * the caller's transaction; every call is a new staff version (a new PIN salt changes the digest).
 * Digest: SHA-256 over one JSON line per staff row in staff_id order (hashes, never PINs).
 */
export function addStaff(db: Database.Database, staff: NewStaff, options: { scrypt?: ScryptParams } = {}): SectionChange {
  requireTransaction(db, 'addStaff');
  const { name, pin, badge } = checkStaff(staff, options.scrypt ?? DEFAULT_PIN_SCRYPT);
  return db.transaction((): SectionChange => {
    const exists = db.prepare('SELECT 1 FROM staff WHERE staff_id = ?').get(staff.staffId) !== undefined;
    if (badge !== null) {
      // The badge was reissued to this person: whoever held it loses it.
      db.prepare('UPDATE staff SET badge_hash = NULL WHERE badge_hash = ? AND staff_id <> ?').run(badge, staff.staffId);
    }
    db.prepare(
      `INSERT INTO staff (staff_id, name, role, active) VALUES (?, ?, ?, ?)
       ON CONFLICT (staff_id) DO UPDATE SET name = excluded.name, role = excluded.role, active = excluded.active`,
    ).run(staff.staffId, name, staff.role, staff.active === false ? 0 : 1);
    if (pin) {
      db.prepare(
        `UPDATE staff SET pin_scheme = 'scrypt', pin_n = ?, pin_r = ?, pin_p = ?, pin_salt = ?, pin_hash = ? WHERE staff_id = ?`,
      ).run(pin.params.N, pin.params.r, pin.params.p, pin.salt, pin.hash, staff.staffId);
    }
    if (badge !== null) db.prepare('UPDATE staff SET badge_hash = ? WHERE staff_id = ?').run(badge, staff.staffId);
    const { digest, rows } = staffDigest(db);
    const change: SectionChange = {
      section: 'staff',
      inserted: exists ? 0 : 1,
      updated: exists ? 1 : 0,
      deactivated: 0,
      version: currentVersion(db, 'staff').version + 1,
      digest,
    };
    recordVersion(db, change, rows);
    return change;
  })();
}

/** The hot staff lookups, named so a test can assert their query plans use the indexes. */
export const STAFF_LOOKUPS = {
  staffById: 'SELECT staff_id AS staffId, name, role, active FROM staff WHERE staff_id = ?',
  staffPin:
    'SELECT staff_id AS staffId, name, role, active, pin_n AS n, pin_r AS r, pin_p AS p, pin_salt AS salt, pin_hash AS hash FROM staff WHERE staff_id = ?',
  staffByBadge: 'SELECT staff_id AS staffId, name, role, active FROM staff WHERE badge_hash = ? AND active = 1',
} as const;

/** The staff port. Authentication (`verifyPin`, `byBadge`) only ever returns active staff. */
export class SqliteStaffDirectory implements StaffDirectory {
  private readonly s;
  private readonly dummySalt = randomBytes(16);

  constructor(db: Database.Database) {
    this.s = {
      byId: db.prepare(STAFF_LOOKUPS.staffById),
      pin: db.prepare(STAFF_LOOKUPS.staffPin),
      byBadge: db.prepare(STAFF_LOOKUPS.staffByBadge),
    };
  }

  private static member(r: StaffRow): StaffMember {
    return { staffId: r.staffId, name: r.name, role: r.role, active: r.active === 1 };
  }

  byId(staffId: string): StaffMember | undefined {
    const r = this.s.byId.get(staffId) as StaffRow | undefined;
    return r ? SqliteStaffDirectory.member(r) : undefined;
  }

  verifyPin(staffId: string, pin: string): StaffMember | undefined {
    const r = this.s.pin.get(staffId) as StaffPinRow | undefined;
    const candidate = normalizePin(pin) ?? '';
    if (!r || r.hash === null || r.salt === null || r.n === null || r.r === null || r.p === null || r.active !== 1) {
      // Same work as a real check, so timing does not tell which staff ids exist or have a PIN.
      scrypt(candidate, this.dummySalt, DEFAULT_PIN_SCRYPT);
      return undefined;
    }
    const derived = scrypt(candidate, r.salt, { N: r.n, r: r.r, p: r.p });
    const ok = derived.length === r.hash.length && timingSafeEqual(derived, r.hash);
    return ok && candidate !== '' ? SqliteStaffDirectory.member(r) : undefined;
  }

  byBadge(badge: string): StaffMember | undefined {
    const r = this.s.byBadge.get(badgeHash(badge)) as StaffRow | undefined;
    return r ? SqliteStaffDirectory.member(r) : undefined;
  }
}
