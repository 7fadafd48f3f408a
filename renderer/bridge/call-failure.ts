import { ERROR_CODES, type ErrorCode } from '../../core/contract/index.ts';

/**
 * A rejected call as the screens handle it. Electron's preload rejects with a plain object,
 * the WebSocket client with a ContractCallError: both carry the same fields.
 */
export interface CallFailure {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

const KNOWN = new Set<string>(ERROR_CODES);

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}

export function toCallFailure(e: unknown): CallFailure {
  if (e !== null && typeof e === 'object') {
    const o = e as { code?: unknown; messageKey?: unknown; message?: unknown; details?: unknown };
    if (isErrorCode(o.code)) {
      return {
        code: o.code,
        messageKey: typeof o.messageKey === 'string' ? o.messageKey : `error.${o.code}`,
        message: typeof o.message === 'string' ? o.message : o.code,
        details: o.details !== null && typeof o.details === 'object' ? (o.details as Record<string, unknown>) : {},
      };
    }
  }
  // Anything else is a bug or a transport failure: shown as a generic failure, logged for IT.
  return { code: 'internal', messageKey: 'error.internal', message: e instanceof Error ? e.message : String(e), details: {} };
}
