// The settings screen's methods: devices in detail with a logged test print, the store and tax
// settings the terminal runs with, and staff with roles (changed here only when the till keeps
// its own staff). Joined into the handler map by core/terminal/create-terminal.ts.
import { discountLimits } from '../sales/discount-limit.ts';
import { STAFF_ROLES } from '../shared/enums.ts';
import type { StaffMember } from '../auth/staff-member.ts';
import type { StaffRoster } from '../ports/staff-directory.ts';
import type { EntryBody } from '../ledger/bodies.ts';
import type { TerminalConfig } from '../config/terminal-config.ts';
import type { DevicesView, StaffView, StoreSettings, TestPrintResult } from '../contract/settings-views.ts';
import { HostError } from '../contract/errors.ts';
import type { Params } from '../contract/methods.ts';
import { describeDevice } from '../config/device-summary.ts';
import { buildTestPrint } from '../receipts/test-print-document.ts';
import { printOutcome } from '../receipts/print-outcome.ts';
import { signInLockouts } from '../auth/authenticate.ts';
import { holdsPermission, permissionsOf, requirePermission } from '../auth/authorize.ts';
import type { HandlersOf } from '../terminal/handlers.ts';
import type { TerminalContext } from '../terminal/terminal-context.ts';
import { createFirstAdmin } from './first-admin.ts';
import { mayAssign, staffEditDenial, staffEditSummary, type StaffEdit } from './staff-rules.ts';

export type SettingsMethod =
  | 'devices.status'
  | 'devices.details'
  | 'devices.testPrint'
  | 'settings.store'
  | 'staff.list'
  | 'staff.add'
  | 'staff.update'
  | 'staff.clearLockout'
  | 'staff.createFirstAdmin';

/** The store and tax settings the terminal runs with, as the settings screen shows them. */
function storeSettings(c: TerminalConfig, minorDigits: number, hq: boolean): StoreSettings {
  const { store, tax, approvals } = c;
  const limits = discountLimits(approvals, store.currency, minorDigits);
  return {
    store: {
      storeId: store.storeId,
      name: store.name,
      address: [...store.address],
      taxNumber: store.taxNumber ?? null,
      timeZone: store.timeZone,
      rolloverHour: store.rolloverHour,
      currency: store.currency,
      minorDigits,
      locale: store.locale,
    },
    terminalId: c.terminal.terminalId,
    tax: {
      mode: tax.mode,
      rounding: tax.rounding,
      roundingMode: tax.roundingMode,
      classes: tax.classes.map((k) => ({
        id: k.id,
        rates: k.rates.map((r) => ({ id: r.id, bp: r.bp, ...(r.label ? { label: r.label } : {}) })),
        totalBp: k.rates.reduce((s, r) => s + r.bp, 0),
      })),
      source: hq ? 'hq' : 'config',
    },
    pricing: { tiers: [...c.pricing.tiers], defaultTier: c.pricing.defaultTier, roundingMode: c.pricing.roundingMode },
    cashRounding: { increment: c.cashRounding.increment, mode: c.cashRounding.mode },
    receipt: { width: c.receipt.width, header: [...c.receipt.header], footer: [...c.receipt.footer], emailEnabled: c.receipt.emailEnabled },
    approvals: {
      discountPercentBp: limits.percentBp,
      discountAmount: limits.amount,
      freeReprints: approvals.freeReprints,
      overShortThreshold: c.till.overShortThreshold,
    },
    security: { pinMaxAttempts: c.security.pinMaxAttempts, lockoutMinutes: c.security.lockoutMinutes },
    hq: { url: c.hq?.url ?? null, connected: hq },
    rolesSource: hq ? 'hq' : 'config',
  };
}

const hqManaged = (ctx: TerminalContext) => (ctx.roster ? ctx.roster.managedBy === 'hq' : ctx.config().hq !== undefined);

