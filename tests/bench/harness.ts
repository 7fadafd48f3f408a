// Tiny benchmark harness: runs a candidate and its baseline in the same process, interleaved
// in rounds so that disk and CPU drift hit both alike, and reports medians and the ratio.

export interface BenchCase {
  name: string;
  /** One operation. */
  run: () => void;
}

export interface Comparison {
  candidate: string;
  baseline: string;
  candidateMedianUs: number;
  baselineMedianUs: number;
  ratio: number;
  candidateOpsPerSec: number;
  baselineOpsPerSec: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timeRound(c: BenchCase, ops: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) c.run();
  return Number(process.hrtime.bigint() - start) / 1000 / ops;
}

export function compare(
  candidate: BenchCase,
  baseline: BenchCase,
  options: { rounds?: number; opsPerRound?: number; warmup?: number } = {},
): Comparison {
  const rounds = options.rounds ?? 15;
  const ops = options.opsPerRound ?? 100;
  for (let i = 0; i < (options.warmup ?? 50); i++) {
    candidate.run();
    baseline.run();
  }
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first so neither always gets the warmer cache.
    if (r % 2) {
      a.push(timeRound(candidate, ops));
      b.push(timeRound(baseline, ops));
    } else {
      b.push(timeRound(baseline, ops));
      a.push(timeRound(candidate, ops));
    }
  }
  const am = median(a);
  const bm = median(b);
  return {
    candidate: candidate.name,
    baseline: baseline.name,
    candidateMedianUs: am,
    baselineMedianUs: bm,
    ratio: am / bm,
    candidateOpsPerSec: 1e6 / am,
    baselineOpsPerSec: 1e6 / bm,
  };
}

export function report(title: string, c: Comparison, target?: number): void {
  const f = (n: number) => n.toFixed(1);
  console.log(`\n${title}`);
  console.log(`  ${c.candidate.padEnd(44)} ${f(c.candidateMedianUs).padStart(9)} us/op ${f(c.candidateOpsPerSec).padStart(10)} op/s`);
  console.log(`  ${c.baseline.padEnd(44)} ${f(c.baselineMedianUs).padStart(9)} us/op ${f(c.baselineOpsPerSec).padStart(10)} op/s`);
  console.log(`  ratio ${c.ratio.toFixed(2)}${target ? ` (target <= ${target}: ${c.ratio <= target ? 'met' : 'NOT met'})` : ''}`);
}
