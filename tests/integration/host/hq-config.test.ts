// Tax classes and roles published by HQ take effect at the till from the next start.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CONFIG, parseConfig } from '../../../host/config.ts';
import { startTerminal } from '../../../host/terminal-runtime.ts';
import { HQ_CONFIG_FILE } from '../../../host/sync-runner.ts';
import { withHqConfig } from '../../../host/hq-config.ts';
import { dispatchCall } from '../../../host/dispatch.ts';
import { MemoryDrawer, MemoryPrinter } from '../../../hardware/virtual/memory-devices.ts';
import { tempDir } from '../../helpers/ledger.ts';
import { openTerminalLedger, systemClock } from '../../../host/terminal-ledger.ts';
import { hqConfigDigest } from '../../../host/ledger-integrity.ts';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

const demo = () => parseConfig(DEMO_CONFIG, 'demo');

/** A role widened and a tax rate changed, as HQ publishes them. */
function writeHqConfig(): void {
  writeFileSync(
    join(dir.path, HQ_CONFIG_FILE),
    JSON.stringify({
      taxClasses: { standard: { id: 'standard', rates: [{ id: 'VAT', bp: 1000, label: 'VAT 10%' }] } },
      roles: { cashier: { role: 'cashier', permissions: ['sale.sell', 'drawer.no-sale', 'not-a-permission'] } },
      priceTiers: {},
      memberTiers: {},
    }),
  );
}

/** The sync writes the file together with a config-change entry carrying its digest (host/sync-runner.ts). */
function recordAsTheSyncDoes(): void {
  const c = demo();
  const identity = {
    terminalId: c.terminal.terminalId,
    storeId: c.store.storeId,
    timeZone: c.store.timeZone,
    rolloverHour: c.store.rolloverHour,
  };
  const { store } = openTerminalLedger(dir.path, identity, systemClock);
  try {
    const at = new Date().toISOString();
    const body = {
      section: 'terminal-config',
      version: 'hq-1',
      summary: 'from HQ (hq-1): tax classes, tiers and roles',
      digest: hqConfigDigest(dir.path)!,
    };
    const businessDay = store.entry(store.head().seq)!.businessDay;
    store.write((tx) => tx.append({ kind: 'config-change', businessDay, startedAt: at, endedAt: at, operatorId: null, body }));
  } finally {
    store.close();
  }
}

describe('configuration from HQ', () => {
  it('a role HQ widened and a tax rate HQ changed apply at the till', async () => {
    // The till has run before (demo data loaded); then a sync brings HQ's configuration.
    await startTerminal({
      dataDir: dir.path,
      config: demo(),
      demo: true,
      printer: new MemoryPrinter(),
      drawer: new MemoryDrawer(),
    }).close();
    writeHqConfig();
    recordAsTheSyncDoes();
    const runtime = startTerminal({
      dataDir: dir.path,
      config: demo(),
      demo: true,
      printer: new MemoryPrinter(),
      drawer: new MemoryDrawer(),
    });
    try {
      const log = { error: () => undefined };
      const call = async (m: string, p: unknown) => dispatchCall(runtime.handlers, m, p, log);
      const login = await call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
      expect(login).toMatchObject({ ok: true, result: { permissions: ['sale.sell', 'drawer.no-sale'] } });
      // No manager needed any more for a cashier's no-sale.
      expect(await call('drawer.noSale', { reason: 'change for a customer' })).toMatchObject({ ok: true });
      // Tax at 10 % inclusive: 25 -> 25 * 10 / 110 = 2.27 -> 2.
      await call('sale.scan', { code: '4711037000012', source: 'hid' });
      expect(await call('session.state', {})).toMatchObject({ result: { sale: { total: 25, tax: 2 } } });
    } finally {
      await runtime.close();
    }
  });

  it('a role widened by hand in the file (not from HQ) is found and stops the till', async () => {
    writeHqConfig();
    const runtime = startTerminal({
      dataDir: dir.path,
      config: demo(),
      demo: true,
      printer: new MemoryPrinter(),
      drawer: new MemoryDrawer(),
    });
    try {
      const status = await runtime.handlers['ledger.integrity']({});
      expect(status.problems).toEqual([
        expect.objectContaining({ kind: 'master-data', section: 'terminal-config', tables: ['hq-config.json'] }),
      ]);
      const login = await dispatchCall(
        runtime.handlers,
        'session.login',
        { method: 'pin', staffId: 'S001', pin: '1111' },
        { error: () => undefined },
      );
      expect(login).toMatchObject({ ok: false, error: { code: 'ledger.integrity-failed' } });
    } finally {
      await runtime.close();
    }
  });

  it('what does not validate is ignored with a warning, and the local config stays', () => {
    const warnings: string[] = [];
    writeFileSync(
      join(dir.path, HQ_CONFIG_FILE),
      JSON.stringify({ taxClasses: { standard: { id: 'standard', rates: [{ id: 'VAT', bp: -5 }] } }, roles: {} }),
    );
    const config = withHqConfig(demo(), dir.path, (m) => warnings.push(m));
    expect(config.tax.classes.find((c) => c.id === 'standard')!.rates[0]!.bp).toBe(500);
    expect(warnings[0]).toMatch(/do not validate/);
    writeFileSync(join(dir.path, HQ_CONFIG_FILE), '{ not json');
    expect(withHqConfig(demo(), dir.path, (m) => warnings.push(m)).tax.classes).toEqual(demo().tax.classes);
    expect(warnings[1]).toMatch(/not readable JSON/);
  });
});
