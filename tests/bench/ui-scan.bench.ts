// Scan-to-render in a real browser (Debian Chromium, headless) against the browser-mode host:
// wedge-style scans, measured with the page's own performance marks (scan:start ->
// scan:rendered), first on the 66-product demo catalog (baseline), then after loading a
// 1,000,000-product catalog into the same terminal. UI_BENCH_PRODUCTS for a smaller run.
import { applyCatalog } from '../../db/master-data.ts';
import { syntheticProduct, syntheticProducts } from '../helpers/catalog.ts';
import { buildRenderer, closeBrowser, login, startTill, wedgeScan, DEMO } from '../e2e/harness.ts';

const PRODUCTS = Number(process.env.UI_BENCH_PRODUCTS ?? 1_000_000);
const SCANS = 60;

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

const staticDir = await buildRenderer();
const till = await startTill(staticDir);
try {
  const { page } = till;
  await login(page, DEMO.manager);
  const demoBarcodes = [DEMO.greenTea.barcode, DEMO.oolong.barcode, DEMO.cola.barcode, DEMO.milk.barcode];

  async function phase(codes: string[]): Promise<{ total: number[]; render: number[] }> {
    await page.evaluate(() => {
      performance.clearMarks();
      performance.clearMeasures();
    });
    for (const [i, code] of codes.entries()) {
      await wedgeScan(page, code);
      await page.waitForFunction((n) => performance.getEntriesByName('scan:rendered').length >= n, i + 1, { timeout: 10_000 });
    }
    return page.evaluate(() => {
      const at = (n: string) => performance.getEntriesByName(n).map((e) => e.startTime);
      const [s, a, r] = [at('scan:start'), at('scan:answered'), at('scan:rendered')];
      return { total: s.map((t, i) => (r[i] ?? t) - t), render: s.map((t, i) => (r[i] ?? t) - (a[i] ?? t)) };
    });
  }

  const baseline = await phase(Array.from({ length: SCANS }, (_, i) => demoBarcodes[i % demoBarcodes.length]!));
  await page.keyboard.press('Escape');

  const t0 = Date.now();
  const db = till.runtime.store.database;
  till.runtime.store.write((tx) => {
    applyCatalog(db, syntheticProducts(PRODUCTS), undefined, { merge: true });
    tx.append({ kind: 'config-change', businessDay: till.runtime.store.entry(tx.head().seq)!.businessDay, startedAt: new Date().toISOString(), endedAt: new Date().toISOString(), operatorId: null, body: { section: 'catalog', summary: `benchmark: ${PRODUCTS} synthetic products` } });
  });
  console.log(`loaded ${PRODUCTS} products in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const codes = Array.from({ length: SCANS }, (_, i) => syntheticProduct(Math.floor((i * 7919) % PRODUCTS)).barcodes[0]!);
  const big = await phase(codes.map((c) => (c.length === 14 ? c.slice(1) : c)));

  const line = (label: string, xs: number[]) => `  ${label.padEnd(46)} p50 ${pct(xs, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(xs, 0.95).toFixed(1).padStart(6)} ms`;
  console.log(`\nScan to line on screen (${SCANS} wedge scans each), Chromium headless`);
  console.log(line('demo catalog (66 products): scan -> rendered', baseline.total));
  console.log(line(`${PRODUCTS} products: scan -> rendered`, big.total));
  console.log(line(`${PRODUCTS} products: page part (answer -> DOM)`, big.render));
  console.log(`  ratio p95 (${PRODUCTS} / demo): ${(pct(big.total, 0.95) / pct(baseline.total, 0.95)).toFixed(2)}; target p95 <= 16 ms: ${pct(big.total, 0.95) <= 16 ? 'met' : 'NOT met'}`);
} finally {
  await till.close();
  await closeBrowser();
}
