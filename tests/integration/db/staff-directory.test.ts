// Staff over a real ledger file: PINs with a slow salted hash, badges, HQ-hashed credentials,
// deactivation, refused records.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { randomBytes, scryptSync } from 'node:crypto';
import type { SqliteLedgerStore } from '../../../db/sqlite-ledger.ts';
import { SqliteStaffDirectory, addStaff, badgeHash } from '../../../db/master-data.ts';
import { FAST_SCRYPT, openTestLedger, type TestLedger } from '../../helpers/master-data.ts';

let ledger: TestLedger;
let store: SqliteLedgerStore;
let db: Database.Database;

beforeEach(() => {
  ledger = openTestLedger();
  ({ store, db } = ledger);
});

afterEach(() => {
  ledger.close();
});

describe('staff', () => {
  it('verifies PINs with a slow salted hash, finds active staff by badge, and refuses the rest', () => {
    const staff = new SqliteStaffDirectory(db);
    store.write(() => {
      addStaff(db, { staffId: 'S001', name: '陳怡君', role: 'cashier', pin: '1111', badge: 'BADGE-1001' });
      addStaff(db, { staffId: 'S002', name: '林志明', role: 'supervisor', pin: '246810', badge: 'BADGE-2002' }, FAST_SCRYPT);
      addStaff(db, { staffId: 'S003', name: 'No PIN', role: 'manager' }, FAST_SCRYPT);
    });
    expect(staff.verifyPin('S001', '1111')).toEqual({ staffId: 'S001', name: '陳怡君', role: 'cashier', active: true });
    expect(staff.verifyPin('S001', '１１１１')).toMatchObject({ staffId: 'S001' });
    expect(staff.verifyPin('S001', '1112')).toBeUndefined();
    expect(staff.verifyPin('S001', '')).toBeUndefined();
    expect(staff.verifyPin('S002', '246810')).toMatchObject({ role: 'supervisor' });
    expect(staff.verifyPin('S003', '0000')).toBeUndefined();
    expect(staff.verifyPin('S404', '1111')).toBeUndefined();
    expect(staff.byBadge('BADGE-2002')).toMatchObject({ staffId: 'S002' });
    expect(staff.byBadge('BADGE-9999')).toBeUndefined();
    expect(staff.byId('S003')).toEqual({ staffId: 'S003', name: 'No PIN', role: 'manager', active: true });

    const row = db
      .prepare("SELECT pin_scheme, pin_n, pin_r, pin_p, pin_salt, pin_hash, badge_hash FROM staff WHERE staff_id = 'S001'")
      .get() as Record<string, unknown>;
    expect(row).toMatchObject({ pin_scheme: 'scrypt', pin_n: 32768, pin_r: 8, pin_p: 1 });
    expect((row.pin_salt as Buffer).length).toBe(16);
    expect((row.pin_hash as Buffer).length).toBe(32);
    expect(JSON.stringify(db.prepare('SELECT * FROM staff').all())).not.toMatch(/BADGE-1001|"1111"/);

    // Deactivated: known by id, but no PIN or badge sign-in. A reissued badge moves.
    store.write(() => {
      addStaff(db, { staffId: 'S001', name: '陳怡君', role: 'cashier', active: false }, FAST_SCRYPT);
      addStaff(db, { staffId: 'S003', name: 'No PIN', role: 'manager', badge: 'BADGE-2002', pin: '7777' }, FAST_SCRYPT);
    });
    expect(staff.byId('S001')).toMatchObject({ active: false });
    expect(staff.verifyPin('S001', '1111')).toBeUndefined();
    expect(staff.byBadge('BADGE-1001')).toBeUndefined();
    expect(staff.byBadge('BADGE-2002')).toMatchObject({ staffId: 'S003' });
    expect(staff.verifyPin('S003', '7777')).toMatchObject({ staffId: 'S003' });
    expect(db.prepare("SELECT MAX(version) FROM master_data_versions WHERE section = 'staff'").pluck().get()).toBe(5);
  });

  it('takes a PIN and badge already hashed by HQ', () => {
    const salt = randomBytes(16);
    const pinHash = {
      scheme: 'scrypt' as const,
      N: 1024,
      r: 8,
      p: 1,
      salt: salt.toString('base64'),
      hash: scryptSync('2468', salt, 32, { N: 1024, r: 8, p: 1 }).toString('base64'),
    };
    store.write(() => addStaff(db, { staffId: 'S9', name: 'From HQ', role: 'supervisor', pinHash, badgeHash: badgeHash('BADGE-0009') }));
    const staff = new SqliteStaffDirectory(db);
    expect(staff.verifyPin('S9', '2468')).toMatchObject({ staffId: 'S9', role: 'supervisor' });
    expect(staff.verifyPin('S9', '2469')).toBeUndefined();
    expect(staff.byBadge('BADGE-0009')).toMatchObject({ staffId: 'S9' });
    for (const bad of [
      { pinHash: { ...pinHash, N: 1000 } },
      { pinHash: { ...pinHash, hash: 'c2hvcnQ=' } },
      { pinHash: { ...pinHash, salt: 'c2hvcnQ=' } },
      { pinHash, pin: '1234' },
      { badgeHash: 'not-hex' },
      { badgeHash: badgeHash('x1234'), badge: 'x1234' },
    ]) {
      expect(
        () => db.transaction(() => addStaff(db, { staffId: 'S9', name: 'From HQ', role: 'supervisor', ...bad }))(),
        JSON.stringify(bad),
      ).toThrow(expect.objectContaining({ code: 'master-data.invalid' }));
    }
  });

  it('refuses bad staff records and runs only in a transaction', () => {
    expect(() => addStaff(db, { staffId: 'S1', name: 'x', role: 'cashier' })).toThrow(
      expect.objectContaining({ code: 'master-data.no-transaction' }),
    );
    for (const bad of [
      { staffId: 'S 1', name: 'x', role: 'cashier' as const },
      { staffId: 'S1', name: '', role: 'cashier' as const },
      { staffId: 'S1', name: 'x', role: 'owner' as 'admin' },
      { staffId: 'S1', name: 'x', role: 'cashier' as const, pin: '12' },
      { staffId: 'S1', name: 'x', role: 'cashier' as const, pin: 'abcd' },
      { staffId: 'S1', name: 'x', role: 'cashier' as const, badge: 'a b' },
    ]) {
      expect(() => db.transaction(() => addStaff(db, bad, FAST_SCRYPT))(), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ code: 'master-data.invalid' }),
      );
    }
  });
});
