import type { Role } from '../ports.ts';

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
  'return.with-receipt',
  'return.without-receipt',
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
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const cashier: Permission[] = ['sale.sell', 'sale.discount', 'sale.void-line', 'return.with-receipt', 'training'];
const supervisor: Permission[] = [...cashier, 'sale.discount.large', 'sale.price-override', 'sale.cancel', 'sale.reopen', 'member.manual', 'receipt.reprint', 'drawer.no-sale', 'report.x', 'till.cosign'];
const manager: Permission[] = [...supervisor, 'sale.post-void', 'return.without-receipt', 'drawer.cash-in', 'drawer.cash-out', 'report.z', 'settings', 'devices.manage', 'staff.manage'];

/** The default permission matrix; a terminal's config may replace any role's list. */
export const DEFAULT_ROLES: Record<Role, Permission[]> = {
  cashier,
  supervisor,
  manager,
  admin: [...PERMISSIONS],
};
