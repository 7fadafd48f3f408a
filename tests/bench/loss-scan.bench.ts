// The loss scan (core/loss/loss-scan.ts, every rule) over a generated store-year of entries
// (host/fraud-store-year.ts: two tills, frauds injected), against a bare pass over the same
// entries in the same run (each entry's kind, day, operator and total read once: the least any
// scan does). Size: TILLPROOF_BENCH_SALES (default 100,000, a store-year; target <= 5 s).
import { compare, report } from './harness.ts';
import { scanLoss } from '../../core/loss/loss-scan.ts';
import { fraudStoreYear } from '../../host/fraud-store-year.ts';

const sales = Number(process.env.TILLPROOF_BENCH_SALES ?? 100_000);
const year = fraudStoreYear({ seed: 1, sales });
let sink = 0;
const scan = () => {
  sink += scanLoss(year.entries).length;
};
const bare = () => {
  const staff = new Set<string>();
  const days = new Set<string>();
  let total = 0;
  for (const e of year.entries) {
    days.add(e.businessDay);
    if (e.operatorId !== null) staff.add(e.operatorId);
    const t = (e.body as { total?: unknown }).total;
    if (e.kind === 'sale' && typeof t === 'number') total += t;
  }
  sink += staff.size + days.size + (total > 0 ? 1 : 0);
};

const cpu = process.cpuUsage();
const c = compare(
  { name: `loss scan, ${year.entries.length} entries`, run: scan },
  { name: 'bare pass over the same entries', run: bare },
  {
    rounds: 5,
    opsPerRound: 1,
    warmup: 1,
  },
);
const used = process.cpuUsage(cpu);
report(`Loss scan of a store-year: ${year.sales} sales, ${year.entries.length} entries, ${year.injected.length} frauds injected`, c);
const seconds = c.candidateMedianUs / 1e6;
console.log(
  `  scan median ${seconds.toFixed(2)} s (bare pass ${(c.baselineMedianUs / 1e3).toFixed(1)} ms); CPU of the whole run ${((used.user + used.system) / 1e6).toFixed(1)} s`,
);
if (sales >= 100_000) console.log(`  store-year scan in ${seconds.toFixed(2)} s (target <= 5 s: ${seconds <= 5 ? 'met' : 'NOT met'})`);
if (sink < 0) console.log(sink);
