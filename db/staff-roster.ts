import type Database from 'better-sqlite3';
import type { Role } from '../core/shared/enums.ts';
import type { StaffChange, StaffRosterEntry } from '../core/auth/staff-member.ts';
import type { StaffRoster } from '../core/ports/staff-directory.ts';
import { HostError } from '../core/contract/errors.ts';
import { addStaff, type ScryptParams } from './staff-directory.ts';
import { MasterDataError } from './master-data-shared.ts';

// The staff list as the settings screen sees it, and the local writer behind it. Writes go
// through addStaff (the same scrypt PIN hashing that login verifies) inside the caller's
// ledger transaction, so the staff row and its config-change entry commit together.

interface ListingRow {
  staffId: string;
  name: string;
  role: Role;
  active: number;
  hasPin: number;
  hasBadge: number;
}

export class SqliteStaffRoster implements StaffRoster {
  readonly managedBy: 'local' | 'hq';
  private readonly db: Database.Database;
  private readonly scrypt: ScryptParams | undefined;
  private readonly listing;

  constructor(db: Database.Database, options: { managedBy: 'local' | 'hq'; scrypt?: ScryptParams }) {
    this.db = db;
    this.managedBy = options.managedBy;
    this.scrypt = options.scrypt;
    this.listing = db.prepare(
      'SELECT staff_id AS staffId, name, role, active, pin_hash IS NOT NULL AS hasPin, badge_hash IS NOT NULL AS hasBadge FROM staff ORDER BY staff_id',
    );
  }

  list(): StaffRosterEntry[] {
    return (this.listing.all() as ListingRow[]).map((r) => ({
      staffId: r.staffId,
      name: r.name,
      role: r.role,
      active: r.active === 1,
      hasPin: r.hasPin === 1,
      hasBadge: r.hasBadge === 1,
    }));
  }

  save(change: StaffChange): { version: number; digest: string } {
    try {
      const pin = change.pin !== undefined ? { pin: change.pin } : {};
      const staff = { staffId: change.staffId, name: change.name, role: change.role, active: change.active, ...pin };
      const saved = addStaff(this.db, staff, this.scrypt ? { scrypt: this.scrypt } : {});
      return { version: saved.version, digest: saved.digest };
    } catch (e) {
      // A record the master-data rules refuse (a control character in a name...): the caller's fault, said so.
      if (e instanceof MasterDataError && e.code === 'master-data.invalid')
        throw new HostError('payload.invalid', e.message, { staffId: change.staffId });
      throw e;
    }
  }
}
