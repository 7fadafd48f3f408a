import type { ErrorCode, HostErrorShape } from '../core/contract/errors.ts';

// What a contract call returns through IPC. contextBridge drops the fields of Error subclasses,
// so main never throws across IPC: it returns this envelope and the preload turns a failure
// into a rejection with the plain { code, messageKey, message, details } object.
// Type-only imports: this file is bundled into the preload, which must stay free of zod.

export type CallEnvelope = { ok: true; result: unknown } | { ok: false; error: HostErrorShape };

export function failure(code: ErrorCode, messageKey: string, message: string, details?: Record<string, unknown>): CallEnvelope {
  return { ok: false, error: { code, messageKey, message, ...(details ? { details } : {}) } };
}

/** Failures the shell itself reports (the host's own errors come back from the host unchanged). */
export const SHELL_FAILURES = {
  refused: () => failure('permission.denied', 'error.shell.refused', 'this page may not call the till'),
  restarting: () =>
    failure('internal', 'error.shell.host-restarting', 'the devices are restarting; try again in a moment', { retryable: true }),
  failed: () => failure('internal', 'error.shell.host-failed', 'the till service has stopped; call IT', { retryable: false }),
  lost: () =>
    failure('internal', 'error.shell.host-lost', 'the devices restarted during this step: check the sale before repeating it', {
      retryable: false,
    }),
  timeout: () =>
    failure('internal', 'error.shell.host-timeout', 'the till did not answer in time: check the sale before repeating it', {
      retryable: false,
    }),
  updating: () =>
    failure('internal', 'error.shell.updating', 'Tillproof is installing an update and will be back in a moment', { retryable: true }),
  stopping: () => failure('internal', 'error.shell.stopping', 'Tillproof is closing', { retryable: false }),
} as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural check on what came back from main (the preload trusts nothing it did not build). */
export function isCallEnvelope(value: unknown): value is CallEnvelope {
  if (!isRecord(value)) return false;
  if (value['ok'] === true) return 'result' in value;
  if (value['ok'] !== false || !isRecord(value['error'])) return false;
  const error = value['error'];
  return typeof error['code'] === 'string' && typeof error['messageKey'] === 'string' && typeof error['message'] === 'string';
}
