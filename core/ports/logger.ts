// Where diagnostics go: one logger, levels and structured fields. platform/logger.ts writes it
// (JSON lines to a rotating file, readable lines on the console); code that only needs one
// level takes a Pick of it, so a test can pass a small object that collects lines.

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Values a line carries besides its message: ids, codes, counts, an error's text. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The same logger, adding `bindings` to every line (the component, a terminal id). */
  child(bindings: LogFields): Logger;
}
