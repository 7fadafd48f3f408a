import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES } from '../../../../core/config/permissions.ts';
import { mayAssign, staffEditDenial, staffEditSummary } from '../../../../core/settings/staff-rules.ts';
import type { StaffMember } from '../../../../core/auth/staff-member.ts';

const manager = { staffId: 'S003', role: 'manager' as const, permissions: DEFAULT_ROLES.manager };
const admin = { staffId: 'A001', role: 'admin' as const, permissions: DEFAULT_ROLES.admin };
const member = (staffId: string, role: StaffMember['role'], active = true): StaffMember => ({ staffId, name: staffId, role, active });

describe('who may change whom', () => {
  it('a role is given only by someone of that rank or above holding all its permissions', () => {
    expect(mayAssign(manager, 'cashier', DEFAULT_ROLES.cashier)).toBe(true);
    expect(mayAssign(manager, 'manager', DEFAULT_ROLES.manager)).toBe(true);
    // Same permissions as a manager here, but above in rank: an admin account stays out of a manager's reach.
    expect(mayAssign(manager, 'admin', DEFAULT_ROLES.admin)).toBe(false);
    expect(mayAssign(admin, 'admin', DEFAULT_ROLES.admin)).toBe(true);
    // A supervisor role widened in the config beyond what this manager holds cannot be given by them.
    expect(mayAssign({ role: 'manager', permissions: ['sale.sell'] }, 'supervisor', ['sale.sell', 'report.z'])).toBe(false);
  });

  it('needs staff.manage', () => {
    expect(
      staffEditDenial(
        { staffId: 'S002', role: 'supervisor', permissions: DEFAULT_ROLES.supervisor },
        { kind: 'add', staffId: 'S9', role: 'cashier' },
        DEFAULT_ROLES,
      ),
    ).toMatch(/staff.manage/);
    expect(staffEditDenial(manager, { kind: 'add', staffId: 'S9', role: 'cashier' }, DEFAULT_ROLES)).toBeNull();
  });

  it('nobody changes their own role or deactivates themselves; a PIN of one’s own may be reset', () => {
    const self = member('S003', 'manager');
    expect(staffEditDenial(manager, { kind: 'update', target: self, role: 'cashier' }, DEFAULT_ROLES)).toMatch(/own role/);
    expect(staffEditDenial(manager, { kind: 'update', target: self, active: false }, DEFAULT_ROLES)).toMatch(/deactivate yourself/);
    expect(staffEditDenial(manager, { kind: 'update', target: self, pin: true }, DEFAULT_ROLES)).toBeNull();
    // Saving the role one already has is not a change of role.
    expect(staffEditDenial(manager, { kind: 'update', target: self, role: 'manager', pin: true }, DEFAULT_ROLES)).toBeNull();
  });

  it('a manager cannot touch an admin, nor promote anyone to admin', () => {
    expect(staffEditDenial(manager, { kind: 'update', target: member('A001', 'admin'), pin: true }, DEFAULT_ROLES)).toMatch(
      /A001 is a admin/,
    );
    expect(staffEditDenial(manager, { kind: 'update', target: member('S001', 'cashier'), role: 'admin' }, DEFAULT_ROLES)).toMatch(
      /admin role or above/,
    );
    expect(
      staffEditDenial(manager, { kind: 'update', target: member('S001', 'cashier'), role: 'supervisor', active: false }, DEFAULT_ROLES),
    ).toBeNull();
    expect(staffEditDenial(admin, { kind: 'update', target: member('S003', 'manager'), role: 'admin' }, DEFAULT_ROLES)).toBeNull();
  });
});

describe('the config-change summary', () => {
  it('says what changed and never carries a PIN', () => {
    expect(staffEditSummary({ kind: 'add', staffId: 'S010', role: 'cashier' }, 'S003')).toBe('at the till by S003: added S010 (cashier)');
    expect(
      staffEditSummary({ kind: 'update', target: member('S010', 'cashier'), role: 'supervisor', pin: true, active: false }, 'S003'),
    ).toBe('at the till by S003: S010 role cashier -> supervisor, PIN reset, deactivated');
    expect(staffEditSummary({ kind: 'update', target: member('S010', 'cashier', false), active: true }, 'S003')).toBe(
      'at the till by S003: S010 reactivated',
    );
    expect(staffEditSummary({ kind: 'update', target: member('S010', 'cashier'), role: 'cashier' }, 'S003')).toBe(
      'at the till by S003: S010 unchanged',
    );
  });
});
