import { z } from 'zod';

// Control messages between main and the host process. Contract traffic is text frames (the
// same JSON as browser mode's WebSocket: core/contract/wire.ts) on a MessagePort in Electron;
// under child_process.fork (tests, debugging) frames ride the IPC channel as { type: 'frame' }.

export const startMessageSchema = z.strictObject({
  type: z.literal('start'),
  dataDir: z.string().min(1),
  /** null: no config file; the host starts only with `demo`. */
  configPath: z.string().min(1).nullable(),
  demo: z.boolean(),
});

export const frameMessageSchema = z.strictObject({ type: z.literal('frame'), text: z.string() });

export const mainToHostSchema = z.discriminatedUnion('type', [
  startMessageSchema,
  /** Close the ledger and exit. */
  z.strictObject({ type: z.literal('shutdown') }),
  /** Electron: carries the MessagePort for frames. */
  z.strictObject({ type: z.literal('connect') }),
  frameMessageSchema,
]);

export const hostToMainSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), terminalId: z.string(), ledgerPath: z.string() }),
  /** Start failed. Not retryable: a restart cannot help (bad config, missing ledger or key). */
  z.strictObject({ type: z.literal('fatal'), code: z.string(), message: z.string(), retryable: z.boolean() }),
  /** The ledger is closed; the process exits next. */
  z.strictObject({ type: z.literal('closed') }),
  frameMessageSchema,
]);

export type StartMessage = z.infer<typeof startMessageSchema>;
export type MainToHost = z.infer<typeof mainToHostSchema>;
export type HostToMain = z.infer<typeof hostToMainSchema>;

/** Start failures a restart cannot fix: the supervisor shows them instead of retrying. */
const PERMANENT_CODES = new Set([
  'config.invalid',
  'config.missing',
  'ledger.missing',
  'ledger.invalid-entry',
  'ledger.not-a-database',
  'ledger.not-a-ledger',
  'ledger.corrupt',
  'ledger.schema-newer',
  'ledger.terminal-mismatch',
  'ledger.read-only',
  'key.permissions',
  'key.invalid',
  'key.missing',
  'devices.invalid-config',
]);

export function isRetryableStartError(code: string): boolean {
  return !PERMANENT_CODES.has(code);
}
