// Catalog lookups and name search over a 1,000,000-product catalog (synthetic, mixed zh/en
// names), each against a bare primary-key SELECT on the same file in the same run. Per-operation
// samples, interleaved in rounds so drift hits every case alike; reports median and p95.
// CATALOG_BENCH_PRODUCTS=100000 for a quicker run.
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { applyCatalog, SqliteCatalog, planPhoneticSearch, planSearch } from '../../db/master-data.ts';
import { openLedgerDatabase } from '../../db/sqlite-ledger.ts';
import { syntheticProduct, syntheticProducts } from '../helpers/catalog.ts';
import { tempDir } from '../helpers/ledger.ts';

const PRODUCTS = Number(process.env.CATALOG_BENCH_PRODUCTS ?? 1_000_000);
const ROUNDS = 20;
const OPS_PER_ROUND = 50;
const LIMIT = 20;

interface Case {
  name: string;
  queries: readonly string[];
  run: (q: string) => unknown;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function sample(c: Case, into: number[], round: number): void {
  for (let i = 0; i < OPS_PER_ROUND; i++) {
    const q = c.queries[(round * OPS_PER_ROUND + i) % c.queries.length]!;
    const start = process.hrtime.bigint();
    c.run(q);
    into.push(Number(process.hrtime.bigint() - start) / 1000);
  }
}

function build(db: Database.Database): { seconds: number; cpu: number } {
  const start = performance.now();
  const cpu = process.cpuUsage();
  let last = { at: start, done: 0 };
  db.transaction(() =>
    applyCatalog(
      db,
      syntheticProducts(PRODUCTS),
      (p) => {
        const now = performance.now();
        if (p.phase === 'apply' && p.done > last.done) {
          console.log(
            `  built ${p.done.toLocaleString('en')} products (${(((p.done - last.done) / (now - last.at)) * 1000).toFixed(0)}/s)`,
          );
          last = { at: now, done: p.done };
        } else if (p.phase === 'digest' && p.done === 0) {
          console.log(`  digest of ${p.total?.toLocaleString('en')} products...`);
        }
      },
      { progressEvery: 200_000 },
    ),
  )();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

const dir = tempDir('tillproof-bench-');
try {
  const path = join(dir.path, 'ledger.sqlite');
  const db = openLedgerDatabase(path, { mustExist: false });
  // A bench catalog needs no crash safety while it is built; lookups below are reads.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -524288');
  console.log(`Building a ${PRODUCTS.toLocaleString('en')}-product catalog (applyCatalog, one transaction)...`);
  const { seconds, cpu } = build(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  console.log(
    `  build: ${seconds.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (${((PRODUCTS / seconds) | 0).toLocaleString('en')} products/s), file ${(statSync(path).size / 1e6).toFixed(0)} MB; load average ${loadavg()[0]!.toFixed(1)}`,
  );

  const catalog = new SqliteCatalog(db);
  const pk = db.prepare('SELECT * FROM products WHERE product_no = ?');
  const rnd = (() => {
    let s = 42;
    return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  })();
  const ids = Array.from({ length: 1000 }, () => String(1 + Math.floor(rnd() * PRODUCTS)));
  const gtins = Array.from({ length: 1000 }, () => syntheticProduct(Math.floor(rnd() * PRODUCTS)).barcodes[0]!);
  const ean13s = gtins.map((g) => g.slice(1));

  const baseline: Case = { name: 'bare SELECT * FROM products WHERE product_no = ?', queries: ids, run: (q) => pk.get(Number(q)) };
  const cases: Case[] = [
    { name: 'byGtin (random GTIN-14)', queries: gtins, run: (q) => catalog.byGtin(q) },
    { name: 'search: EAN-13 typed into search', queries: ean13s, run: (q) => catalog.search(q, LIMIT) },
    {
      name: 'search: CJK 1 char (茶, 糖...)',
      queries: ['茶', '糖', '麵', '果', '奶', '鹽', '春', '龍'],
      run: (q) => catalog.search(q, LIMIT),
    },
    {
      name: 'search: CJK 2 chars (烏龍, 奶茶...)',
      queries: ['烏龍', '奶茶', '咖啡', '檸檬', '春夏', '黑糖', '乌龙', '蛋糕'],
      run: (q) => catalog.search(q, LIMIT),
    },
    {
      name: 'search: CJK 3+ chars (烏龍茶, 巧克力...)',
      queries: ['烏龍茶', '巧克力', '洋芋片', '鐵觀音', '黑糖奶', '统一春', '紫米蛋糕', '维他露'],
      run: (q) => catalog.search(q, LIMIT),
    },
    {
      name: 'search: Latin prefix 2 chars (oo, ch...)',
      queries: ['oo', 'ch', 'ma', 'st', 'ho', 'ba', 'te', 'ca'],
      run: (q) => catalog.search(q, LIMIT),
    },
    {
      name: 'search: Latin 4+ chars (oolo, choc...)',
      queries: ['oolo', 'choc', 'mango', 'straw', 'honey', 'barley', 'Ｏｏｌｏｎｇ', 'uni-pres'],
      run: (q) => catalog.search(q, LIMIT),
    },
    { name: 'search: rare 3+ (one series, S0042)', queries: ['s0042', 's1234', 's0777', 's0999'], run: (q) => catalog.search(q, LIMIT) },
    {
      name: 'search: pinyin (wulongcha, wlc, wu long...)',
      queries: ['wulongcha', 'wlc', 'tieguanyin', 'naicha', 'qiaokeli', 'wu long', 'hts', 'kafei'],
      run: (q) => catalog.search(q, LIMIT),
    },
    {
      name: 'search: rare pinyin (tongyichunxia...)',
      queries: ['tongyichunxia', 'tycx', 'weitaluqiudong', 'heisongshanhai'],
      run: (q) => catalog.search(q, LIMIT),
    },
    {
      name: 'search: zhuyin (ㄨㄌㄔ, ㄋㄞˇ ㄔㄚˊ...)',
      queries: ['ㄨㄌㄔ', 'ㄋㄞˇ ㄔㄚˊ', 'ㄑㄧㄠˇㄎㄜˋㄌㄧˋ', 'ㄊㄒㄍ', 'ㄏㄊㄋㄔ', 'ㄨˇ ㄌㄨㄥˊ', 'ㄎㄚㄈㄟ', 'ㄅㄇㄍ'],
      run: (q) => catalog.search(q, LIMIT),
    },
  ];
  for (const c of cases) {
    if (!c.name.startsWith('search:')) continue;
    const q = c.queries[0]!;
    console.log(
      `  ${c.name.padEnd(44)} -> ${/^\d{8,}$/.test(q) ? 'barcode lookup only' : `${planSearch(q)?.index} index${planPhoneticSearch(q) ? ' + sound index' : ''}`}`,
    );
  }

  for (const c of [baseline, ...cases]) for (let i = 0; i < 20; i++) c.run(c.queries[i % c.queries.length]!);
  const samples = new Map<Case, number[]>([baseline, ...cases].map((c) => [c, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [...cases].reverse() : cases;
    for (const c of order) {
      sample(baseline, samples.get(baseline)!, r);
      sample(c, samples.get(c)!, r);
    }
  }
  const stats = (c: Case) => {
    const s = [...samples.get(c)!].sort((a, b) => a - b);
    return { median: quantile(s, 0.5), p95: quantile(s, 0.95) };
  };
  const base = stats(baseline);
  const f = (n: number) => n.toFixed(1).padStart(8);
  console.log(
    `\nCatalog lookups over ${PRODUCTS.toLocaleString('en')} products, limit ${LIMIT} (us per op; ratio = case / bare PK SELECT)`,
  );
  console.log(`  ${'case'.padEnd(44)} ${'median'.padStart(8)} ${'p95'.padStart(8)}   ratio median / p95`);
  console.log(`  ${baseline.name.padEnd(44)} ${f(base.median)} ${f(base.p95)}   1.0 / 1.0`);
  for (const c of cases) {
    const s = stats(c);
    console.log(
      `  ${c.name.padEnd(44)} ${f(s.median)} ${f(s.p95)}   ${(s.median / base.median).toFixed(1)} / ${(s.p95 / base.p95).toFixed(1)}`,
    );
  }

  // A daily update, the whole file again: 10,000 prices change, 1,000 products leave, 1,000 arrive.
  const changed = Math.min(10_000, Math.floor(PRODUCTS / 10));
  const leaving = Math.min(1_000, Math.floor(PRODUCTS / 100));
  const start = performance.now();
  const update = db.transaction(() =>
    applyCatalog(
      db,
      (function* () {
        for (const p of syntheticProducts(PRODUCTS - leaving, { start: leaving })) {
          const i = Number(p.productId.slice(1));
          yield i % 10 === 7 && i < leaving + changed * 10 ? { ...p, prices: { ...p.prices, retail: p.prices.retail! + 1 } } : p;
        }
        yield* syntheticProducts(leaving, { start: PRODUCTS });
      })(),
    ),
  )();
  console.log(
    `\nRe-import of the whole file with changes: ${update.updated} updated, ${update.deactivated} deactivated, ${update.inserted} inserted, ${update.unchanged} unchanged in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );
  db.close();
} finally {
  dir.cleanup();
}
