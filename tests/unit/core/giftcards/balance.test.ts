// What each entry does to a card's balance, and the refusal of a redemption beyond it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertRedeemable, giftCardDeltas } from '../../../../core/giftcards/balance.ts';
import type { LedgerEntry } from '../../../../core/ledger/entry.ts';
import type { SaleBody } from '../../../../core/ledger/bodies.ts';

const REF = 'a'.repeat(64);
const base = {
  terminalId: 'T1',
  businessDay: '2026-11-20',
  startedAt: '',
  endedAt: '',
  operatorId: '101',
  prevHash: '',
  hash: '',
  signature: '',
  keyId: 'k',
};
const entry = (seq: number, kind: string, body: unknown): LedgerEntry => ({ ...base, seq, kind, body }) as unknown as LedgerEntry;

const issued = (amount: number, training = false) =>
  entry(1, 'giftcard-issued', { cardRef: REF, last4: '1234', currency: 'TWD', amount, tender: { type: 'cash', amount }, training });
const saleBody = (tenders: SaleBody['tenders'], training = false, lines: unknown[] = []) =>
  ({ receiptNo: 7, tenders, training, lines }) as unknown as SaleBody;
const loadLine = (amount: number) => ({ lineNo: 1, amount, giftCard: { cardRef: REF, last4: '1234', balance: amount } });
const card = (amount: number) => ({ type: 'giftcard' as const, amount, reference: REF, last4: '1234' });
const none = () => undefined;

describe('giftCardDeltas', () => {
  it('loads on issue, spends on a sale, puts back on a refund and on a post-void', () => {
    expect(giftCardDeltas(issued(500), none)).toEqual([{ cardRef: REF, last4: '1234', amount: 500 }]);
    const sale = entry(2, 'sale', saleBody([card(120), { type: 'cash', amount: 30 }]));
    expect(giftCardDeltas(sale, none)).toEqual([{ cardRef: REF, last4: '1234', amount: -120 }]);
    expect(giftCardDeltas(entry(3, 'return', { refunds: [card(40), { type: 'cash', amount: 5 }], training: false }), none)).toEqual([
      { cardRef: REF, last4: '1234', amount: 40 },
    ]);
    const lookup = (no: number) => (no === 7 ? { body: saleBody([card(120)]), operatorId: '101' } : undefined);
    expect(giftCardDeltas(entry(4, 'void', { scope: 'post-void', saleId: 's', receiptNo: 7, amount: 120, reason: 'x' }), lookup)).toEqual([
      { cardRef: REF, last4: '1234', amount: 120 },
    ]);
    expect(giftCardDeltas(entry(5, 'void', { scope: 'line', saleId: 's', lineNo: 1, amount: 1, reason: 'x' }), lookup)).toEqual([]);
  });

  it('loads a card sold on a sale line, and takes it back when that sale is post-voided', () => {
    const sold = saleBody([{ type: 'cash', amount: 300 }], false, [loadLine(300), { lineNo: 2, amount: 25 }]);
    expect(giftCardDeltas(entry(2, 'sale', sold), none)).toEqual([{ cardRef: REF, last4: '1234', amount: 300 }]);
    const lookup = (no: number) => (no === 7 ? { body: sold, operatorId: '101' } : undefined);
    expect(giftCardDeltas(entry(3, 'void', { scope: 'post-void', saleId: 's', receiptNo: 7, amount: 325, reason: 'x' }), lookup)).toEqual([
      { cardRef: REF, last4: '1234', amount: -300 },
    ]);
    expect(giftCardDeltas(entry(2, 'sale', saleBody([{ type: 'cash', amount: 300 }], true, [loadLine(300)])), none)).toEqual([]);
  });

  it('moves no value in training mode', () => {
    expect(giftCardDeltas(issued(500, true), none)).toEqual([]);
    expect(giftCardDeltas(entry(2, 'sale', saleBody([card(100)], true)), none)).toEqual([]);
  });
});

describe('assertRedeemable', () => {
  it('refuses more than the card has left and says what it has', () => {
    expect(() => assertRedeemable({ last4: '1234', balance: 300 }, 0, 300, 0)).not.toThrow();
    expect(() => assertRedeemable({ last4: '1234', balance: 300 }, 100, 250, 0)).toThrow(
      expect.objectContaining({ code: 'giftcard.insufficient', message: expect.stringContaining('•••• 1234 has 200 left') }),
    );
    expect(() => assertRedeemable({ last4: '0001', balance: 1050 }, 0, 2000, 2)).toThrow(/has 10\.50 left/);
  });

  it('never lets a card go below zero (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000 }), { maxLength: 30 }), fc.integer({ min: 0, max: 50_000 }), (asks, start) => {
        let balance = start;
        for (const amount of asks) {
          try {
            assertRedeemable({ last4: '1234', balance }, 0, amount, 0);
            balance -= amount;
          } catch {
            // refused: the balance stays
          }
          expect(balance).toBeGreaterThanOrEqual(0);
        }
      }),
      { seed: 15, numRuns: 200 },
    );
  });
});
