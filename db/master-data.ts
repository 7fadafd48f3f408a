// Master data in the terminal's SQLite file (migration 0003): the catalog, staff and members,
// as core's Catalog, StaffDirectory and MemberDirectory ports, and the writers that change them
// inside the caller's ledger transaction. The catalog lives in catalog/, staff and members beside this file.
import { MEMBER_LOOKUPS } from './member-directory.ts';
import { STAFF_LOOKUPS } from './staff-directory.ts';

export { MasterDataError, versionLabel, type SectionChange } from './master-data-shared.ts';
export { SqliteCatalog } from './catalog/sqlite-catalog.ts';
export { CATALOG_LOOKUPS } from './catalog/product-rows.ts';
export { applyCatalog, type ApplyCatalogOptions, type CatalogChange, type CatalogProgress } from './catalog/catalog-import.ts';
export { planSearch, planPhoneticSearch, searchSql } from './catalog/search-plan.ts';
export { rebuildPendingSearchIndexes } from './catalog/search-index-rebuild.ts';
export { SqliteStaffDirectory, addStaff, badgeHash, DEFAULT_PIN_SCRYPT, type NewStaff } from './staff-directory.ts';
export { SqliteMemberDirectory, upsertMembers } from './member-directory.ts';

/** The hot staff and member lookups, named so a test can assert their query plans use the indexes. */
export const PEOPLE_LOOKUPS = { ...STAFF_LOOKUPS, ...MEMBER_LOOKUPS } as const;
