// Which entries move a gift card's value at HQ, read defensively from synced bodies (issue #15).
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../core/ledger/canonical.ts';
import { giftCardMovementsOf, giftCardOverspendIncident, giftCardVoidOf } from '../../../hq/giftcard-ledger.ts';

const REF = 'b'.repeat(64);
const at = { seq: 9, businessDay: '2026-11-20' };
const tenders: JsonValue = [
  { type: 'cash', amount: 5 },
  { type: 'giftcard', amount: 120, reference: REF, last4: '1234' },
];

describe('giftCardMovementsOf', () => {
  it('issues add, sale tenders take away, return refunds put back; training and other tenders do nothing', () => {
    const issue = { ...at, kind: 'giftcard-issued', body: { cardRef: REF, last4: '1234', amount: 500, training: false } };
    expect(giftCardMovementsOf(issue)).toEqual([
      { ...at, position: 0, cardRef: REF, last4: '1234', movement: 'issued', amount: 500, receiptNo: null },
    ]);
    const sale = {
      ...at,
      kind: 'sale',
      body: { receiptNo: 4, training: false, tenders },
    };
    expect(giftCardMovementsOf(sale)).toEqual([
      { ...at, position: 1, cardRef: REF, last4: '1234', movement: 'redeemed', amount: -120, receiptNo: 4 },
    ]);
    const ret = {
      ...at,
      kind: 'return',
      body: { training: false, refunds: [{ type: 'giftcard', amount: 30, reference: REF, last4: '1234' }] },
    };
    expect(giftCardMovementsOf(ret)[0]).toMatchObject({ movement: 'refunded', amount: 30 });
    expect(giftCardMovementsOf({ ...sale, body: { receiptNo: 4, training: true, tenders } })).toEqual([]);
  });

  it('a card sold on a sale line is issued, tied to the sale receipt; a voided line loads nothing', () => {
    const line = (amount: number, voided?: boolean) => ({
      amount,
      giftCard: { cardRef: REF, last4: '1234', balance: amount },
      ...(voided ? { voided } : {}),
    });
    const sale = {
      ...at,
      kind: 'sale',
      body: { receiptNo: 9, training: false, lines: [{ amount: 25 }, line(300), line(50, true)], tenders: [] },
    };
    expect(giftCardMovementsOf(sale)).toEqual([
      { ...at, position: 101, cardRef: REF, last4: '1234', movement: 'issued', amount: 300, receiptNo: 9 },
    ]);
  });

  it('ignores what is not a well-formed card movement', () => {
    expect(
      giftCardMovementsOf({ ...at, kind: 'sale', body: { tenders: [{ type: 'giftcard', amount: 1, reference: '6012345678901234' }] } }),
    ).toEqual([]);
    expect(giftCardMovementsOf({ ...at, kind: 'sale', body: { tenders: 'x' } })).toEqual([]);
    expect(giftCardMovementsOf({ ...at, kind: 'giftcard-issued', body: { cardRef: REF, amount: 1.5 } })).toEqual([]);
    expect(giftCardMovementsOf({ ...at, kind: 'sale', body: null })).toEqual([]);
  });

  it('finds the sale a post-void reverses', () => {
    expect(giftCardVoidOf({ ...at, kind: 'void', body: { scope: 'post-void', receiptNo: 4 } })).toEqual({ ...at, receiptNo: 4 });
    expect(giftCardVoidOf({ ...at, kind: 'void', body: { scope: 'line', lineNo: 1 } })).toBeNull();
  });
});

describe('giftCardOverspendIncident', () => {
  it('names the card by its last four, the tills and how far it went below zero', () => {
    const incident = giftCardOverspendIncident('T-B', {
      cardRef: REF,
      last4: '1234',
      balance: -400,
      redemptions: [
        { terminalId: 'T-A', seq: 3, amount: 700 },
        { terminalId: 'T-B', seq: 2, amount: 700 },
      ],
    });
    expect(incident).toMatchObject({ kind: 'giftcard-overspent', terminalId: 'T-B', seq: 2 });
    expect(incident.message).toBe(
      'gift card •••• 1234 was spent 400 beyond its value across 2 till(s) (T-A, T-B): the chain owes less than was paid out',
    );
  });
});
