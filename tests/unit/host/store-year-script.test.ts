import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { runScript, startSimulatedTill } from '../../../host/simulate-script.ts';
import { storeYearScript } from '../../../host/store-year-script.ts';
import type { SaleBody } from '../../../core/ledger/bodies.ts';
import { tempDir } from '../../helpers/ledger.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as { at?: string; call: string; params?: { memberToken?: unknown } });
/** Sales per local day, from the time of each sale's first line. */
function salesPerDay(lines: string[]): Map<string, number> {
  const days = new Map<string, number>();
  let day = '';
  for (const l of parse(lines)) {
    if (l.at) day = l.at.slice(0, 10);
    if (l.call === 'sale.complete') days.set(day, (days.get(day) ?? 0) + 1);
  }
  return days;
}

describe('storeYearScript', () => {
  it('writes the sales asked for, the same for a seed, busier at weekends', () => {
    const week = [...storeYearScript({ seed: 7, sales: 700, days: 7 })];
    expect([...storeYearScript({ seed: 7, sales: 700, days: 7 })]).toEqual(week);
    expect([...storeYearScript({ seed: 8, sales: 700, days: 7 })]).not.toEqual(week);
    const perDay = salesPerDay(week);
    expect([...perDay.values()].reduce((a, b) => a + b, 0)).toBe(700);
    // 2026-01-05 is a Monday, 2026-01-10 a Saturday.
    expect(perDay.get('2026-01-10')!).toBeGreaterThan(perDay.get('2026-01-05')! * 1.3);
  });

  it('runs through the till without a stop: member prices for the regulars, a ledger of every sale', async () => {
    const dir = tempDir('tillproof-year-');
    const till = startSimulatedTill({
      dataDir: dir.path,
      config: parseConfig(DEMO_CONFIG, 'demo'),
      demo: true,
      start: '2026-01-05T01:00:00Z',
    });
    cleanups.push(async () => {
      await till.runtime.close();
      dir.cleanup();
    });
    const summary = await runScript(till.runtime, storeYearScript({ seed: 1, sales: 120, days: 3 }), { clock: till.clock });
    expect(summary.sales).toBe(120);
    const sales = [...till.runtime.store.entries()].filter((e) => e.kind === 'sale');
    expect(sales).toHaveLength(120);
    const members = sales.map((e) => e.body as SaleBody).filter((b) => b.member);
    expect(members.length).toBeGreaterThan(0);
    for (const b of members) expect(b.lines.every((l) => l.priceTier === b.member!.tier)).toBe(true);
    expect(new Set(sales.map((e) => e.operatorId))).toEqual(new Set(['S001', 'S002']));
  });
});
