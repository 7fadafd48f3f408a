import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The shell's logs: one JSON object per line in the OS log folder (app.getPath('logs'):
// %APPDATA%\Tillproof\logs, ~/.config/Tillproof/logs, ~/Library/Logs/Tillproof). Each file is
// rotated at `maxBytes`, keeping `keep` old files, so a crash loop cannot fill the disk.

export interface ShellLog {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export interface FileLogOptions {
  dir: string;
  name: string;
  maxBytes?: number;
  keep?: number;
  now?: () => Date;
  /** Also write to stderr (development). */
  echo?: boolean;
}

export function fileLog(options: FileLogOptions): ShellLog & { path: string; line(text: string): void } {
  const path = join(options.dir, `${options.name}.log`);
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = options.keep ?? 3;
  const now = options.now ?? (() => new Date());
  let ready = false;

  const rotate = () => {
    rmSync(`${path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      try {
        renameSync(`${path}.${i}`, `${path}.${i + 1}`);
      } catch {
        // that generation does not exist yet
      }
    }
    renameSync(path, `${path}.1`);
  };

  const write = (text: string) => {
    try {
      if (!ready) {
        mkdirSync(options.dir, { recursive: true });
        ready = true;
      }
      let size = 0;
      try {
        size = statSync(path).size;
      } catch {
        size = 0;
      }
      if (size + text.length > maxBytes && size > 0) rotate();
      appendFileSync(path, text);
    } catch {
      // Logging must never take the till down.
    }
    if (options.echo) process.stderr.write(text);
  };

  const entry = (level: string) => (message: string, context: Record<string, unknown> = {}) => {
    write(`${JSON.stringify({ at: now().toISOString(), level, message, ...context })}\n`);
  };

  return { path, info: entry('info'), warn: entry('warn'), error: entry('error'), line: (text) => write(text.endsWith('\n') ? text : `${text}\n`) };
}
