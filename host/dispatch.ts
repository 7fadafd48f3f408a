import {
  HostError,
  MAX_FRAME_BYTES,
  callMessageSchema,
  isMethodName,
  mayCall,
  methods,
  type ClientRole,
  type HostErrorShape,
  type ResultMessage,
} from '../core/contract/index.ts';
import type { Handlers } from '../core/terminal/create-terminal.ts';
import type { Logger } from '../core/ports/logger.ts';
import { LedgerStoreError } from '../db/errors.ts';

/** Dispatch logs only failures. */
type DispatchLog = Pick<Logger, 'error'>;

function errorShape(e: unknown, method: string, log: DispatchLog): HostErrorShape {
  if (e instanceof HostError) return e.toShape();
  if (e instanceof LedgerStoreError) {
    if (e.code === 'ledger.disk-full')
      return new HostError('ledger.disk-full', 'the disk is full: nothing was recorded. Call IT before the next sale.').toShape();
    if (e.code === 'ledger.day-sealed') return new HostError('ledger.day-sealed', e.message).toShape();
    log.error('ledger failure', { method, code: e.code, error: e.message });
    return new HostError('ledger.unavailable', 'the ledger could not be written; nothing was recorded').toShape();
  }
  // Unexpected: logged with context, shown to the cashier as a generic failure.
  log.error('unexpected error', { method, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  return new HostError('internal', 'something went wrong; nothing was recorded for this step').toShape();
}

/**
 * Calls one contract method: the method name must exist, the params must parse with its
 * schema, and any failure comes back as a typed error. Nothing reaches a handler unparsed.
 */
export async function dispatchCall(
  handlers: Handlers,
  method: string,
  params: unknown,
  log: DispatchLog,
): Promise<{ ok: true; result: unknown } | { ok: false; error: HostErrorShape }> {
  if (!isMethodName(method))
    return { ok: false, error: new HostError('method.unknown', `there is no method "${method.slice(0, 64)}"`).toShape() };
  const parsed = methods[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: new HostError(
        'payload.invalid',
        `${method}: ${issue ? `${issue.path.join('.') || '(params)'}: ${issue.message}` : 'invalid parameters'}`,
      ).toShape(),
    };
  }
  try {
    const handler = handlers[method] as (p: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(parsed.data) };
  } catch (e) {
    return { ok: false, error: errorShape(e, method, log) };
  }
}

/** Handles one raw frame from a transport: size check, JSON, envelope schema, then dispatch. */
export async function dispatchFrame(
  handlers: Handlers,
  frame: string,
  log: DispatchLog,
  role: ClientRole = 'main',
): Promise<ResultMessage | null> {
  if (frame.length > MAX_FRAME_BYTES) {
    return {
      type: 'result',
      id: -1,
      ok: false,
      error: new HostError('payload.too-large', `a message may be at most ${MAX_FRAME_BYTES} bytes`).toShape(),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(frame);
  } catch {
    return { type: 'result', id: -1, ok: false, error: new HostError('payload.invalid', 'the message is not JSON').toShape() };
  }
  const call = callMessageSchema.safeParse(json);
  if (!call.success)
    return { type: 'result', id: -1, ok: false, error: new HostError('payload.invalid', 'the message is not a call').toShape() };
  if (role !== 'main' && (!isMethodName(call.data.method) || !mayCall(role, call.data.method))) {
    return {
      type: 'result',
      id: call.data.id,
      ok: false,
      error: new HostError('permission.denied', 'the customer display may only read the sale').toShape(),
    };
  }
  const outcome = await dispatchCall(handlers, call.data.method, call.data.params, log);
  return outcome.ok
    ? { type: 'result', id: call.data.id, ok: true, result: outcome.result }
    : { type: 'result', id: call.data.id, ok: false, error: outcome.error };
}
