// X/Z over a year of a busy lane: running totals in the read models vs a full recomputation
// from the entries, in the same run. Size: TILLPROOF_BENCH_ENTRIES (default 1,000,000).
import { join } from 'node:path';
import { SqliteLedgerStore } from '../../db/sqlite-ledger.ts';
import { nodeLedgerCrypto } from '../../platform/node-crypto.ts';
import { terminalConfigSchema } from '../../core/config/terminal-config.ts';
import { xReportView } from '../../core/till/report-view.ts';
import { addDeltas, dayTotalDeltas, totalsRecord, type DayTotals } from '../../core/till/day-totals.ts';
import { TEST_CONFIG } from '../helpers/host.ts';
import { draft, newSigner, saleBody, tempDir } from '../helpers/ledger.ts';

const target = Number(process.env.TILLPROOF_BENCH_ENTRIES ?? 1_000_000);
const perDay = Math.ceil(target / 365);
const dir = tempDir('tillproof-zbench-');
try {
  const store = SqliteLedgerStore.create(join(dir.path, 'ledger.sqlite'), nodeLedgerCrypto, newSigner(), {
    terminalId: 'T-BENCH',
    storeId: 'S',
    software: 'bench',
    businessDay: '2025-11-21',
    at: '2025-11-21T00:00:00.000Z',
  });
  // Building a year takes a while; the writes are batched and not fsynced (setup, not the measurement).
  store.database.pragma('synchronous = OFF');
  const t0 = Date.now();
  let day = new Date('2025-11-21T00:00:00Z');
  let written = 1;
  while (written < target) {
    const d = day.toISOString().slice(0, 10);
    for (let i = 0; i < perDay && written < target; i += 200) {
      store.write((tx) => {
        for (let k = 0; k < 100 && written < target; k++) {
          const no = tx.nextReceiptNo();
          const at = new Date(day.getTime() + 3_600_000 + (i + k) * 20_000).toISOString();
          const body = saleBody(no, `s-${no}`);
          tx.append(draft('sale', body, at, d, k % 3 ? 'staff-1' : 'staff-2'));
          written++;
          if (written < target) {
            tx.append(draft('receipt-issued', { saleId: body.saleId, receiptNo: no, channel: 'printed', copyNo: 0 }, at, d));
            written++;
          }
        }
      });
    }
    day = new Date(day.getTime() + 86_400_000);
  }
  store.database.pragma('synchronous = FULL');
  console.log(
    `built ${store.head().seq} entries over ${Math.ceil(store.head().seq / perDay)} days in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  const lastDay = [...store.entries({ from: store.head().seq })][0]!.businessDay;
  const config = terminalConfigSchema.parse(TEST_CONFIG);

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const time = (fn: () => void, runs: number) => {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = process.hrtime.bigint();
      fn();
      xs.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    return median(xs);
  };
  let fromProjection: ReturnType<typeof xReportView> | undefined;
  const projectionMs = time(() => (fromProjection = xReportView(store, config, 0, lastDay)), 15);
  const totalsOnlyMs = time(() => store.dayTotals(lastDay), 15);
  let full: DayTotals = new Map();
  const lookup = () => undefined;
  const fullMs = time(() => {
    full = new Map();
    for (const e of store.entries()) if (e.businessDay === lastDay) addDeltas(full, dayTotalDeltas(e, lookup));
  }, 1);
  const same = JSON.stringify(totalsRecord(full)) === JSON.stringify(fromProjection!.keys);
  console.log(`\nX report for ${lastDay} over a ${store.head().seq}-entry ledger`);
  console.log(
    `  from running totals (totals, drawers, hourly and per-cashier breakdown of the day): ${projectionMs.toFixed(2)} ms (target <= 100 ms: ${projectionMs <= 100 ? 'met' : 'NOT met'})`,
  );
  console.log(`  day totals read alone: ${totalsOnlyMs.toFixed(3)} ms`);
  console.log(`  full recomputation scanning every entry: ${fullMs.toFixed(0)} ms`);
  console.log(`  ratio full scan / running totals: ${(fullMs / projectionMs).toFixed(0)}x; same figures: ${same}`);
  store.close();
  if (!same) process.exitCode = 1;
} finally {
  dir.cleanup();
}
