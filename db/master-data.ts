// Master data in the terminal's SQLite file (migration 0003): the catalog, staff and members,
// as core's Catalog, StaffDirectory and MemberDirectory ports, and the writers that change them
// inside the caller's ledger transaction. The pieces live in master-data-*.ts.
export { MasterDataError, EMPTY_DIGEST, versionLabel, type MasterDataErrorCode, type SectionChange } from './master-data-shared.ts';
export {
  SqliteCatalog,
  CATALOG_LOOKUPS,
  searchSql,
  applyCatalog,
  planSearch,
  planPhoneticSearch,
  rebuildPendingSearchIndexes,
  productContentHash,
  searchNames,
  type ApplyCatalogOptions,
  type CatalogChange,
  type CatalogProgress,
  type SearchPlan,
  type PhoneticPlan,
  type SearchIndexRebuildProgress,
} from './master-data-catalog.ts';
export {
  SqliteStaffDirectory,
  PEOPLE_LOOKUPS,
  SqliteMemberDirectory,
  addStaff,
  upsertMembers,
  badgeHash,
  DEFAULT_PIN_SCRYPT,
  type NewStaff,
  type ScryptParams,
} from './master-data-people.ts';
