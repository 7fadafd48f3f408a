// First start of a till without HQ: a real, empty data folder (no demo staff), the real staff
// tables and ledger. The first administrator is created once, from the sign-in screen's method,
// recorded as a config-change, and signs in; after that, and on a till whose staff are HQ's, the
// host refuses it whatever the screen sends.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CONFIG, parseConfig } from '../../../../host/config.ts';
import { startTerminal, type TerminalRuntime } from '../../../../host/terminal-runtime.ts';
import { ENROLLMENT_FILE } from '../../../../host/sync-runner.ts';
import { dispatchCall } from '../../../../host/dispatch.ts';
import { verifyLedgerFile } from '../../../../db/ledger-verify.ts';
import { ledgerPath } from '../../../../host/terminal-ledger.ts';
import { MemoryDrawer, MemoryPrinter } from '../../../../hardware/virtual/memory-devices.ts';
import { nodeLedgerCrypto } from '../../../../platform/node-crypto.ts';
import { tempDir } from '../../../helpers/ledger.ts';

let dir: ReturnType<typeof tempDir>;
let runtime: TerminalRuntime | null = null;
beforeEach(() => {
  dir = tempDir('tillproof-first-admin-');
});
afterEach(async () => {
  await runtime?.close();
  runtime = null;
  dir.cleanup();
});

const log = { error: () => undefined };

function start(options: { enrolled?: boolean } = {}) {
  if (options.enrolled)
    writeFileSync(join(dir.path, ENROLLMENT_FILE), JSON.stringify({ hqUrl: 'https://hq.example', terminalId: 'DEMO-01' }));
  runtime = startTerminal({
    dataDir: dir.path,
    config: parseConfig(DEMO_CONFIG, 'demo'),
    printer: new MemoryPrinter('receipt'),
    drawer: new MemoryDrawer(),
    devices: () => [],
  });
  const handlers = runtime.handlers;
  return {
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
  };
}

const admin = { staffId: 'A001', name: 'Iris 黃', pin: '135790', pinAgain: '135790' };

describe('the first administrator', () => {
  it('is offered on an empty till without HQ, created once, logged, and signs in', async () => {
    const host = start();
    expect(await host.call('session.state')).toMatchObject({ operator: null, firstStart: true });
    // Nobody can sign in yet.
    expect((await host.fail('session.login', { method: 'pin', staffId: 'A001', pin: '135790' })).code).toBe('auth.bad-credentials');

    const mismatch = await host.fail('staff.createFirstAdmin', { ...admin, pinAgain: '135791' });
    expect(mismatch).toMatchObject({ code: 'payload.invalid' });
    expect(mismatch.message).toMatch(/not the same/);
    expect((await host.fail('staff.createFirstAdmin', { ...admin, pin: '12', pinAgain: '12' })).code).toBe('payload.invalid');
    expect((await host.fail('staff.createFirstAdmin', { ...admin, name: ' ' })).code).toBe('payload.invalid');
    expect((await host.call('session.state')).firstStart).toBe(true);

    expect(await host.call('staff.createFirstAdmin', admin)).toEqual({ ok: true });
    expect((await host.call('session.state')).firstStart).toBe(false);
    const change = [...runtime!.store.entries()].filter((e) => e.kind === 'config-change');
    expect(change).toHaveLength(1);
    expect(change[0]).toMatchObject({
      operatorId: null,
      body: { section: 'staff', summary: 'at the till by first-start: added A001 (admin)' },
    });
    expect(JSON.stringify(change[0])).not.toContain('135790');

    // Gone once anyone exists, whatever the screen sends.
    const again = await host.fail('staff.createFirstAdmin', { ...admin, staffId: 'A002' });
    expect(again.code).toBe('staff.first-start-over');

    const who = await host.call('session.login', { method: 'pin', staffId: 'A001', pin: '135790' });
    expect(who).toMatchObject({ staffId: 'A001', name: 'Iris 黃', role: 'admin' });
    expect(((await host.call('staff.list')).staff as unknown[]).length).toBe(1);
    await runtime!.close();
    runtime = null;
    expect(verifyLedgerFile(ledgerPath(dir.path), nodeLedgerCrypto).result.ok).toBe(true);
  });

  it('is never offered, and is refused, where HQ keeps the staff list', async () => {
    const host = start({ enrolled: true });
    expect((await host.call('session.state')).firstStart).toBe(false);
    expect((await host.fail('staff.createFirstAdmin', admin)).code).toBe('staff.first-start-over');
    expect([...runtime!.store.entries()].some((e) => e.kind === 'config-change')).toBe(false);
  });
});
