import { MAX_FRAME_BYTES, isMethodName, mayCall, methods, type MethodName } from '../core/contract/index.ts';
import type { WindowRole } from './app-protocol.ts';
import { SHELL_FAILURES, failure, type CallEnvelope } from './call-envelope.ts';
import { checkIpcSender, type IpcSenderFacts } from './ipc-sender.ts';
import type { Logger } from '../host/logger.ts';

// What main does with a contract call from a page: check the sender, check that its window may
// call this method, parse the params with the contract's schema, then relay the parsed params
// to the host (which parses them again: the host trusts no transport).

// The display window's allowance is shared with browser mode (core/contract/client-roles.ts).
export { DISPLAY_EVENTS, DISPLAY_METHODS, mayCall, mayReceive } from '../core/contract/index.ts';

export type ParsedCall = { ok: true; method: MethodName; params: unknown } | { ok: false; envelope: CallEnvelope };

/** The method must exist and be allowed for the window; the params must parse and fit in one frame. */
export function parseCallRequest(role: WindowRole, method: unknown, params: unknown, maxBytes: number = MAX_FRAME_BYTES - 256): ParsedCall {
  if (typeof method !== 'string' || !isMethodName(method)) {
    const name = typeof method === 'string' ? method.slice(0, 64) : typeof method;
    return { ok: false, envelope: failure('method.unknown', 'error.method.unknown', `there is no method "${name}"`) };
  }
  if (!mayCall(role, method)) return { ok: false, envelope: SHELL_FAILURES.refused() };
  const parsed = methods[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(params)', message: i.message }));
    const first = issues[0];
    return {
      ok: false,
      envelope: failure(
        'payload.invalid',
        'error.payload.invalid',
        `${method}: ${first ? `${first.path}: ${first.message}` : 'invalid parameters'}`,
        { issues },
      ),
    };
  }
  // Frames over MAX_FRAME_BYTES are refused by the host before parsing (with no call id to
  // answer): refuse them here, leaving room for the envelope, so the caller gets an answer.
  if (JSON.stringify(parsed.data).length > maxBytes) {
    return {
      ok: false,
      envelope: failure('payload.too-large', 'error.payload.too-large', `a message may be at most ${MAX_FRAME_BYTES} bytes`),
    };
  }
  return { ok: true, method, params: parsed.data };
}

export interface CallRelay {
  call(method: MethodName, params: unknown): Promise<CallEnvelope>;
}

/** The whole path of one `tillproof:call` IPC message, from the sender check to the host's answer. */
export async function handleContractCall(
  sender: IpcSenderFacts,
  method: unknown,
  params: unknown,
  deps: { windows: ReadonlyMap<number, WindowRole>; relay: CallRelay; log: Pick<Logger, 'warn'> },
): Promise<CallEnvelope> {
  const check = checkIpcSender(sender, deps.windows);
  if (!check.ok) {
    deps.log.warn('refused an IPC call', {
      reason: check.reason,
      webContentsId: sender.webContentsId,
      url: sender.frameUrl?.slice(0, 200) ?? null,
    });
    return SHELL_FAILURES.refused();
  }
  const request = parseCallRequest(check.role, method, params);
  if (!request.ok) return request.envelope;
  return deps.relay.call(request.method, request.params);
}
