import { demoCatalog } from './demo-data.ts';
import { seededRandom } from './simulate.ts';

// A seeded store-year of the demo till as a script (docs/loss-prevention.md, "Scripted
// simulation"): more sales at weekends, in the New Year and summer months; a morning and an
// evening shift; a member who comes for coffee most weekday mornings and a VIP who shops twice a
// week; everyone else anonymous. Honest activity only: no fraud is injected.

export interface StoreYearOptions {
  seed: number;
  /** Sales in the year (about 100,000 for a busy counter). */
  sales: number;
  /** First local day, YYYY-MM-DD (the store is in Asia/Taipei, UTC+8 all year). */
  firstDay?: string;
  days?: number;
}

const DAY_MS = 86_400_000;

/** Local time in Taipei as the script writes it. */
function taipei(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

function dayWeight(day: Date): number {
  const weekday = day.getUTCDay();
  const month = day.getUTCMonth();
  const week = weekday === 0 || weekday === 6 ? 1.4 : weekday === 5 ? 1.2 : 1;
  const season = month <= 1 || month === 11 ? 1.3 : month === 6 || month === 7 ? 1.15 : 1;
  return week * season;
}

interface Basket {
  lines: Array<{ productId: string; qty: number; price: number }>;
  member?: string;
}

export function* storeYearScript(options: StoreYearOptions): Generator<string> {
  const random = seededRandom(options.seed);
  const days = options.days ?? 365;
  const first = Date.parse(`${options.firstDay ?? '2026-01-05'}T00:00:00Z`);
  const catalog = demoCatalog().filter((p) => p.active && p.unit === 'each');
  const price = (productId: string, tier: string): number => {
    const p = catalog.find((c) => c.productId === productId)!;
    return p.prices[tier] ?? p.prices.retail!;
  };
  const weights = Array.from({ length: days }, (_, d) => dayWeight(new Date(first + d * DAY_MS)));
  const perWeight = options.sales / weights.reduce((a, b) => a + b, 0);
  const line = (l: Record<string, unknown>) => JSON.stringify(l);
  let sold = 0;
  let planned = 0;
  yield line({
    at: taipei(first + 9.5 * 3_600_000 - 8 * 3_600_000),
    as: 'S001',
    call: 'till.openDrawer',
    params: { counts: [{ value: 100, count: 20 }] },
  });
  for (let d = 0; d < days; d++) {
    const day = new Date(first + d * DAY_MS);
    planned += weights[d]! * perWeight;
    const n = d === days - 1 ? options.sales - sold : Math.round(planned) - sold;
    const opensUtc = first + d * DAY_MS + 2 * 3_600_000; // 10:00 in Taipei
    const weekday = day.getUTCDay();
    for (let i = 0; i < n; i++) {
      const at = opensUtc + Math.floor(((i + random()) / n) * 12 * 3_600_000);
      const hour = 10 + Math.floor((at - opensUtc) / 3_600_000);
      const basket = chooseBasket({ i, hour, weekday, random, catalog: catalog.map((c) => c.productId), price });
      yield* saleLines(basket, taipei(at), hour < 16 ? 'S001' : 'S002', random, sold + i);
    }
    sold += n;
  }
}

function chooseBasket(c: {
  i: number;
  hour: number;
  weekday: number;
  random: () => number;
  catalog: readonly string[];
  price: (productId: string, tier: string) => number;
}): Basket {
  const weekdayMorning = c.weekday >= 1 && c.weekday <= 5 && c.i === 0;
  if (weekdayMorning && c.random() < 0.8)
    return { member: 'M0001', lines: [{ productId: 'TP-0010', qty: 1, price: c.price('TP-0010', 'member') }] };
  const vipDay = c.weekday === 2 || c.weekday === 6;
  if (vipDay && c.hour === 17 && c.random() < 0.15) {
    const lines = Array.from({ length: 4 + Math.floor(c.random() * 5) }, () => c.catalog[Math.floor(c.random() * c.catalog.length)]!);
    return {
      member: 'M0002',
      lines: lines.map((productId) => ({ productId, qty: 1 + Math.floor(c.random() * 3), price: c.price(productId, 'vip') })),
    };
  }
  const count = 1 + Math.floor(c.random() * c.random() * 5);
  return {
    lines: Array.from({ length: count }, () => {
      const productId = c.catalog[Math.floor(c.random() * c.catalog.length)]!;
      return { productId, qty: c.random() < 0.15 ? 2 : 1, price: c.price(productId, 'retail') };
    }),
  };
}

function* saleLines(basket: Basket, at: string, as: string, random: () => number, n: number): Generator<string> {
  const line = (l: Record<string, unknown>) => JSON.stringify(l);
  const [head, ...rest] = basket.lines;
  yield line({
    at,
    as,
    call: 'sale.addItem',
    params: { productId: head!.productId, ...(head!.qty > 1 ? { qtyMilli: head!.qty * 1000 } : {}) },
  });
  for (const l of rest)
    yield line({ call: 'sale.addItem', params: { productId: l.productId, ...(l.qty > 1 ? { qtyMilli: l.qty * 1000 } : {}) } });
  if (basket.member) yield line({ call: 'sale.attachMember', params: { method: 'token', token: { memberToken: basket.member } } });
  yield line({ call: 'sale.present' });
  const total = basket.lines.reduce((s, l) => s + l.qty * l.price, 0);
  if (random() < 0.3) yield line({ call: 'sale.addTender', params: { type: 'card', amount: total, reference: `Y${n}`, last4: '4242' } });
  else {
    const note = [100, 500, 1000].find((v) => v >= total) ?? Math.ceil(total / 1000) * 1000;
    yield line({ call: 'sale.addTender', params: { type: 'cash', amount: random() < 0.4 ? total : note } });
  }
  yield line({ call: 'sale.complete' });
}