function printerSetup(ctx: TerminalContext): DevicesView['printer'] {
  const setup = ctx.inventory?.printerSetup() ?? null;
  const columns = setup?.columns ?? ctx.config().receipt.width;
  return { id: ctx.printer.id, columns, encoding: setup?.encoding ?? 'built-in', paperMm: setup?.paperMm ?? null };
}

function testDocument(ctx: TerminalContext, at: Date) {
  const p = printerSetup(ctx);
  return buildTestPrint(ctx.receiptContext(), { printerId: p.id, encoding: p.encoding, paperMm: p.paperMm, at: at.toISOString() });
}

function staffView(ctx: TerminalContext, operator: StaffMember): StaffView {
  const roster = ctx.roster;
  if (!roster) throw new HostError('staff.read-only', 'this till keeps no staff list it can show');
  const mine = permissionsOf(ctx, operator);
  const roles = ctx.config().roles;
  const locks = signInLockouts(ctx);
  const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : null);
  return {
    managedBy: roster.managedBy,
    canEdit: roster.managedBy === 'local' && holdsPermission(ctx, operator, 'staff.manage'),
    canUnlock: holdsPermission(ctx, operator, 'staff.manage'),
    badgeLockedUntil: iso(locks.badgeUntil),
    staff: roster.list().map(({ staffId, name, role, active, hasPin, hasBadge }) => {
      return { staffId, name, role, active, hasPin, hasBadge, lockedUntil: iso(locks.staff.get(staffId)) };
    }),
    roles: STAFF_ROLES.map((role) => ({
      role,
      permissions: [...roles[role]],
      assignable: mayAssign({ role: operator.role, permissions: mine }, role, roles[role]),
    })),
  };
}

function localRoster(ctx: TerminalContext): StaffRoster {
  const roster = ctx.roster;
  if (!roster || roster.managedBy !== 'local') {
    throw new HostError('staff.read-only', 'staff on this till are managed at HQ: change them there and they arrive with the next sync');
  }
  return roster;
}

/** Checks and writes one staff edit with its config-change entry, in one transaction. */
function saveStaff(
  ctx: TerminalContext,
  roster: StaffRoster,
  operator: StaffMember,
  edit: StaffEdit,
  change: Parameters<StaffRoster['save']>[0],
): void {
  const denial = staffEditDenial(
    { staffId: operator.staffId, role: operator.role, permissions: permissionsOf(ctx, operator) },
    edit,
    ctx.config().roles,
  );
  if (denial) throw new HostError('permission.denied', denial, { permission: 'staff.manage' });
  ctx.store.write((tx) => {
    const saved = roster.save(change);
    const summary = staffEditSummary(edit, operator.staffId).slice(0, 500);
    const body: EntryBody<'config-change'> = { section: 'staff', version: `local-${saved.version}`, summary, digest: saved.digest };
    tx.append(ctx.draft('config-change', body));
  });
}

function updateStaff(ctx: TerminalContext, operator: StaffMember, p: Params<'staff.update'>): void {
  const roster = localRoster(ctx);
  const target = roster.list().find((s) => s.staffId === p.staffId);
  if (!target) throw new HostError('staff.not-found', `there is no staff member ${p.staffId}`, { staffId: p.staffId });
  const role = p.role !== undefined ? { role: p.role } : {};
  const active = p.active !== undefined ? { active: p.active } : {};
  const edit: StaffEdit = { kind: 'update', target, ...role, ...(p.pin !== undefined ? { pin: true } : {}), ...active };
  const pin = p.pin !== undefined ? { pin: p.pin } : {};
  const change = { staffId: target.staffId, name: target.name, role: p.role ?? target.role, active: p.active ?? target.active, ...pin };
  saveStaff(ctx, roster, operator, edit, change);
}

/** Every device with how it is connected, its settings and counters, and the printer's setup. */
function deviceDetails(ctx: TerminalContext): DevicesView {
  const configured = ctx.config().devices;
  const statistics = ctx.inventory?.statistics() ?? {};
  const printer = printerSetup(ctx);
  const devices = ctx.devices().map((status) => {
    const device = configured[status.id];
    const summary = device ? describeDevice(device, device.type === 'printer' ? printer.encoding : undefined) : null;
    return {
      ...status,
      connection: summary?.connection ?? null,
      settings: summary?.settings ?? [],
      statistics: { ...(statistics[status.id] ?? {}) },
    };
  });
  return { devices, printer, testDocument: testDocument(ctx, ctx.now()) };
}

