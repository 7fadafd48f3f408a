// Query plans of the hot master-data lookups: each reads its index and scans nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { CATALOG_LOOKUPS, PEOPLE_LOOKUPS, searchSql } from '../../../db/master-data.ts';
import { openTestLedger, type TestLedger } from '../../helpers/master-data.ts';
import { CUSTOMER_LOOKUPS } from '../../../db/sqlite-ledger.ts';

let ledger: TestLedger;
let db: Database.Database;

beforeEach(() => {
  ledger = openTestLedger();
  ({ db } = ledger);
});

afterEach(() => {
  ledger.close();
});

function plan(sql: string): string {
  return (
    db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x')) as Array<{
      detail: string;
    }>
  )
    .map((r) => r.detail)
    .join('\n');
}

describe('query plans of the hot lookups', () => {
  it.each([
    ['byGtin', CATALOG_LOOKUPS.byGtin, /SEARCH product_barcodes USING PRIMARY KEY \(gtin14=\?\)/],
    ['by product_no (after byGtin, for search hits)', CATALOG_LOOKUPS.byNo, /SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/],
    ['bySku', CATALOG_LOOKUPS.bySku, /SEARCH p USING INDEX sqlite_autoindex_products_2 \(sku=\?\)/],
    ['byId', CATALOG_LOOKUPS.byId, /SEARCH p USING INDEX sqlite_autoindex_products_1 \(product_id=\?\)/],
    ['byItemCode', CATALOG_LOOKUPS.byItemCode, /SEARCH p USING INDEX products_by_item_code \(item_code=\?\)/],
    ['staff by id', PEOPLE_LOOKUPS.staffPin, /SEARCH staff USING PRIMARY KEY \(staff_id=\?\)/],
    ['staff by badge', PEOPLE_LOOKUPS.staffByBadge, /SEARCH staff USING INDEX sqlite_autoindex_staff_2 \(badge_hash=\?\)/],
    [
      'member by card',
      PEOPLE_LOOKUPS.memberByCard,
      /SEARCH k USING PRIMARY KEY \(card_number=\?\)[\s\S]*SEARCH m USING PRIMARY KEY \(member_id=\?\)/,
    ],
  ])('%s uses its index and scans nothing', (_name, sql, expected) => {
    const p = plan(sql);
    expect(p).toMatch(expected);
    expect(p).not.toMatch(/^SCAN (p|k|m|staff|products|product_barcodes)\b/m);
    // Names, prices and barcodes of the product come from their primary keys too.
    if (sql.includes('product_names')) {
      expect(p).toMatch(/SEARCH n USING PRIMARY KEY \(product_no=\?\)/);
      expect(p).toMatch(/SEARCH r USING PRIMARY KEY \(product_no=\?\)/);
      expect(p).toMatch(/SEARCH product_barcodes USING COVERING INDEX product_barcodes_by_product \(product_no=\?\)/);
    }
  });

  it('a member found by phone and their purchases read their indexes (issue #15)', () => {
    expect(plan(CUSTOMER_LOOKUPS.createdByPhone)).toMatch(
      /SEARCH members_created_here USING INDEX members_created_here_by_phone \(phone=\?\)/,
    );
    const purchases = plan(CUSTOMER_LOOKUPS.memberPurchases);
    expect(purchases).toMatch(/SEARCH receipts USING INDEX receipts_by_member \(member_id=\?\)/);
    expect(purchases).not.toMatch(/^SCAN receipts\b/m);
    expect(purchases).not.toMatch(/TEMP B-TREE/);
  });

  it('search reads the FTS index and then products by rowid', () => {
    const p = plan(searchSql('product_search'));
    expect(p).toMatch(/SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).toMatch(/SCAN product_search VIRTUAL TABLE INDEX 0:M/);
  });

  it('search by sound reads the phonetic index and then products by rowid', () => {
    const p = plan(searchSql('product_search_phonetic'));
    expect(p).toMatch(/SEARCH p USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(p).toMatch(/SCAN product_search_phonetic VIRTUAL TABLE INDEX 0:M/);
  });
});
