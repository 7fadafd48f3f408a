// A gift card is named by a hash of its number and its last four: what a receipt shows cannot spend it.
import { describe, expect, it } from 'vitest';
import { giftCardOf, maskedCard, normalizeCardNumber } from '../../../../core/giftcards/card-number.ts';
import { nodeLedgerCrypto } from '../../../../platform/node-crypto.ts';

describe('gift card numbers', () => {
  it('accepts the number as printed, with spaces or dashes, and refuses what is no card number', () => {
    expect(normalizeCardNumber('6012 3456-7890 1234')).toBe('6012345678901234');
    expect(normalizeCardNumber('12345678901')).toBeNull(); // too short to be unguessable
    expect(normalizeCardNumber('6012A45678901234')).toBeNull();
    expect(normalizeCardNumber('1'.repeat(33))).toBeNull();
    expect(() => giftCardOf(nodeLedgerCrypto, '1234')).toThrow(expect.objectContaining({ code: 'giftcard.invalid' }));
  });

  it('names a card by a reference and its last four, never the number', () => {
    const card = giftCardOf(nodeLedgerCrypto, '6012 3456 7890 1234');
    expect(card.last4).toBe('1234');
    expect(card.ref).toMatch(/^[0-9a-f]{64}$/);
    expect(card.ref).not.toContain('60123456');
    // The same card however it was typed; another number, another card even with the same last four.
    expect(giftCardOf(nodeLedgerCrypto, '6012-3456-7890-1234').ref).toBe(card.ref);
    expect(giftCardOf(nodeLedgerCrypto, '6012345678911234').ref).not.toBe(card.ref);
    expect(maskedCard(card.last4)).toBe('•••• 1234');
  });
});
