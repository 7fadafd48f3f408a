// Scan-to-render in a real browser (Debian Chromium, headless) against `tillproof serve` in its
// own process (as the host runs in Electron's utility process): wedge-style scans, measured with
// the page's own performance marks (scan:start -> scan:answered -> scan:rendered). First on the
// 66-product demo catalog (baseline), then on the same till after a 1,000,000-product catalog
// was imported into its ledger and the host restarted. UI_BENCH_PRODUCTS for a smaller run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { applyCatalog } from '../../db/master-data.ts';
import { DEMO_CONFIG, parseConfig } from '../../host/config.ts';
import { startTerminal } from '../../host/terminal-runtime.ts';
import { syntheticProduct, syntheticProducts } from '../helpers/catalog.ts';
import { login, wedgeScan, DEMO } from '../e2e/harness.ts';
import { buildServedRenderer, startServe, stopServe } from '../e2e/serve-process.ts';

const PRODUCTS = Number(process.env.UI_BENCH_PRODUCTS ?? 1_000_000);
const SCANS = 60;
const WARM_UP = 5;

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

interface Timings {
  total: number[];
  host: number[];
  render: number[];
}

async function scans(page: Page, codes: string[]): Promise<Timings> {
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
    return {
      total: s.map((t, i) => (r[i] ?? t) - t),
      host: s.map((t, i) => (a[i] ?? t) - t),
      render: s.map((t, i) => (r[i] ?? t) - (a[i] ?? t)),
    };
  });
}

/** Starts the till's host, signs in in a fresh tab, warms up, then times `codes`. */
async function phase(dataDir: string, warmUp: string[], codes: string[]): Promise<Timings> {
  const served = await startServe(dataDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await (
      await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'en-US', timezoneId: 'Asia/Taipei' })
    ).newPage();
    await page.goto(served.pairingUrl);
    await login(page, DEMO.manager);
    await scans(page, warmUp);
    return await scans(page, codes);
  } finally {
    await browser.close();
    await stopServe(served);
  }
}

await buildServedRenderer();
const dataDir = mkdtempSync(join(tmpdir(), 'tillproof-ui-bench-'));
try {
  const demoBarcodes = [DEMO.greenTea.barcode, DEMO.oolong.barcode, DEMO.cola.barcode, DEMO.milk.barcode];
  const demoCodes = (n: number, from: number) => Array.from({ length: n }, (_, i) => demoBarcodes[(from + i) % demoBarcodes.length]!);
  const baseline = await phase(dataDir, demoCodes(WARM_UP, 0), demoCodes(SCANS, 1));

  // The catalog import, as `tillproof catalog import` or an HQ sync does it: one transaction with its config-change entry.
  const t0 = Date.now();
  const runtime = startTerminal({ dataDir, config: parseConfig(DEMO_CONFIG, 'demo'), demo: true });
  const db = runtime.store.database;
  runtime.store.write((tx) => {
    applyCatalog(db, syntheticProducts(PRODUCTS), undefined, { merge: true });
    tx.append({
      kind: 'config-change',
      businessDay: runtime.store.entry(tx.head().seq)!.businessDay,
      startedAt: new Date().toISOString(),
      endedAt: new Date().toISOString(),
      operatorId: null,
      body: { section: 'catalog', summary: `benchmark: ${PRODUCTS} synthetic products` },
    });
  });
  await runtime.close();
  console.log(`imported ${PRODUCTS} products in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const code = (i: number) => {
    const c = syntheticProduct(Math.floor((i * 7919) % PRODUCTS)).barcodes[0]!;
    return c.length === 14 ? c.slice(1) : c;
  };
  const big = await phase(
    dataDir,
    Array.from({ length: WARM_UP }, (_, i) => code(SCANS + i)),
    Array.from({ length: SCANS }, (_, i) => code(i)),
  );

  const line = (label: string, xs: number[]) =>
    `  ${label.padEnd(46)} p50 ${pct(xs, 0.5).toFixed(1).padStart(6)} ms   p95 ${pct(xs, 0.95).toFixed(1).padStart(6)} ms`;
  console.log(`\nScan to line on screen (${SCANS} wedge scans each after ${WARM_UP} warm-up), Chromium headless, host in its own process`);
  console.log(line('demo catalog (66 products): scan -> rendered', baseline.total));
  console.log(line('demo catalog: scan -> answer in the page', baseline.host));
  console.log(line(`${PRODUCTS} products: scan -> rendered`, big.total));
  console.log(line(`${PRODUCTS} products: scan -> answer in the page`, big.host));
  console.log(line(`${PRODUCTS} products: page part (answer -> DOM)`, big.render));
  console.log(
    `  ratio p95 (${PRODUCTS} / demo): ${(pct(big.total, 0.95) / pct(baseline.total, 0.95)).toFixed(2)}; target p95 <= 16 ms: ${pct(big.total, 0.95) <= 16 ? 'met' : 'NOT met'}`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