/** Prints a test page on the primary printer and logs how it went. */
async function testPrint(ctx: TerminalContext): Promise<TestPrintResult> {
  const { printer } = ctx;
  const document = testDocument(ctx, ctx.now());
  const outcome = await printOutcome(printer, document);
  const failure = outcome.ok ? null : { reason: outcome.reason, ...(outcome.detail ? { detail: outcome.detail.slice(0, 500) } : {}) };
  const device = `printer:${printer.id}`.slice(0, 64);
  const body: EntryBody<'device-test'> = { device, test: 'print', outcome: outcome.ok ? 'ok' : 'failed', ...(failure ?? {}) };
  const seq = ctx.store.write((tx) => tx.append(ctx.draft('device-test', body)).seq);
  return { printed: outcome.ok, printerId: printer.id, failure, document, seq };
}

export function createSettingsHandlers(ctx: TerminalContext): HandlersOf<SettingsMethod> {
  const { store } = ctx;
  return {
    async 'devices.status'() {
      return ctx.devices();
    },

    async 'devices.details'() {
      requirePermission(ctx, 'devices.manage', 'look after devices');
      return deviceDetails(ctx);
    },

    async 'devices.testPrint'() {
      requirePermission(ctx, 'devices.manage', 'print a test page');
      return testPrint(ctx);
    },

    async 'settings.store'(): Promise<StoreSettings> {
      requirePermission(ctx, 'settings', 'read the store settings');
      return storeSettings(ctx.config(), ctx.minorDigits, hqManaged(ctx));
    },

    async 'staff.list'() {
      return staffView(ctx, requirePermission(ctx, 'settings', 'see the staff list'));
    },

    async 'staff.add'(p) {
      const operator = requirePermission(ctx, 'staff.manage', 'add staff');
      const roster = localRoster(ctx);
      if (roster.list().some((s) => s.staffId.toLowerCase() === p.staffId.toLowerCase())) {
        throw new HostError('staff.exists', `staff number ${p.staffId} is already taken: choose another`, { staffId: p.staffId });
      }
      const { staffId, name, role, pin } = p;
      saveStaff(ctx, roster, operator, { kind: 'add', staffId, role }, { staffId, name, role, active: true, pin });
      return staffView(ctx, operator);
    },

    async 'staff.update'(p) {
      const operator = requirePermission(ctx, 'staff.manage', 'change staff');
      updateStaff(ctx, operator, p);
      return staffView(ctx, operator);
    },

    async 'staff.createFirstAdmin'(p) {
      createFirstAdmin(ctx, p);
      return { ok: true };
    },

    async 'staff.clearLockout'(p) {
      // Lockouts belong to this till's ledger, so a manager lifts them here even where HQ keeps the staff list.
      const operator = requirePermission(ctx, 'staff.manage', 'lift a sign-in lockout');
      const locks = signInLockouts(ctx);
      const until = p.scope === 'staff' ? (locks.staff.get(p.staffId) ?? 0) : locks.badgeUntil;
      if (!until) {
        const message = p.scope === 'staff' ? `${p.staffId} is not locked out` : 'badge sign-in on this till is not locked';
        throw new HostError('staff.not-locked', message, { scope: p.scope, ...(p.scope === 'staff' ? { staffId: p.staffId } : {}) });
      }
      const who = p.scope === 'staff' ? { staffId: p.staffId } : {};
      const body: EntryBody<'lockout-cleared'> = { scope: p.scope, ...who, lockedUntil: new Date(until).toISOString(), reason: p.reason };
      store.write((tx) => tx.append(ctx.draft('lockout-cleared', body)));
      return staffView(ctx, operator);
    },
  };
}
