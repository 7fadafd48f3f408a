// The settings screen's host methods on the real terminal wiring (SQLite ledger with the demo
// master data, scrypt PINs): devices with a logged test print, the store and tax view, and
// staff changes that land in the master data and the ledger together.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { startTerminal, type TerminalRuntime } from '../../../host/terminal-runtime.ts';
import { ENROLLMENT_FILE } from '../../../host/sync-runner.ts';
import { staffManagedBy } from '../../../host/settings-adapters.ts';
import { dispatchCall } from '../../../host/dispatch.ts';
import { ledgerCommand } from '../../../cli/ledger-commands.ts';
import { MemoryDrawer, MemoryPrinter } from '../../../hardware/virtual/memory-devices.ts';
import type { DeviceStatus } from '../../../core/contract/index.ts';
import { tempDir } from '../../helpers/ledger.ts';

let dir: ReturnType<typeof tempDir>;
let runtime: TerminalRuntime | null = null;
let printer: MemoryPrinter;
beforeEach(() => {
  dir = tempDir('tillproof-settings-');
  printer = new MemoryPrinter('receipt');
});
afterEach(async () => {
  await runtime?.close();
  runtime = null;
  dir.cleanup();
});

const DEVICES: DeviceStatus[] = [
  { device: 'printer', id: 'receipt', state: 'idle' },
  { device: 'scanner', id: 'wedge', state: 'idle', detail: 'keyboard wedge' },
];

function start(options: { enrolled?: boolean } = {}) {
  if (options.enrolled)
    writeFileSync(join(dir.path, ENROLLMENT_FILE), JSON.stringify({ hqUrl: 'https://hq.example', terminalId: 'DEMO-01' }));
  runtime = startTerminal({
    dataDir: dir.path,
    config: parseConfig(DEMO_CONFIG, 'demo'),
    demo: true,
    printer,
    drawer: new MemoryDrawer(),
    devices: () => DEVICES,
  });
  const log = { error: (m: string, c: Record<string, unknown>) => console.error(m, c) };
  const handlers = runtime.handlers;
  return {
    raw: (method: string, params: unknown = {}) => dispatchCall(handlers, method, params, log),
    async call(method: string, params: unknown = {}): Promise<Record<string, unknown>> {
      const r = await dispatchCall(handlers, method, params, log);
      if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
      return r.result as Record<string, unknown>;
    },
    async fail(method: string, params: unknown = {}) {
      const r = await dispatchCall(handlers, method, params, log);
      if (r.ok) throw new Error(`${method} was expected to fail`);
      return r.error;
    },
    login: (staffId: string, pin: string) => dispatchCall(handlers, 'session.login', { method: 'pin', staffId, pin }, log),
  };
}

function verifyWithCli(): { code: number; out: string } {
  const out: string[] = [];
  const code = ledgerCommand(['verify', '--data-dir', dir.path, '--json'], { out: (t) => out.push(t), err: () => undefined });
  return { code, out: out.join('\n') };
}

describe('settings: permissions and payloads', () => {
  it('a cashier may not see devices, print a test page, read store settings or change staff', async () => {
    const host = start();
    expect((await host.login('S001', '1111')).ok).toBe(true);
    for (const [method, params] of [
      ['devices.details', {}],
      ['devices.testPrint', {}],
      ['settings.store', {}],
      ['staff.list', {}],
      ['staff.add', { staffId: 'S100', name: 'New', role: 'cashier', pin: '1234' }],
      ['staff.update', { staffId: 'S001', role: 'manager' }],
    ] as const) {
      expect((await host.fail(method, params)).code, method).toBe('permission.denied');
    }
    expect(printer.printed).toHaveLength(0);
  });

  it('needs a login first, and refuses malformed payloads before any handler runs', async () => {
    const host = start();
    expect((await host.fail('devices.testPrint')).code).toBe('auth.required');
    expect((await host.login('S003', '3333')).ok).toBe(true);
    const bad: Array<[string, unknown]> = [
      ['devices.testPrint', { copies: 2 }],
      ['staff.add', { staffId: 'S100', name: 'New', role: 'owner', pin: '1234' }],
      ['staff.add', { staffId: 'S 100', name: 'New', role: 'cashier', pin: '1234' }],
      ['staff.add', { staffId: 'S100', name: 'New', role: 'cashier', pin: '12' }],
      ['staff.add', { staffId: 'S100', name: 'Bad\u0007name', role: 'cashier', pin: '1234' }],
      ['staff.add', { staffId: 'S100', name: '', role: 'cashier', pin: '1234' }],
      ['staff.update', { staffId: 'S001' }],
      ['staff.update', { staffId: 'S001', pin: 'abcd' }],
      ['staff.update', { staffId: 'S001', active: 'no' }],
      ['settings.store', { storeId: 'x' }],
    ];
    for (const [method, params] of bad) expect((await host.fail(method, params)).code, JSON.stringify(params)).toBe('payload.invalid');
  });
});

