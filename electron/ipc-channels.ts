// IPC channel names between the preload and main. The preload never hands ipcRenderer (or an
// IPC event, whose `sender` is ipcRenderer) to the page: only these channels, through functions.

export const IPC = {
  /** invoke(method, params) -> CallEnvelope */
  call: 'tillproof:call',
  /** main -> page: (event, payload) for contract events */
  event: 'tillproof:event',
  /** invoke() -> HostStatus */
  hostStatus: 'tillproof:host-status',
  /** main -> page: (HostStatus) whenever it changes */
  hostStatusChanged: 'tillproof:host-status-changed',
  /** invoke() -> void: try again after the host gave up */
  hostRetry: 'tillproof:host-retry',
} as const;
