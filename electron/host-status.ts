// The host process as the cashier sees it. While it restarts (a device driver crashed it) the
// screen shows "devices restarting" and calls are refused at once with a retryable error;
// when it gives up, the screen says so and offers to try again. Type-only for the preload.

export type HostState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopping' | 'stopped';

export interface HostStatus {
  state: HostState;
  /** i18n key of what to show: shell.host.starting, shell.host.restarting, ... */
  messageKey: string;
  /** Restarts in the current window of the restart policy (0 on a clean start). */
  attempt: number;
  /** When restarting: how long until the next try. */
  retryInMs: number | null;
  /** Why it failed or restarted, for the screen and for IT. */
  error: { code: string; message: string } | null;
  /** Increases each time a host becomes ready: a page re-reads session.state when it changes. */
  generation: number;
}

export function hostStatus(state: HostState, fields: Partial<Omit<HostStatus, 'state' | 'messageKey'>> = {}): HostStatus {
  return {
    state,
    messageKey: `shell.host.${state}`,
    attempt: fields.attempt ?? 0,
    retryInMs: fields.retryInMs ?? null,
    error: fields.error ?? null,
    generation: fields.generation ?? 0,
  };
}