describe('settings: devices and the test print', () => {
  it('lists devices and prints the same test document the preview shows, logged in the ledger', async () => {
    const host = start();
    await host.login('S003', '3333');
    const details = await host.call('devices.details');
    expect(details.devices).toEqual([
      expect.objectContaining({ device: 'printer', id: 'receipt', state: 'idle', connection: null, statistics: {} }),
      expect.objectContaining({ device: 'scanner', id: 'wedge' }),
    ]);
    expect(details.printer).toEqual({ id: 'receipt', columns: 48, encoding: 'built-in', paperMm: null });
    const result = await host.call('devices.testPrint');
    expect(result).toMatchObject({ printed: true, printerId: 'receipt', failure: null });
    expect(printer.printed).toHaveLength(1);
    expect(printer.printed[0]).toEqual(result.document);
    const text = JSON.stringify(printer.printed[0]);
    expect(text).toContain('Tillproof Demo 示範商店');
    expect(text).toContain('TEST PRINT');
    expect(text).toContain('中文');
    expect(printer.printed[0]!.lines.some((l) => l.type === 'barcode')).toBe(true);
    expect(printer.printed[0]!.lines.some((l) => l.type === 'qr')).toBe(true);
    const entry = runtime!.store.entry(result.seq as number)!;
    expect(entry).toMatchObject({
      kind: 'device-test',
      operatorId: 'S003',
      body: { device: 'printer:receipt', test: 'print', outcome: 'ok' },
    });
    expect(verifyWithCli().code).toBe(0);
  });

  it('a failed test print says why, and the failure is logged too', async () => {
    const host = start();
    await host.login('S003', '3333');
    printer.setFault('paper-out');
    const result = await host.call('devices.testPrint');
    expect(result).toMatchObject({ printed: false, failure: { reason: 'paper-out' } });
    expect(runtime!.store.entry(result.seq as number)).toMatchObject({
      kind: 'device-test',
      body: { outcome: 'failed', reason: 'paper-out' },
    });
    expect(verifyWithCli().code).toBe(0);
  });
});

describe('settings: store and tax', () => {
  it('shows what the host runs with and where it is managed', async () => {
    const host = start();
    await host.login('S003', '3333');
    const s = await host.call('settings.store');
    expect(s).toMatchObject({
      store: { storeId: 'DEMO-STORE', currency: 'TWD', minorDigits: 0, timeZone: 'Asia/Taipei', rolloverHour: 4, taxNumber: '12345675' },
      terminalId: 'DEMO-01',
      tax: {
        mode: 'inclusive',
        rounding: 'per-receipt',
        source: 'config',
        classes: [
          { id: 'standard', totalBp: 500 },
          { id: 'zero', totalBp: 0, rates: [] },
        ],
      },
      cashRounding: { increment: 1 },
      receipt: { width: 48 },
      hq: { url: null, connected: false },
      rolesSource: 'config',
    });
  });
});

