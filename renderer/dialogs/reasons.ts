// Reasons recorded in the ledger with voids, discounts, returns and drawer openings. The
// ledger keeps the stable code (read the same in every language); the UI shows its label.

export const REASONS = {
  voidLine: ['scanned-by-mistake', 'customer-changed-mind', 'damaged', 'price-dispute'],
  cancelSale: ['customer-left', 'customer-changed-mind', 'payment-failed'],
  noSale: ['change-for-customer', 'till-check', 'correction'],
  postVoid: ['cashier-error', 'customer-changed-mind', 'payment-failed'],
  reprint: ['paper-jam', 'customer-lost'],
  return: ['damaged', 'wrong-item', 'customer-changed-mind', 'not-as-described'],
  discount: ['damaged-packaging', 'price-match', 'loyalty', 'manager-special'],
  priceOverride: ['shelf-price', 'damaged', 'price-match'],
  reopen: ['add-items', 'wrong-item', 'customer-changed-mind'],
  cosign: ['counting-error', 'change-given-wrong', 'unexplained'],
  cashMovement: ['safe-drop', 'float-top-up', 'supplier-payment', 'petty-cash'],
} as const;

export type ReasonGroup = keyof typeof REASONS;
export type ReasonCode = (typeof REASONS)[ReasonGroup][number];

export const ALL_REASON_CODES: readonly ReasonCode[] = [...new Set(Object.values(REASONS).flat())];
