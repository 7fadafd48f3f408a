// Master-data fixtures for the db tests: a fresh ledger file per test, and a small catalog in
// three languages (names, tiers, a weighed item, several barcodes) to import, search and change.
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import type { CatalogItem } from '../../core/catalog/product.ts';
import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { ean13 } from './catalog.ts';
import { newSigner, tempDir } from './ledger.ts';

export const FAST_SCRYPT = { scrypt: { N: 1024, r: 8, p: 1 } };

export function product(id: string, fields: Partial<CatalogItem> = {}): CatalogItem {
  const n = Number(id.replace(/\D/g, '')) || 1;
  return {
    productId: id,
    sku: `SKU-${id}`,
    name: `Product ${id}`,
    names: {},
    department: 'drinks',
    taxClass: 'standard',
    unit: 'each',
    prices: { retail: 100 },
    barcodes: [`0${ean13(`4719${String(n).padStart(8, '0')}`)}`],
    active: true,
    itemCode: null,
    ...fields,
  };
}

export const OOLONG = product('P-1', {
  name: '凍頂烏龍茶 500ml',
  names: { en: 'Dongding Oolong Tea 500ml', 'zh-TW': '凍頂烏龍茶 500ml', 'zh-CN': '冻顶乌龙茶 500ml' },
  prices: { retail: 30, member: 28, vip: 27 },
});
export const MILK_TEA = product('P-2', {
  name: '麥香奶茶 300ml',
  names: { en: 'Milk Tea 300ml', 'zh-CN': '麦香奶茶 300ml' },
  prices: { retail: 10 },
});
export const LATTE = product('P-3', { name: 'Café Latte', names: { 'zh-TW': '拿鐵咖啡', 'zh-CN': '拿铁咖啡' }, prices: { retail: 65 } });
export const OOLONG_CAKE = product('P-4', { name: 'Oolong Tea Cake', names: { 'zh-TW': '烏龍茶蛋糕' }, prices: { retail: 45 } });
export const BANANA = product('P-5', {
  name: '香蕉',
  names: { en: 'Bananas' },
  unit: 'kg',
  prices: { retail: 80 },
  barcodes: [],
  itemCode: '10001',
  taxClass: 'zero',
});
export const WATER = product('P-6', { name: 'Water 600ml', names: {}, barcodes: ['00000047100299', '00088800000178'] });
export const CATALOG = [OOLONG, MILK_TEA, LATTE, OOLONG_CAKE, BANANA, WATER];

export interface TestLedger {
  dir: { path: string; cleanup: () => void };
  store: SqliteLedgerStore;
  db: Database.Database;
  /** Closes the ledger and removes its directory. */
  close(): void;
}

/** A new ledger file in a temp dir (terminal T-1 of store S-1), for one test. */
export function openTestLedger(): TestLedger {
  const dir = tempDir();
  const opened = { terminalId: 'T-1', storeId: 'S-1', software: 'test', businessDay: '2026-11-20', at: '2026-11-20T02:00:00.000Z' };
  const store = SqliteLedgerStore.create(join(dir.path, 'ledger.sqlite'), nodeLedgerCrypto, newSigner(), opened);
  return {
    dir,
    store,
    db: store.database,
    close() {
      store.close();
      dir.cleanup();
    },
  };
}
