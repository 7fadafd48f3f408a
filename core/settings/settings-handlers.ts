// The settings screen's methods: devices in detail with a logged test print, the store and tax
// settings the terminal runs with, and staff with roles (changed here only when the till keeps
// its own staff). Joined into the handler map by core/terminal/create-terminal.ts.
import type { Role, StaffMember, StaffRoster } from '../ports.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import type { DevicesView, StaffView, StoreSettings, TestPrintResult } from '../contract/settings-views.ts';
import { HostError } from '../contract/errors.ts';
import { describeDevice } from '../config/device-summary.ts';
import { buildTestPrint } from '../receipts/test-print-document.ts';
import { printOutcome } from '../receipts/print-outcome.ts';
import { signInLockouts } from '../auth/authenticate.ts';
import { permissionsOf, requirePermission } from '../auth/authorize.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { mayAssign, staffEditDenial, staffEditSummary, type StaffEdit } from './staff-rules.ts';

export type SettingsMethod = 'devices.status' | 'devices.details' | 'devices.testPrint' | 'settings.store' | 'staff.list' | 'staff.add' | 'staff.update' | 'staff.clearLockout';

const ROLES: readonly Role[] = ['cashier', 'supervisor', 'manager', 'admin'];

export function createSettingsHandlers(ctx: TerminalContext): HandlersOf<SettingsMethod> {
  const { store, printer } = ctx;
  const hqManaged = () => (ctx.roster ? ctx.roster.managedBy === 'hq' : ctx.config().hq !== undefined);

  function printerSetup(): DevicesView['printer'] {
    const setup = ctx.inventory?.printerSetup() ?? null;
    return { id: printer.id, columns: setup?.columns ?? ctx.config().receipt.width, encoding: setup?.encoding ?? 'built-in', paperMm: setup?.paperMm ?? null };
  }

  function testDocument(at: Date) {
    const p = printerSetup();
    return buildTestPrint(ctx.receiptContext(), { printerId: p.id, encoding: p.encoding, paperMm: p.paperMm, at: at.toISOString() });
  }

  function staffView(operator: StaffMember): StaffView {
    const roster = ctx.roster;
    if (!roster) throw new HostError('staff.read-only', 'this till keeps no staff list it can show');
    const mine = permissionsOf(ctx, operator);
    const roles = ctx.config().roles;
    const locks = signInLockouts(ctx);
    const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : null);
    return {
      managedBy: roster.managedBy,
      canEdit: roster.managedBy === 'local' && mine.includes('staff.manage'),
      canUnlock: mine.includes('staff.manage'),
      badgeLockedUntil: iso(locks.badgeUntil),
      staff: roster.list().map((s) => ({ staffId: s.staffId, name: s.name, role: s.role, active: s.active, hasPin: s.hasPin, hasBadge: s.hasBadge, lockedUntil: iso(locks.staff.get(s.staffId)) })),
      roles: ROLES.map((role) => ({ role, permissions: [...roles[role]], assignable: mayAssign({ role: operator.role, permissions: mine }, role, roles[role]) })),
    };
  }

  function localRoster(): StaffRoster {
    const roster = ctx.roster;
    if (!roster || roster.managedBy !== 'local') {
      throw new HostError('staff.read-only', 'staff on this till are managed at HQ: change them there and they arrive with the next sync');
    }
    return roster;
  }

  /** Checks and writes one staff edit with its config-change entry, in one transaction. */
  function saveStaff(roster: StaffRoster, operator: StaffMember, edit: StaffEdit, change: Parameters<StaffRoster['save']>[0]): void {
    const denial = staffEditDenial({ staffId: operator.staffId, role: operator.role, permissions: permissionsOf(ctx, operator) }, edit, ctx.config().roles);
    if (denial) throw new HostError('permission.denied', denial, { permission: 'staff.manage' });
    store.write((tx) => {
      const saved = roster.save(change);
      const body: EntryBody<'config-change'> = { section: 'staff', version: `local-${saved.version}`, summary: staffEditSummary(edit, operator.staffId).slice(0, 500), digest: saved.digest };
      tx.append(ctx.draft('config-change', body));
    });
  }

  return {
    async 'devices.status'() {
      return ctx.devices();
    },

    async 'devices.details'() {
      requirePermission(ctx, 'devices.manage', 'look after devices');
      const configured = ctx.config().devices;
      const statistics = ctx.inventory?.statistics() ?? {};
      const printer = printerSetup();
      const devices = ctx.devices().map((status) => {
        const device = configured[status.id];
        const summary = device ? describeDevice(device, device.type === 'printer' ? printer.encoding : undefined) : null;
        return { ...status, connection: summary?.connection ?? null, settings: summary?.settings ?? [], statistics: { ...(statistics[status.id] ?? {}) } };
      });
      return { devices, printer, testDocument: testDocument(ctx.now()) };
    },

    async 'devices.testPrint'(): Promise<TestPrintResult> {
      requirePermission(ctx, 'devices.manage', 'print a test page');
      const document = testDocument(ctx.now());
      const outcome = await printOutcome(printer, document);
      const failure = outcome.ok ? null : { reason: outcome.reason, ...(outcome.detail ? { detail: outcome.detail.slice(0, 500) } : {}) };
      const body: EntryBody<'device-test'> = { device: `printer:${printer.id}`.slice(0, 64), test: 'print', outcome: outcome.ok ? 'ok' : 'failed', ...(failure ? { reason: failure.reason, ...(failure.detail ? { detail: failure.detail } : {}) } : {}) };
      const seq = store.write((tx) => tx.append(ctx.draft('device-test', body)).seq);
      return { printed: outcome.ok, printerId: printer.id, failure, document, seq };
    },

    async 'settings.store'(): Promise<StoreSettings> {
      requirePermission(ctx, 'settings', 'read the store settings');
      const c = ctx.config();
      const hq = hqManaged();
      return {
        store: { storeId: c.store.storeId, name: c.store.name, address: [...c.store.address], taxNumber: c.store.taxNumber ?? null, timeZone: c.store.timeZone, rolloverHour: c.store.rolloverHour, currency: c.store.currency, minorDigits: ctx.minorDigits, locale: c.store.locale },
        terminalId: c.terminal.terminalId,
        tax: {
          mode: c.tax.mode,
          rounding: c.tax.rounding,
          roundingMode: c.tax.roundingMode,
          classes: c.tax.classes.map((k) => ({ id: k.id, rates: k.rates.map((r) => ({ id: r.id, bp: r.bp, ...(r.label ? { label: r.label } : {}) })), totalBp: k.rates.reduce((s, r) => s + r.bp, 0) })),
          source: hq ? 'hq' : 'config',
        },
        pricing: { tiers: [...c.pricing.tiers], defaultTier: c.pricing.defaultTier, roundingMode: c.pricing.roundingMode },
        cashRounding: { increment: c.cashRounding.increment, mode: c.cashRounding.mode },
        receipt: { width: c.receipt.width, header: [...c.receipt.header], footer: [...c.receipt.footer], emailEnabled: c.receipt.emailEnabled },
        approvals: { discountPercentBp: c.approvals.discountPercentBp, discountAmount: c.approvals.discountAmount, freeReprints: c.approvals.freeReprints, overShortThreshold: c.till.overShortThreshold },
        security: { pinMaxAttempts: c.security.pinMaxAttempts, lockoutMinutes: c.security.lockoutMinutes },
        hq: { url: c.hq?.url ?? null, connected: hq },
        rolesSource: hq ? 'hq' : 'config',
      };
    },

    async 'staff.list'() {
      return staffView(requirePermission(ctx, 'settings', 'see the staff list'));
    },

    async 'staff.add'(p) {
      const operator = requirePermission(ctx, 'staff.manage', 'add staff');
      const roster = localRoster();
      if (roster.list().some((s) => s.staffId.toLowerCase() === p.staffId.toLowerCase())) throw new HostError('staff.exists', `staff number ${p.staffId} is already taken: choose another`, { staffId: p.staffId });
      saveStaff(roster, operator, { kind: 'add', staffId: p.staffId, role: p.role }, { staffId: p.staffId, name: p.name, role: p.role, active: true, pin: p.pin });
      return staffView(operator);
    },

    async 'staff.update'(p) {
      const operator = requirePermission(ctx, 'staff.manage', 'change staff');
      const roster = localRoster();
      const target = roster.list().find((s) => s.staffId === p.staffId);
      if (!target) throw new HostError('staff.not-found', `there is no staff member ${p.staffId}`, { staffId: p.staffId });
      const edit: StaffEdit = { kind: 'update', target, ...(p.role !== undefined ? { role: p.role } : {}), ...(p.pin !== undefined ? { pin: true } : {}), ...(p.active !== undefined ? { active: p.active } : {}) };
      saveStaff(roster, operator, edit, { staffId: target.staffId, name: target.name, role: p.role ?? target.role, active: p.active ?? target.active, ...(p.pin !== undefined ? { pin: p.pin } : {}) });
      return staffView(operator);
    },

    async 'staff.clearLockout'(p) {
      // Lockouts belong to this till's ledger, so a manager lifts them here even where HQ keeps the staff list.
      const operator = requirePermission(ctx, 'staff.manage', 'lift a sign-in lockout');
      const locks = signInLockouts(ctx);
      const until = p.scope === 'staff' ? (locks.staff.get(p.staffId) ?? 0) : locks.badgeUntil;
      if (!until) {
        throw new HostError('staff.not-locked', p.scope === 'staff' ? `${p.staffId} is not locked out` : 'badge sign-in on this till is not locked', { scope: p.scope, ...(p.scope === 'staff' ? { staffId: p.staffId } : {}) });
      }
      const body: EntryBody<'lockout-cleared'> = { scope: p.scope, ...(p.scope === 'staff' ? { staffId: p.staffId } : {}), lockedUntil: new Date(until).toISOString(), reason: p.reason };
      store.write((tx) => tx.append(ctx.draft('lockout-cleared', body)));
      return staffView(operator);
    },
  };
}
