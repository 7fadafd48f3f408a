import { METHOD_NAMES, type MethodName, type ParamsInput, type Result } from './methods.ts';
import type { EventName, EventPayload } from './events.ts';
import type { ContractClient } from './client.ts';

/**
 * What the renderer sees as `window.tillproof`: one function per contract method plus event
 * subscription. Electron's preload builds it over IPC (checked with `satisfies`); browser mode
 * builds it over the WebSocket client. Calls reject with { code, messageKey, message, details }.
 */
export type TillproofBridge = {
  readonly [M in MethodName]: (params: ParamsInput<M>) => Promise<Result<M>>;
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};

export function bridgeFromClient(client: ContractClient): TillproofBridge {
  const bridge: Record<string, unknown> = {};
  for (const m of METHOD_NAMES) bridge[m] = (params: unknown) => client.call(m, params as never);
  bridge.on = (event: EventName, listener: (payload: EventPayload<EventName>) => void) => client.on(event, listener);
  return bridge as TillproofBridge;
}
