import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { WindowRole } from './app-protocol.ts';
import type { Logger } from '../host/logger.ts';
import { handleContractCall, type CallRelay } from './ipc-calls.ts';
import { IPC } from './ipc-channels.ts';
import { checkIpcSender, type IpcSenderFacts } from './ipc-sender.ts';
import type { HostStatus } from './host-status.ts';

// Main's IPC handlers. Every handler checks its sender first (ipc-sender.ts).

export function senderFacts(event: IpcMainInvokeEvent): IpcSenderFacts {
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame !== null && frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId,
  };
}

export interface ShellIpcDeps {
  windows: () => ReadonlyMap<number, WindowRole>;
  relay: CallRelay;
  hostStatus(): HostStatus;
  retryHost(): void;
  log: Logger;
}

export function registerShellIpc(ipcMain: IpcMain, deps: ShellIpcDeps): void {
  ipcMain.handle(IPC.call, (event, method: unknown, params: unknown) =>
    handleContractCall(senderFacts(event), method, params, { windows: deps.windows(), relay: deps.relay, log: deps.log }),
  );
  ipcMain.handle(IPC.hostStatus, (event) => {
    const check = checkIpcSender(senderFacts(event), deps.windows());
    return check.ok ? deps.hostStatus() : null;
  });
  ipcMain.handle(IPC.hostRetry, (event) => {
    const check = checkIpcSender(senderFacts(event), deps.windows());
    if (check.ok && check.role === 'main') deps.retryHost();
    else deps.log.warn('refused a host retry', { ok: check.ok });
  });
}
