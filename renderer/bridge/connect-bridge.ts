import {
  EVENT_NAMES,
  PAIRING_REFUSED_CLOSE,
  bridgeFromClient,
  connectWebSocket,
  type ContractClient,
  type EventName,
  type TillproofBridge,
} from '../../core/contract/index.ts';
import { bridgeOver, methodOf, type MethodCall } from './method-table.ts';

// Where the UI's bridge comes from. In Electron the preload provides `window.tillproof`. In a
// browser the page was opened with the pairing token in its fragment (#token=...): it connects
// a WebSocket to the host that served it and reconnects when the link drops (the host restarted:
// it keeps its address and token), waiting longer after each failed try, up to a few seconds. A
// host that no longer knows the token (rotated) says so in the close code: the tab stops trying.

/** lost: was connected, trying again; unpaired: the host refused this tab's token, pair again. */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'no-token' | 'unpaired';

/** Waits between tries: doubling from the first, never longer than the last. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5000;

function nextRetryDelay(delay: number): number {
  return Math.min(delay * 2, RETRY_MAX_MS);
}

export interface BridgeHandle {
  readonly bridge: TillproofBridge;
  readonly mode: 'electron' | 'browser';
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

const TOKEN_KEY = 'tillproof.pairing-token';

/** Takes the pairing token out of the address bar (kept for reloads of this tab only). */
export function pairingToken(): string | null {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromHash = hash.get('token');
  if (fromHash) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromHash);
    } catch {
      // Storage may be disabled: the token then lasts as long as the page.
    }
    history.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function forgetPairingToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage disabled: nothing was kept.
  }
}

type AnyListener = (payload: unknown) => void;

/** A bridge over whichever WebSocket client is connected now; events survive reconnects. */
function reconnectingBridge(token: string): BridgeHandle {
  let current: TillproofBridge | null = null;
  let state: ConnectionState = 'connecting';
  const stateListeners = new Set<(s: ConnectionState) => void>();
  const eventListeners = new Map<EventName, Set<AnyListener>>();
  const setState = (s: ConnectionState) => {
    state = s;
    for (const l of stateListeners) l(s);
  };

  const attach = (client: ContractClient) => {
    const inner = bridgeFromClient(client);
    for (const event of EVENT_NAMES) {
      inner.on(event, (payload) => {
        for (const l of eventListeners.get(event) ?? []) l(payload);
      });
    }
    current = inner;
  };

  let delay = RETRY_FIRST_MS;
  const connect = () => {
    connectWebSocket(location.origin, token).then(
      (client) => {
        attach(client);
        // The client marks itself closed; poll that flag cheaply instead of reaching into its transport.
        const watch = window.setInterval(() => {
          if (!client.closed) return;
          window.clearInterval(watch);
          current = null;
          if (client.closeCode === PAIRING_REFUSED_CLOSE) {
            forgetPairingToken();
            setState('unpaired');
            return;
          }
          setState('lost');
          window.setTimeout(connect, delay);
          delay = nextRetryDelay(delay);
        }, 250);
        delay = RETRY_FIRST_MS;
        setState('open');
      },
      () => {
        setState(state === 'connecting' ? 'connecting' : 'lost');
        window.setTimeout(connect, delay);
        delay = nextRetryDelay(delay);
      },
    );
  };
  connect();

  const lost = () =>
    Promise.reject({ code: 'internal', messageKey: 'error.connection-lost', message: 'not connected to the host', details: {} });
  const call: MethodCall = (method, params) => (current ? methodOf(current, method)(params) : lost());
  const on: TillproofBridge['on'] = (event, listener) => {
    const wide = listener as AnyListener;
    let set = eventListeners.get(event);
    if (!set) eventListeners.set(event, (set = new Set()));
    set.add(wide);
    return () => set.delete(wide);
  };
  const bridge = bridgeOver(call, on);

  return {
    bridge,
    mode: 'browser',
    connection: () => state,
    onConnection(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}

/**
 * A pairing address opened in a tab already on the till's page changes only the fragment, which
 * does not reload the page: reload it, so a tab told to pair again pairs with the new token.
 */
function reloadOnNewPairing(): void {
  window.addEventListener('hashchange', () => {
    if (new URLSearchParams(location.hash.replace(/^#/, '')).get('token')) location.reload();
  });
}

export function openBridge(): BridgeHandle {
  const provided = window.tillproof;
  if (provided) {
    return { bridge: provided, mode: 'electron', connection: () => 'open', onConnection: () => () => undefined };
  }
  reloadOnNewPairing();
  const token = pairingToken();
  if (!token) {
    const refuse = () =>
      Promise.reject({ code: 'auth.required', messageKey: 'error.auth.required', message: 'not paired with a host', details: {} });
    const never = bridgeOver(refuse, () => () => undefined);
    return { bridge: never, mode: 'browser', connection: () => 'no-token', onConnection: () => () => undefined };
  }
  return reconnectingBridge(token);
}
