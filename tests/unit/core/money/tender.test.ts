import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cashChange, settleTenders, tenderBalance, type TenderInput } from '../../../../core/money/tender.ts';
import { money } from '../../../../core/money/money.ts';
import type { MoneyResult } from '../../../../core/money/errors.ts';

const twd = (n: number) => money(n, 'TWD');
const chf = (n: number) => money(n, 'CHF');
const cash = (m: ReturnType<typeof money>): TenderInput => ({ type: 'cash', amount: m });
const card = (m: ReturnType<typeof money>, reference?: string): TenderInput => ({
  type: 'card',
  amount: m,
  ...(reference ? { reference } : {}),
});
const CHF_COINS = { increment: 5, mode: 'half-up' } as const;

function errorCode<T>(r: MoneyResult<T>): string | null {
  return r.ok ? null : r.error.code;
}

describe('cash change', () => {
  it('gives change from a 1000 note for a 871 sale', () => {
    const r = cashChange(twd(871), twd(1000));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.change).toBe(129);
    expect(r.value.total).toBe(871);
    expect(r.value.tenders).toEqual([{ type: 'cash', amount: 871, tendered: 1000, change: 129 }]);
  });

  it('applies cash rounding: CHF 10.03 is paid as 10.05 and the rounding is recorded', () => {
    const r = cashChange(chf(1003), chf(2000), CHF_COINS);
    expect(r.ok && r.value).toMatchObject({ due: 1003, rounding: 2, total: 1005, change: 995 });
  });

  it('says how much is missing when the customer hands over too little', () => {
    const r = cashChange(twd(871), twd(500));
    expect(errorCode(r)).toBe('money.insufficient-tender');
    if (!r.ok) expect(r.error.details.shortfall).toBe(371);
    // 10.02 rounds down to 10.00 in cash: 10.00 is enough
    expect(cashChange(chf(1002), chf(1000), CHF_COINS).ok).toBe(true);
    expect(errorCode(cashChange(chf(1003), chf(1000), CHF_COINS))).toBe('money.insufficient-tender');
  });

  it('refuses foreign currency in the drawer', () => {
    expect(errorCode(cashChange(twd(100), money(100, 'HKD')))).toBe('money.currency-mismatch');
  });
});

