// Device faults are reported with their code (a serial port's or a socket's), because the
// message alone often does not say which failure it was. Everything else uses errorMessage().
import { errorMessage } from '../core/shared/errors.ts';

/** errorMessage() plus the error's code when the message does not already say it. */
export function errorWithCode(e: unknown): string {
  const message = errorMessage(e);
  const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : null;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