describe('settings: staff and roles', () => {
  it('lists staff without PINs or badges, and roles with their permissions', async () => {
    const host = start();
    await host.login('S003', '3333');
    const view = await host.call('staff.list');
    expect(view.managedBy).toBe('local');
    expect(view.canEdit).toBe(true);
    expect(view.staff).toContainEqual({
      staffId: 'S001',
      name: expect.any(String),
      role: 'cashier',
      active: true,
      hasPin: true,
      hasBadge: true,
      lockedUntil: null,
    });
    expect(JSON.stringify(view)).not.toMatch(/DEMO-BADGE|1111|pin_hash|salt/);
    const roles = view.roles as Array<{ role: string; permissions: string[]; assignable: boolean }>;
    expect(roles.find((r) => r.role === 'manager')).toMatchObject({
      assignable: true,
      permissions: expect.arrayContaining(['staff.manage', 'devices.manage']),
    });
    expect(roles.find((r) => r.role === 'admin')!.assignable).toBe(false);
  });

  it('a manager adds a staff member who can then log in; each change is one config-change entry and the ledger verifies', async () => {
    const host = start();
    await host.login('S003', '3333');
    const head = runtime!.store.head().seq;
    const after = await host.call('staff.add', { staffId: 'S010', name: '王小美', role: 'cashier', pin: '4321' });
    expect(after.staff).toContainEqual({
      staffId: 'S010',
      name: '王小美',
      role: 'cashier',
      active: true,
      hasPin: true,
      hasBadge: false,
      lockedUntil: null,
    });
    const entries = [...runtime!.store.entries({ from: head + 1 })];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      kind: 'config-change',
      operatorId: 'S003',
      body: { section: 'staff', summary: 'at the till by S003: added S010 (cashier)' },
    });
    expect(JSON.stringify(entries[0])).not.toContain('4321');
    expect((await host.fail('staff.add', { staffId: 'S010', name: 'Again', role: 'cashier', pin: '1234' })).code).toBe('staff.exists');

    await host.call('staff.update', { staffId: 'S010', role: 'supervisor' });
    await host.call('staff.update', { staffId: 'S010', pin: '8765' });
    expect((await host.call('session.logout', {})).ok).toBe(true);
    expect((await host.login('S010', '4321')).ok).toBe(false);
    const login = await host.login('S010', '8765');
    expect(login).toMatchObject({ ok: true, result: { staffId: 'S010', role: 'supervisor' } });
    await host.call('session.logout', {});

    await host.login('S003', '3333');
    await host.call('staff.update', { staffId: 'S010', active: false });
    await host.call('session.logout', {});
    expect((await host.login('S010', '8765')).ok).toBe(false);

    const changes = [...runtime!.store.entries({ from: head + 1 })]
      .filter((e) => e.kind === 'config-change')
      .map((e) => (e.body as { summary: string }).summary);
    expect(changes).toEqual([
      'at the till by S003: added S010 (cashier)',
      'at the till by S003: S010 role cashier -> supervisor',
      'at the till by S003: S010 PIN reset',
      'at the till by S003: S010 deactivated',
    ]);
    const cli = verifyWithCli();
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.out)).toMatchObject({ ok: true });
  });

  it('a manager cannot make an admin, change their own role or deactivate themselves', async () => {
    const host = start();
    await host.login('S003', '3333');
    const head = runtime!.store.head().seq;
    expect((await host.fail('staff.add', { staffId: 'S011', name: 'Boss', role: 'admin', pin: '1234' })).code).toBe('permission.denied');
    expect((await host.fail('staff.update', { staffId: 'S001', role: 'admin' })).code).toBe('permission.denied');
    expect((await host.fail('staff.update', { staffId: 'S003', role: 'cashier' })).code).toBe('permission.denied');
    expect((await host.fail('staff.update', { staffId: 'S003', active: false })).code).toBe('permission.denied');
    expect((await host.fail('staff.update', { staffId: 'NOBODY', active: false })).code).toBe('staff.not-found');
    // Nothing was written: no staff row, no entry.
    expect(runtime!.store.head().seq).toBe(head);
    const view = await host.call('staff.list');
    expect((view.staff as Array<{ staffId: string }>).map((s) => s.staffId)).not.toContain('S011');
  });

  it('is read-only when HQ manages staff (the till is enrolled)', async () => {
    const host = start({ enrolled: true });
    await host.login('S003', '3333');
    const view = await host.call('staff.list');
    expect(view).toMatchObject({ managedBy: 'hq', canEdit: false });
    const head = runtime!.store.head().seq;
    expect((await host.fail('staff.add', { staffId: 'S012', name: 'X', role: 'cashier', pin: '1234' })).code).toBe('staff.read-only');
    expect((await host.fail('staff.update', { staffId: 'S001', pin: '9999' })).code).toBe('staff.read-only');
    expect(runtime!.store.head().seq).toBe(head);
    expect(await host.call('settings.store')).toMatchObject({ tax: { source: 'hq' }, rolesSource: 'hq', hq: { connected: true } });
  });

  it('a manager lifts a PIN or badge lockout, also where HQ manages staff; logged, and the staff member signs in again', async () => {
    const host = start({ enrolled: true });
    const attempts = runtime!.config.security.pinMaxAttempts;
    for (let i = 0; i < attempts; i++) await host.login('S001', '0000');
    expect((await host.login('S001', '1111')).ok).toBe(false); // locked, even with the right PIN
    for (let i = 0; i < attempts; i++) await host.raw('session.login', { method: 'badge', badge: `NOT-A-BADGE-${i}` });
    expect(await host.raw('session.login', { method: 'badge', badge: 'DEMO-BADGE-1001' })).toMatchObject({
      ok: false,
      error: { code: 'auth.locked-out' },
    });

    // A supervisor may not lift a lockout.
    await host.login('S002', '2222');
    expect((await host.fail('staff.clearLockout', { scope: 'staff', staffId: 'S001', reason: 'me' })).code).toBe('permission.denied');
    await host.call('session.logout', {});

    await host.login('S003', '3333');
    const view = await host.call('staff.list');
    expect(view).toMatchObject({ managedBy: 'hq', canEdit: false, canUnlock: true, badgeLockedUntil: expect.any(String) });
    const locked = (view.staff as Array<{ staffId: string; lockedUntil: string | null }>).filter((s) => s.lockedUntil);
    expect(locked.map((s) => s.staffId)).toEqual(['S001']);
    expect(Date.parse(locked[0]!.lockedUntil!)).toBeGreaterThan(Date.now());

    const head = runtime!.store.head().seq;
    const after = await host.call('staff.clearLockout', { scope: 'staff', staffId: 'S001', reason: 'checked ID' });
    expect(
      (after.staff as Array<{ staffId: string; lockedUntil: string | null }>).find((s) => s.staffId === 'S001')!.lockedUntil,
    ).toBeNull();
    expect(after.badgeLockedUntil).not.toBeNull(); // only what was asked
    await host.call('staff.clearLockout', { scope: 'badge', reason: 'checked ID' });
    const entries = [...runtime!.store.entries({ from: head + 1 })];
    expect(entries.map((e) => ({ kind: e.kind, operatorId: e.operatorId, body: e.body }))).toEqual([
      {
        kind: 'lockout-cleared',
        operatorId: 'S003',
        body: { scope: 'staff', staffId: 'S001', lockedUntil: locked[0]!.lockedUntil, reason: 'checked ID' },
      },
      { kind: 'lockout-cleared', operatorId: 'S003', body: { scope: 'badge', lockedUntil: view.badgeLockedUntil, reason: 'checked ID' } },
    ]);
    // Nothing left to lift: refused, nothing written.
    expect((await host.fail('staff.clearLockout', { scope: 'staff', staffId: 'S001', reason: 'again' })).code).toBe('staff.not-locked');
    expect((await host.fail('staff.clearLockout', { scope: 'badge', reason: 'again' })).code).toBe('staff.not-locked');
    expect(runtime!.store.head().seq).toBe(head + 2);
    // The X report counts the lifted lockouts with the failed sign-ins.
    const x = await host.call('report.x');
    expect(JSON.stringify(x)).toMatch(/lockouts-cleared/);
    await host.call('session.logout', {});
    expect(await host.login('S001', '1111')).toMatchObject({ ok: true });
    await host.call('session.logout', {});
    expect(await host.raw('session.login', { method: 'badge', badge: 'DEMO-BADGE-1001' })).toMatchObject({ ok: true });
    expect(verifyWithCli().code).toBe(0);
  });

  it('an HQ address in the config or on the command line also means HQ manages staff', () => {
    expect(staffManagedBy(dir.path, undefined)).toBe('local');
    expect(staffManagedBy(dir.path, 'https://hq.example')).toBe('hq');
  });
});
