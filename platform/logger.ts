import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import pretty from 'pino-pretty';
import type { SonicBoom } from 'sonic-boom';
import { LOG_LEVELS, type Logger, type LogFields, type LogLevel } from '../core/ports/logger.ts';
import { errorMessage } from '../core/shared/errors.ts';

// The one logger (core/ports/logger.ts), on pino: JSON lines to a rotating file (pino-roll:
// owner-only files, a bounded number of them) and readable lines on stderr (pino-pretty).
// Everything runs in this process, writing synchronously: pino's worker-thread transports
// break in a packaged Electron app, and a line written before a crash is on disk.

export type { Logger } from '../core/ports/logger.ts';

/** Overrides the level given in code or config (debug, info, warn, error). */
const LOG_LEVEL_ENV = 'TILLPROOF_LOG_LEVEL';

interface LogFileOptions {
  dir: string;
  /** Files are `<dir>/<name>.<n>.log`; the highest n is the one being written. */
  name: string;
  /** Rotate past this size; default 5 MB. */
  maxBytes?: number;
  /** Older files kept besides the current one; default 3. */
  keep?: number;
}

interface LoggerOptions {
  /** Default 'info'; $TILLPROOF_LOG_LEVEL wins when set to a level. */
  level?: LogLevel;
  /** Readable lines, JSON lines (a child process whose output a parent stores) or nothing; default readable. */
  console?: 'pretty' | 'json' | false;
  /** Where console lines go; default stderr. */
  consoleStream?: NodeJS.WritableStream;
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
}

/** A logger with its outputs: the root of a process's logging. */
export interface LogSink extends Logger {
  readonly level: LogLevel;
  /** For libraries that take a pino logger (Fastify). */
  readonly pino: pino.Logger;
  /** Lines another process wrote (the host process's log), stored as they are. */
  line(text: string): void;
  /** Writes what is pending and closes the file. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_KEEP = 3;
/** Keys of the line itself: a field with one of these names is kept as `_<name>`. */
const LINE_KEYS = new Set(['at', 'level', 'message']);

function isLevel(value: string | undefined): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value ?? '');
}

function safeFields(fields: LogFields): LogFields {
  if (!Object.keys(fields).some((k) => LINE_KEYS.has(k))) return fields;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [LINE_KEYS.has(k) ? `_${k}` : k, v]));
}

function asPort(p: pino.Logger): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (fields) p[level](safeFields(fields), message);
      else p[level](message);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => asPort(p.child(safeFields(bindings))),
  };
}

function consoleStreamOf(options: LoggerOptions): pino.DestinationStream | null {
  if (options.console === false) return null;
  const to = options.consoleStream;
  if (options.console === 'json') return to ?? pino.destination({ dest: 2, sync: true });
  return pretty({
    destination: to ?? 2,
    sync: true,
    colorize: !to && process.stderr.isTTY === true,
    messageKey: 'message',
    timestampKey: 'at',
    translateTime: 'SYS:HH:MM:ss.l',
    singleLine: true,
  });
}

async function fileStreamOf(file: LogFileOptions): Promise<SonicBoom> {
  mkdirSync(file.dir, { recursive: true, mode: 0o700 });
  // Imported here, once a file log is opened: pino-roll and its date library are most of what
  // loading the logger costs, and a process without a log file never needs them.
  const { default: roll } = await import('pino-roll');
  return roll({
    file: join(file.dir, file.name),
    extension: '.log',
    size: `${file.maxBytes ?? DEFAULT_MAX_BYTES}b`,
    // With removeOtherLogFiles, pino-roll's count includes the file being written.
    limit: { count: (file.keep ?? DEFAULT_KEEP) + 1, removeOtherLogFiles: true },
    mode: 0o600,
    sync: true,
  });
}

function sink(options: LoggerOptions, file: SonicBoom | null): LogSink {
  const env = options.env ?? process.env;
  const fromEnv = env[LOG_LEVEL_ENV];
  const level = isLevel(fromEnv) ? fromEnv : (options.level ?? 'info');
  const now = options.now ?? (() => new Date());
  const out = consoleStreamOf(options);
  // Logging must never take the till down: a full disk or a closed pipe loses lines, nothing else.
  file?.on('error', () => undefined);
  const streams = [file, out].filter((s) => s !== null).map((stream) => ({ level: 'debug' as const, stream }));
  const p = pino(
    {
      level: streams.length ? level : 'silent',
      base: undefined,
      messageKey: 'message',
      timestamp: () => `,"at":"${now().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    pino.multistream(streams),
  );
  const root = asPort(p);
  if (fromEnv && !isLevel(fromEnv)) root.warn(`${LOG_LEVEL_ENV}=${fromEnv} is not a level (${LOG_LEVELS.join(', ')}); logging at ${level}`);
  return {
    ...root,
    level,
    pino: p,
    line(text) {
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        file?.write(`${line}\n`);
        out?.write(`${line}\n`);
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!file) return resolve();
        file.once('close', () => resolve());
        // A file that failed (a full disk) may never say 'close': do not wait for it then.
        file.once('error', () => resolve());
        file.end();
      }),
  };
}

/** Logs to the console only. */
export function consoleLogger(options: LoggerOptions = {}): LogSink {
  return sink(options, null);
}

/**
 * Logs to a rotating file of JSON lines, and to the console unless `console: false`. A log folder
 * that cannot be written leaves the console only: logging never stops a till from starting.
 */
export async function openLogger(options: LoggerOptions & { file: LogFileOptions }): Promise<LogSink> {
  let file: SonicBoom;
  try {
    file = await fileStreamOf(options.file);
  } catch (e) {
    const log = sink(options, null);
    log.error(`cannot write logs in ${options.file.dir}: ${errorMessage(e)}; logging to the console only`);
    return log;
  }
  return sink(options, file);
}

let shared: LogSink | null = null;

/** This process's console logger, for code started without one (a library entry point, a one-off tool). */
export function processLogger(): LogSink {
  shared ??= consoleLogger();
  return shared;
}
