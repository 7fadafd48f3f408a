// Members over a real ledger file: cards, versions counted only on change, refused records.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { Member } from '../../../core/sales/member.ts';
import type { SqliteLedgerStore } from '../../../db/sqlite-ledger.ts';
import { SqliteMemberDirectory, upsertMembers } from '../../../db/master-data.ts';
import { openTestLedger, type TestLedger } from '../../helpers/master-data.ts';

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

describe('members', () => {
  const alice: Member = {
    memberId: 'M1',
    name: 'Alice',
    tier: 'member',
    tokenSecret: 'jbsw y3dp ehpk 3pxp',
    cardNumbers: ['9100000000012', 'APP-0001'],
    email: 'alice@example.com',
    active: true,
  };
  const bob: Member = {
    memberId: 'M2',
    name: '黃大偉',
    tier: 'vip',
    tokenSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    cardNumbers: ['9100000000029'],
    email: null,
    active: true,
  };

  it('stores members with their cards; finds active members by card; counts versions only on change', () => {
    const members = new SqliteMemberDirectory(db);
    expect(store.write(() => upsertMembers(db, [alice, bob]))).toMatchObject({ section: 'members', inserted: 2, version: 1 });
    expect(members.byCard('9100000000012')).toEqual({ ...alice, tokenSecret: 'JBSWY3DPEHPK3PXP' });
    expect(members.byCard('９１０００００００００２９')).toMatchObject({ memberId: 'M2', tier: 'vip', email: null });
    expect(members.byCard('0000')).toBeUndefined();
    expect(store.write(() => upsertMembers(db, [alice]))).toMatchObject({ inserted: 0, updated: 0, version: 1 });

    // The app card moves to Bob; Alice is deactivated.
    const change = store.write(() =>
      upsertMembers(db, [
        { ...alice, cardNumbers: ['9100000000012'], active: false },
        { ...bob, cardNumbers: ['9100000000029', 'APP-0001'] },
      ]),
    );
    expect(change).toMatchObject({ updated: 1, deactivated: 1, version: 2 });
    expect(members.byCard('9100000000012')).toBeUndefined();
    expect(members.byId('M1')).toMatchObject({ active: false, cardNumbers: ['9100000000012'] });
    expect(members.byCard('APP-0001')).toMatchObject({ memberId: 'M2', cardNumbers: ['9100000000029', 'APP-0001'] });
  });

  it('refuses bad member records', () => {
    for (const bad of [
      { ...alice, tokenSecret: 'SHORT' },
      { ...alice, tokenSecret: 'JBSWY3DPEHPK3PX1' },
      { ...alice, tier: 'Gold Tier' },
      { ...alice, email: 'not an email' },
      { ...alice, cardNumbers: ['12'] },
      { ...alice, memberId: 'M 1' },
    ]) {
      expect(() => db.transaction(() => upsertMembers(db, [bad]))(), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ code: 'master-data.invalid' }),
      );
    }
    expect(() => db.transaction(() => upsertMembers(db, [alice, { ...bob, cardNumbers: ['APP-0001'] }]))()).toThrow(/listed for both/);
  });
});
