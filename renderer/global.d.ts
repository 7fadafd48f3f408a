/// <reference types="vite/client" />
import type { TillproofBridge } from '../core/contract/index.ts';

/** What the desktop shell says about the host process (read structurally: the renderer imports no electron/ code). */
export interface ShellHostStatus {
  readonly state: string;
  /** i18n key: shell.host.starting, shell.host.restarting, shell.host.failed... */
  readonly messageKey: string;
  readonly retryInMs: number | null;
  /** Increases each time a host becomes ready: session.state is read again then. */
  readonly generation: number;
}

export interface TillproofShell {
  hostStatus(): Promise<ShellHostStatus>;
  onHostStatus(listener: (status: ShellHostStatus) => void): () => void;
  retryHost(): Promise<void>;
}

declare global {
  interface Window {
    /** Provided by Electron's preload; absent in browser mode. */
    readonly tillproof?: TillproofBridge;
    /** Electron only: the host process's state, for the "devices restarting" notice. */
    readonly tillproofShell?: TillproofShell;
  }
}
