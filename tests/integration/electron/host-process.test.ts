// The host process for real: electron/host-process.ts forked under plain Node (the entry
// Electron runs as a utilityProcess), supervised and relayed by the same classes main uses,
// on a real SQLite ledger. A committed sale survives the host being killed; the cashier sees
// "restarting" meanwhile; a graceful stop closes the ledger; a host that cannot start says why.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MethodName } from '../../../core/contract/index.ts';
import { activityFromState, updateGateDecision } from '../../../electron/update-gate.ts';
import { harness, stopHarnesses, type Harness } from './host-harness.ts';

afterEach(stopHarnesses);

async function sellOneTea(h: Harness): Promise<number> {
  await h.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
  await h.call('till.openDrawer', { counts: [{ value: 100, count: 20 }] });
  await h.call('sale.scan', { code: '4711037000012', source: 'manual' });
  await h.call('sale.present');
  await h.call('sale.addTender', { type: 'cash', amount: 25 });
  const receipt = (await h.call('sale.complete')) as { receiptNo: number };
  return receipt.receiptNo;
}

describe('host process (forked, as Electron runs it)', () => {
  it('serves the contract over the link, parses every payload again, and pushes events', async () => {
    const h = harness();
    h.supervisor.start();
    await h.waitFor('running');
    const state = (await h.call('session.state')) as { terminal: { terminalId: string }; sale: unknown };
    expect(state.terminal.terminalId).toBe('DEMO-01');
    // Sent past main's own check: the host still refuses it.
    const bad = await h.relay.call('sale.scan', { code: 42, source: 'laser' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'payload.invalid' } });
    const unknown = await h.relay.call('sale.nope' as MethodName, {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'method.unknown' } });
    await h.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    await h.call('till.openDrawer', { counts: [{ value: 100, count: 20 }] });
    await h.call('sale.scan', { code: '4711037000012', source: 'manual' });
    await expect.poll(() => h.events.map(([e]) => e)).toContain('sale.changed');
    expect(h.statuses.map((s) => s.state)).toEqual(['starting', 'running']);
  });

  it('a committed sale survives the host being killed; calls meanwhile say "restarting"', async () => {
    const h = harness();
    h.supervisor.start();
    await h.waitFor('running');
    const receiptNo = await sellOneTea(h);
    expect(updateGateDecision(activityFromState(await h.call('session.state')))).toEqual({ install: true });
    // The next customer's sale is open: an update must wait.
    await h.call('sale.scan', { code: '4711074000020', source: 'manual' });
    expect(updateGateDecision(activityFromState(await h.call('session.state')))).toEqual({ install: false, reason: 'sale-open' });

    h.launcher.children[0]!.kill('SIGKILL');
    await h.waitFor('restarting');
    const during = await h.relay.call('session.state', {});
    expect(during).toMatchObject({ ok: false, error: { messageKey: 'error.shell.host-restarting', details: { retryable: true } } });

    const back = await h.waitFor('running', 2);
    expect(back).toMatchObject({ attempt: 1, error: null });
    expect(h.launcher.children).toHaveLength(2);
    // A new process: the cashier signs in again; the receipt is in the ledger.
    await h.call('session.login', { method: 'pin', staffId: 'S001', pin: '1111' });
    expect(await h.call('receipt.get', { receiptNo })).toMatchObject({ receiptNo });
    // The ledger carried on from where it was: the next sale gets the next receipt number.
    const state = (await h.call('session.state')) as { sale: unknown };
    if (state.sale !== null) await h.call('sale.cancel', { reason: 'test', approval: { method: 'pin', staffId: 'S003', pin: '3333' } });
    await h.call('sale.scan', { code: '4711037000012', source: 'manual' });
    await h.call('sale.present');
    await h.call('sale.addTender', { type: 'cash', amount: 25 });
    expect(((await h.call('sale.complete')) as { receiptNo: number }).receiptNo).toBe(receiptNo + 1);
    expect(h.statuses.map((s) => s.state)).toEqual(['starting', 'running', 'restarting', 'running']);
  }, 90_000); // two host starts, each waited for up to 30 s

  it('stops gracefully: the host closes the ledger and exits 0', async () => {
    const h = harness();
    h.supervisor.start();
    await h.waitFor('running');
    await sellOneTea(h);
    await h.supervisor.stop();
    const child = h.launcher.children[0]!;
    expect(child.exitCode).toBe(0);
    expect(h.supervisor.status().state).toBe('stopped');
    // Closed cleanly: SQLite checkpointed the WAL into the ledger and removed it.
    expect(existsSync(join(h.dataDir, 'ledger.sqlite'))).toBe(true);
    expect(existsSync(join(h.dataDir, 'ledger.sqlite-wal'))).toBe(false);
    expect(h.launcher.output.join('')).toMatch(/host shutting down/);
  });

  it('a host that cannot start says why and is not restarted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-badconfig-'));
    const configPath = join(dir, 'config.json');
    writeFileSync(configPath, JSON.stringify({ store: { storeId: 'S1' } }));
    const h = harness({ configPath, demo: false });
    h.supervisor.start();
    const failed = await h.waitFor('failed');
    expect(failed.error?.code).toBe('config.invalid');
    expect(failed.error?.message).toMatch(/store\.name/);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.launcher.children).toHaveLength(1);
    expect(await h.relay.call('session.state', {})).toMatchObject({ ok: false, error: { messageKey: 'error.shell.host-failed' } });
  });

  it('an installed till without a config file waits for IT instead of opening a demo ledger', async () => {
    const h = harness({ configPath: null, demo: false });
    h.supervisor.start();
    expect((await h.waitFor('failed')).error).toMatchObject({ code: 'config.missing' });
    expect(existsSync(h.dataDir)).toBe(false);
  });
});
