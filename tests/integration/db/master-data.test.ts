// Master data over a real ledger file: the demo data loads catalog, staff and members in one
// ledger write. Each section's own tests sit beside this file (catalog/, staff-directory,
// member-directory, query-plans).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { SqliteLedgerStore } from '../../../db/sqlite-ledger.ts';
import { verifyLedgerFile } from '../../../db/ledger-verify.ts';
import { SqliteCatalog, SqliteMemberDirectory, SqliteStaffDirectory } from '../../../db/master-data.ts';
import { DEMO_MEMBERS, loadDemoData } from '../../../host/demo-data.ts';
import { nodeLedgerCrypto } from '../../../platform/node-crypto.ts';
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

describe('demo data', () => {
  it('loads catalog, staff and members in one ledger write with a config-change entry each', () => {
    const before = store.head().seq;
    const result = loadDemoData(store, { clock: { now: () => new Date('2026-11-20T02:00:00.000Z') } });
    expect(result.firstSeq).toBe(before + 1);
    const entries = [...store.entries({ from: before + 1 })];
    expect(entries.map((e) => [e.kind, (e.body as { section: string }).section, e.businessDay])).toEqual([
      ['config-change', 'catalog', '2026-11-20'],
      ['config-change', 'staff', '2026-11-20'],
      ['config-change', 'members', '2026-11-20'],
    ]);
    expect(entries[0]!.body).toMatchObject({ version: `1-${result.catalog.digest.slice(0, 16)}`, digest: result.catalog.digest });
    expect(result.catalog.inserted).toBeGreaterThanOrEqual(60);

    const catalog = new SqliteCatalog(db);
    expect(catalog.search('烏龍', 5).length).toBeGreaterThan(0);
    expect(catalog.search('乌龙茶', 5).map((h) => h.product.names['zh-CN'])).toContain('原萃铁观音乌龙茶 580ml');
    // 原萃鐵觀音烏龍茶 580ml and 凍頂烏龍茶 無糖 500ml by pinyin, initials, zhuyin and zh-CN characters.
    for (const query of ['wulongcha', 'wu long', 'wlc', 'ㄨㄌㄔ', 'ㄨˇ ㄌㄨㄥˊ', '乌龙']) {
      expect(
        catalog.search(query, 10).map((h) => h.product.productId),
        query,
      ).toEqual(expect.arrayContaining(['TP-0002', 'TP-0007']));
    }
    expect(catalog.search('wlc', 10)[0]).toMatchObject({
      match: 'phonetic',
      product: { productId: 'TP-0002', name: '原萃鐵觀音烏龍茶 580ml' },
    });
    expect(catalog.byItemCode('10001')).toMatchObject({ unit: 'kg', name: '香蕉', taxClass: 'zero' });
    expect(catalog.byGtin('04711037000012')).toMatchObject({ prices: { retail: 25, member: 24, vip: 22 } });
    const staff = new SqliteStaffDirectory(db);
    expect(staff.verifyPin('S001', '1111')).toMatchObject({ role: 'cashier' });
    expect(staff.verifyPin('S004', '9999')).toMatchObject({ role: 'admin' });
    expect(staff.byBadge('DEMO-BADGE-2002')).toMatchObject({ role: 'supervisor' });
    const members = new SqliteMemberDirectory(db);
    expect(members.byCard(DEMO_MEMBERS[1]!.cardNumbers[0]!)).toMatchObject({ tier: 'vip' });
    expect(verifyLedgerFile(store.path, nodeLedgerCrypto).result).toMatchObject({ ok: true });
  });
});
