// The preload of every window: sandboxed, context-isolated. It exposes two objects and nothing
// else: `window.tillproof` (the contract, one function per method) and `window.tillproofShell`
// (the host's state). ipcRenderer and IPC events never reach the page. Bundled into one
// CommonJS file (build/build-electron.ts), as a sandboxed preload can require only 'electron'.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createContractBridge, createShellBridge, type PreloadIpc } from './preload-bridge.ts';

const ipc: PreloadIpc = {
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  on: (channel, listener) => {
    const forward = (_event: IpcRendererEvent, ...args: unknown[]) => listener(...args);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('tillproof', createContractBridge(ipc));
contextBridge.exposeInMainWorld('tillproofShell', createShellBridge(ipc));
