// A scripted store-year (host/store-year-script.ts) through `runScript`, against the seeded
// `simulateSales` (the same handlers, no script to read) on a share of the same size in the
// same run. Size: TILLPROOF_BENCH_SALES (default 100,000, a store-year; target <= 120 s); fewer
// sales make fewer days of the same busyness.
import { join } from 'node:path';
import { DEMO_CONFIG, parseConfig } from '../../host/config.ts';
import { runScript, startSimulatedTill } from '../../host/simulate-script.ts';
import { simulateSales } from '../../host/simulate.ts';
import { storeYearScript } from '../../host/store-year-script.ts';
import { tempDir } from '../helpers/ledger.ts';

const sales = Number(process.env.TILLPROOF_BENCH_SALES ?? 100_000);
const baselineSales = Math.max(1000, Math.round(sales / 10));
const dir = tempDir('tillproof-script-bench-');
const config = parseConfig(DEMO_CONFIG, 'demo');
try {
  const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

  const base = startSimulatedTill({ dataDir: join(dir.path, 'baseline'), config, demo: true, start: '2026-01-05T01:30:00.000Z' });
  const clock = { now: () => base.clock.now(), advance: (ms: number) => base.clock.set(new Date(base.clock.now().getTime() + ms)) };
  let t = process.hrtime.bigint();
  await simulateSales(base.runtime, { sales: baselineSales, seed: 1, staff: { staffId: 'S001', pin: '1111' }, clock });
  const baselineS = seconds(t);
  await base.runtime.close();

  const till = startSimulatedTill({ dataDir: join(dir.path, 'script'), config, demo: true, start: '2026-01-05T01:30:00.000Z' });
  const cpu = process.cpuUsage();
  t = process.hrtime.bigint();
  const summary = await runScript(
    till.runtime,
    storeYearScript({ seed: 1, sales, days: Math.max(1, Math.round((365 * sales) / 100_000)) }),
    {
      clock: till.clock,
      onProgress: (s) => s.calls % 100_000 === 0 && console.log(`  ${s.sales} sales (${seconds(t).toFixed(0)} s)`),
    },
  );
  const scriptS = seconds(t);
  const used = process.cpuUsage(cpu);
  await till.runtime.close();

  const perSale = (s: number, n: number) => (s * 1000) / n;
  const ratio = perSale(scriptS, summary.sales) / perSale(baselineS, baselineSales);
  console.log(`\nScripted store-year: ${summary.sales} sales, ${summary.calls} calls, ${summary.lastSeq} ledger entries`);
  console.log(
    `  script (runScript, generated year)          ${scriptS.toFixed(1)} s, ${perSale(scriptS, summary.sales).toFixed(2)} ms/sale`,
  );
  console.log(`  of which CPU (user + system)                ${((used.user + used.system) / 1e6).toFixed(1)} s`);
  console.log(
    `  baseline (simulateSales, ${baselineSales} sales)     ${baselineS.toFixed(1)} s, ${perSale(baselineS, baselineSales).toFixed(2)} ms/sale`,
  );
  console.log(`  ratio per sale script / baseline: ${ratio.toFixed(2)}`);
  if (sales >= 100_000) console.log(`  store-year in ${scriptS.toFixed(0)} s (target <= 120 s: ${scriptS <= 120 ? 'met' : 'NOT met'})`);
} finally {
  dir.cleanup();
}
