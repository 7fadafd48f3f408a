import type { Role } from '../shared/enums.ts';

/** Everything a staff member may be allowed to do; checked in the host, never in the UI. */
export const PERMISSIONS = [
  'sale.sell',
  'sale.discount',
  'sale.discount.large',
  'sale.price-override',
  'sale.void-line',
  'sale.cancel',
  'sale.reopen',
  'sale.post-void',
  'member.manual',
  'member.search',
  'member.create',
  'member.contact',
  'sale.serial-typed',
  'return.with-receipt',
  'return.without-receipt',
  'return.other-tender',
  'receipt.reprint',
  'drawer.no-sale',
  'drawer.cash-in',
  'drawer.cash-out',
  'report.x',
  'report.z',
  'till.cosign',
  'training',
  'settings',
  'devices.manage',
  'staff.manage',
  'loss.review',
  'giftcard.issue',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

// Selling a gift card is a cashier's job (issue #15): its cash is in the drawer count like a sale's.
// Finding members (masked) and signing customers up are a cashier's (issue #15); seeing their contact details is a manager's.
const cashier: Permission[] = [
  'sale.sell',
  'sale.discount',
  'sale.void-line',
  'return.with-receipt',
  'training',
  'member.search',
  'member.create',
  'giftcard.issue',
];
const supervisor: Permission[] = [
  ...cashier,
  'sale.discount.large',
  'sale.price-override',
  'sale.cancel',
  'sale.reopen',
  'member.manual',
  // A serial typed in (not read by the till's scanner) is approved (issue #14).
  'sale.serial-typed',
  // A refund to a tender the sale did not use (a card sale paid back in cash) is approved (issue #12).
  'return.other-tender',
  'receipt.reprint',
  'drawer.no-sale',
  'report.x',
];
// Co-signing a count beyond the over/short threshold is a manager's (issue #7); a store's config may give it to supervisors.
const manager: Permission[] = [
  ...supervisor,
  'till.cosign',
  'sale.post-void',
  'return.without-receipt',
  'drawer.cash-in',
  'drawer.cash-out',
  'report.z',
  'settings',
  'devices.manage',
  'staff.manage',
  // The loss-prevention cases of the till's ledger (issue #14).
  'loss.review',
  'member.contact',
];

/** The default permission matrix; a terminal's config may replace any role's list. */
export const DEFAULT_ROLES: Record<Role, Permission[]> = {
  cashier,
  supervisor,
  manager,
  admin: [...PERMISSIONS],
};
