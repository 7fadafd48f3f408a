import { readFileSync } from 'node:fs';
import type { Clock } from '../core/ports/clock.ts';
import type { Member } from '../core/sales/member.ts';
import { parseCatalogCsv, formatCatalogCsvError } from '../core/catalog/csv.ts';
import type { CatalogItem } from '../core/catalog/product.ts';
import { minorDigitsOf } from '../core/money/currency.ts';
import { openBusinessDay } from '../core/till/business-day.ts';
import { applyCatalog, addStaff, upsertMembers, versionLabel, type NewStaff, type SectionChange } from '../db/master-data.ts';
import type { SqliteLedgerStore } from '../db/sqlite-ledger.ts';
import { DEMO_CONFIG } from './config.ts';
import { systemClock } from './terminal-ledger.ts';

// Master data of the demo terminal: a Taipei convenience store (host/demo/catalog.csv: drinks,
// snacks, bento, household goods, produce sold by the kg; zh-TW names with en and zh-CN; TWD
// whole dollars; retail, member and vip prices), four staff and two members.
//
// Demo sign-in (PIN / badge), for trying the till only; change them before real use:
//   S001 陳怡君 Chen Yi-chun    cashier      PIN 1111   badge DEMO-BADGE-1001
//   S002 林志明 Lin Chih-ming   supervisor   PIN 2222   badge DEMO-BADGE-2002
//   S003 王美玲 Wang Mei-ling   manager      PIN 3333   badge DEMO-BADGE-3003
//   S004 張家豪 Chang Chia-hao  admin        PIN 9999   badge DEMO-BADGE-4004
// Demo scale labels (layouts in DEMO_CONFIG.scan): 2110001012501 is 1.250 kg of bananas (item
// 10001), 2230001001203 a roasted sweet potato (item 30001) priced 120 on the label.
// Demo members (card number / tier / app token secret, RFC 6238 base32):
//   M0001 李小華  card 9100000000012  tier member  secret JBSWY3DPEHPK3PXP
//   M0002 黃大偉  card 9100000000029  tier vip     secret GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ

export const DEMO_CATALOG_CSV = new URL('./demo/catalog.csv', import.meta.url);

export const DEMO_STAFF: readonly NewStaff[] = [
  { staffId: 'S001', name: '陳怡君 Chen Yi-chun', role: 'cashier', pin: '1111', badge: 'DEMO-BADGE-1001' },
  { staffId: 'S002', name: '林志明 Lin Chih-ming', role: 'supervisor', pin: '2222', badge: 'DEMO-BADGE-2002' },
  { staffId: 'S003', name: '王美玲 Wang Mei-ling', role: 'manager', pin: '3333', badge: 'DEMO-BADGE-3003' },
  { staffId: 'S004', name: '張家豪 Chang Chia-hao', role: 'admin', pin: '9999', badge: 'DEMO-BADGE-4004' },
];

export const DEMO_MEMBERS: readonly Member[] = [
  {
    memberId: 'M0001',
    name: '李小華 Li Hsiao-hua',
    tier: 'member',
    tokenSecret: 'JBSWY3DPEHPK3PXP',
    cardNumbers: ['9100000000012'],
    email: 'hsiaohua.li@example.com',
    active: true,
  },
  {
    memberId: 'M0002',
    name: '黃大偉 Huang Ta-wei',
    tier: 'vip',
    tokenSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    cardNumbers: ['9100000000029'],
    email: null,
    active: true,
  },
];

/** The demo catalog, read and checked like any import (a bad row here is a bug). */
export function demoCatalog(): CatalogItem[] {
  const parsed = parseCatalogCsv(readFileSync(DEMO_CATALOG_CSV, 'utf8'), { minorDigits: minorDigitsOf(DEMO_CONFIG.store.currency) });
  if (parsed.errors.length > 0) throw new Error(`demo catalog: ${parsed.errors.map(formatCatalogCsvError).join('; ')}`);
  return parsed.items;
}

export interface DemoDataResult {
  catalog: SectionChange;
  staff: SectionChange;
  members: SectionChange;
  /** Seq of the first of the three config-change entries. */
  firstSeq: number;
}

/**
 * Loads the demo catalog, staff and members in ONE ledger write, with a config-change entry per
 * section (catalog, staff, members) carrying its version and digest.
 */
export function loadDemoData(store: SqliteLedgerStore, options: { clock?: Clock; staff?: readonly NewStaff[] } = {}): DemoDataResult {
  const items = demoCatalog();
  const now = (options.clock ?? systemClock).now();
  const at = now.toISOString();
  const businessDay = openBusinessDay(now, DEMO_CONFIG.store, store);
  return store.write((tx) => {
    const db = store.database;
    const catalog = applyCatalog(db, items, undefined, { merge: true });
    let staff: SectionChange | undefined;
    const demoStaff = options.staff ?? DEMO_STAFF;
    for (const s of demoStaff) staff = addStaff(db, s);
    const members = upsertMembers(db, DEMO_MEMBERS);
    const log = (section: string, change: SectionChange, summary: string): number =>
      tx.append({
        kind: 'config-change',
        businessDay,
        startedAt: at,
        endedAt: at,
        operatorId: null,
        body: { section, version: versionLabel(change), summary, digest: change.digest },
      }).seq;
    const firstSeq = log('catalog', catalog, `demo catalog: ${catalog.inserted} inserted, ${catalog.updated} updated`);
    log('staff', staff!, `demo staff: ${demoStaff.map((s) => `${s.staffId} ${s.role}`).join(', ')}`);
    log('members', members, `demo members: ${DEMO_MEMBERS.map((m) => `${m.memberId} ${m.tier}`).join(', ')}`);
    return { catalog, staff: staff!, members, firstSeq };
  });
}
