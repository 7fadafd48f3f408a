import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES } from '../../../core/contract/index.ts';
import { IPC } from '../../../electron/ipc-channels.ts';
import { createContractBridge, createShellBridge, type PreloadIpc } from '../../../electron/preload-bridge.ts';
import { hostStatus } from '../../../electron/host-status.ts';

/** The preload's view of ipcRenderer, recorded. */
function fakeIpc(answer: (channel: string, args: unknown[]) => unknown = () => ({ ok: true, result: null })) {
  const invoked: Array<{ channel: string; args: unknown[] }> = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const ipc: PreloadIpc = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return answer(channel, args);
    },
    on: (channel, listener) => {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
  const emit = (channel: string, ...args: unknown[]) => {
    for (const l of listeners.get(channel) ?? []) l(...args);
  };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { ipc, invoked, emit, count };
}

describe('window.tillproof', () => {
  it('has one function per contract method, plus on, and nothing else', () => {
    const bridge = createContractBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES, 'on'].sort());
    for (const key of Object.keys(bridge)) expect(typeof (bridge as Record<string, unknown>)[key]).toBe('function');
  });

  it('invokes the call channel with the method and params and resolves with the result', async () => {
    const { ipc, invoked } = fakeIpc(() => ({ ok: true, result: { receiptNo: 7 } }));
    const bridge = createContractBridge(ipc);
    await expect(bridge['receipt.get']({ receiptNo: 7 })).resolves.toEqual({ receiptNo: 7 });
    expect(invoked).toEqual([{ channel: IPC.call, args: ['receipt.get', { receiptNo: 7 }] }]);
  });

  it('rejects with the plain error object, fields intact (not an Error that contextBridge would strip)', async () => {
    const error = { code: 'sale.underpaid', messageKey: 'error.sale.underpaid', message: 'short by 5', details: { due: 5 } };
    const bridge = createContractBridge(fakeIpc(() => ({ ok: false, error })).ipc);
    const failure = await bridge['sale.complete']({}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toEqual(error);
    expect(failure).not.toBeInstanceOf(Error);
  });

  it.each([undefined, null, 'ok', { ok: true }, { ok: false, error: { code: 1 } }, { ok: 'yes', result: 1 }])(
    'rejects a malformed reply %j with a typed error',
    async (reply) => {
      const bridge = createContractBridge(fakeIpc(() => reply).ipc);
      await expect(bridge['session.state']({})).rejects.toMatchObject({ code: 'internal', messageKey: 'error.shell.malformed-reply' });
    },
  );

  it('fans events out by name over one IPC listener and hands listeners the payload only', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { ipc, emit, count } = fakeIpc();
    const bridge = createContractBridge(ipc);
    const sales: unknown[] = [];
    const alarms: unknown[] = [];
    const offSale = bridge.on('sale.changed', (p) => sales.push(p));
    const offAlarm = bridge.on('drawer.alarm', (p) => alarms.push(p));
    bridge.on('drawer.alarm', () => {
      throw new Error('a broken listener');
    });
    expect(count(IPC.event)).toBe(1);
    emit(IPC.event, 'sale.changed', null);
    emit(IPC.event, 'drawer.alarm', { open: true, openSeconds: 61 });
    emit(IPC.event, 42, 'not an event name');
    expect(sales).toEqual([null]);
    expect(alarms).toEqual([{ open: true, openSeconds: 61 }]);
    offSale();
    emit(IPC.event, 'sale.changed', null);
    expect(sales).toHaveLength(1);
    offAlarm();
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });

  it('drops its IPC listener when the last subscriber leaves', () => {
    const { ipc, count } = fakeIpc();
    const bridge = createContractBridge(ipc);
    const off = [bridge.on('sale.changed', () => undefined), bridge.on('receipt.changed', () => undefined)];
    expect(count(IPC.event)).toBe(1);
    for (const o of off) o();
    expect(count(IPC.event)).toBe(0);
    bridge.on('sale.changed', () => undefined);
    expect(count(IPC.event)).toBe(1);
  });
});

describe('window.tillproofShell', () => {
  it('reads and follows the host status, and asks for a retry', async () => {
    const status = hostStatus('restarting', { attempt: 2, retryInMs: 1000 });
    const { ipc, invoked, emit } = fakeIpc((channel) => (channel === IPC.hostStatus ? status : undefined));
    const shell = createShellBridge(ipc);
    await expect(shell.hostStatus()).resolves.toEqual(status);
    const seen: unknown[] = [];
    const off = shell.onHostStatus((s) => seen.push(s.state));
    emit(IPC.hostStatusChanged, hostStatus('running', { generation: 2 }));
    off();
    emit(IPC.hostStatusChanged, hostStatus('stopping'));
    expect(seen).toEqual(['running']);
    await shell.retryHost();
    expect(invoked.map((i) => i.channel)).toEqual([IPC.hostStatus, IPC.hostRetry]);
  });
});