describe('split tenders', () => {
  it('card for part, cash for the rest with change', () => {
    const r = settleTenders(twd(1280), [card(twd(1000), 'auth-77'), cash(twd(500))]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.tenders).toEqual([
      { type: 'card', amount: 1000, reference: 'auth-77' },
      { type: 'cash', amount: 280, tendered: 500, change: 220 },
    ]);
    expect(r.value.change).toBe(220);
  });

  it('rounds only the cash part: the card is charged to the cent', () => {
    const r = settleTenders(chf(2003), [card(chf(1001)), cash(chf(1005))], CHF_COINS);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // cash part 10.02 rounds to 10.00
    expect(r.value).toMatchObject({ nonCash: 1001, cashDue: 1002, rounding: -2, total: 2001, change: 5 });
  });

  it('does no cash rounding when everything goes on the card', () => {
    const r = settleTenders(chf(2003), [card(chf(2003))], CHF_COINS);
    expect(r.ok && r.value).toMatchObject({ rounding: 0, total: 2003, change: 0 });
  });

  it('accepts a zero cash tender when the cash part rounds to nothing', () => {
    const r = settleTenders(chf(1002), [card(chf(1000)), cash(chf(0))], CHF_COINS);
    expect(r.ok && r.value).toMatchObject({ rounding: -2, total: 1000, change: 0 });
  });

  it('never gives change on a card: a card over the remaining due is refused', () => {
    const r = settleTenders(twd(1280), [cash(twd(500)), card(twd(1000))]);
    expect(errorCode(r)).toBe('money.tender-exceeds-due');
    if (!r.ok) expect(r.error.details).toMatchObject({ tender: 2, amount: 1000, remaining: 780 });
    expect(errorCode(settleTenders(twd(100), [card(twd(101))]))).toBe('money.tender-exceeds-due');
  });

  it('refuses tenders added after the sale is paid', () => {
    expect(errorCode(settleTenders(twd(100), [cash(twd(500)), cash(twd(100))]))).toBe('money.tender-after-paid');
    expect(errorCode(settleTenders(twd(100), [card(twd(100)), cash(twd(100))]))).toBe('money.tender-after-paid');
    expect(errorCode(settleTenders(twd(0), [cash(twd(100))]))).toBe('money.tender-after-paid');
  });

  it('refuses empty, negative and fractional tenders, and a negative amount due', () => {
    expect(errorCode(settleTenders(twd(100), [card(twd(0))]))).toBe('money.invalid-tender');
    expect(errorCode(settleTenders(twd(100), [{ type: 'cash', amount: { minor: -5, currency: 'TWD' } }]))).toBe('money.invalid-tender');
    expect(errorCode(settleTenders(twd(100), [{ type: 'card', amount: { minor: 10.5, currency: 'TWD' } }]))).toBe('money.not-integer');
    expect(errorCode(settleTenders(twd(-100), []))).toBe('money.negative-amount');
  });

  it('a fully discounted sale needs no tender', () => {
    const r = settleTenders(twd(0), []);
    expect(r.ok && r.value).toMatchObject({ total: 0, change: 0, tenders: [] });
  });

  it('hands the change back on the last cash tender when cash came in twice', () => {
    const r = settleTenders(twd(1280), [cash(twd(1000)), card(twd(200)), cash(twd(100))]);
    expect(r.ok && r.value.tenders).toEqual([
      { type: 'cash', amount: 1000, tendered: 1000, change: 0 },
      { type: 'card', amount: 200 },
      { type: 'cash', amount: 80, tendered: 100, change: 20 },
    ]);
  });
});

describe('balance while paying', () => {
  it('shows what is left by card and in cash after each tender', () => {
    const start = tenderBalance(chf(2003), [], CHF_COINS);
    expect(start.ok && start.value).toMatchObject({ remaining: 2003, remainingInCash: 2005, settled: false });
    const afterCard = tenderBalance(chf(2003), [card(chf(1000))], CHF_COINS);
    expect(afterCard.ok && afterCard.value).toMatchObject({ remaining: 1003, remainingInCash: 1005, settled: false });
    const paid = tenderBalance(chf(2003), [card(chf(1000)), cash(chf(2000))], CHF_COINS);
    expect(paid.ok && paid.value).toMatchObject({ remaining: 0, remainingInCash: 0, settled: true });
  });
});

describe('settlement invariants over random payments', () => {
  it('applied tenders add up to the total, change is cash over the cash due, and cards are exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom(1, 5, 10, 50, 100),
        (due, cardShare, extraCash, increment) => {
          const rule = { increment, mode: 'half-up' } as const;
          const cardAmount = Math.floor(due * cardShare);
          const cashPart = due - cardAmount;
          const tenders: TenderInput[] = [];
          if (cardAmount > 0) tenders.push(card(money(cardAmount, 'EUR')));
          if (cashPart > 0) tenders.push(cash(money(Math.ceil(cashPart / increment) * increment + extraCash, 'EUR')));
          const r = settleTenders(money(due, 'EUR'), tenders, rule);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          const s = r.value;
          expect(s.tenders.reduce((a, t) => a + t.amount, 0)).toBe(s.total);
          expect(s.total).toBe(s.due + s.rounding);
          expect(Math.abs(s.rounding) * 2).toBeLessThanOrEqual(increment);
          expect(s.change).toBe(s.cashTendered - (s.total - s.nonCash));
          expect(s.change).toBeGreaterThanOrEqual(0);
          if (cashPart === 0) expect(s.rounding).toBe(0);
          for (const t of s.tenders) if (t.type === 'card') expect(t.amount).toBe(cardAmount);
        },
      ),
    );
  });
});
