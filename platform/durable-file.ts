import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { TillproofError } from '../core/shared/errors.ts';

// Replacing a file so that a crash or a power cut leaves the old content or the new, never a
// torn or empty file: write a temp file beside it, fsync it, rename it over the old one, fsync
// the folder so the rename itself is on disk. Files the till writes are its user's only (0600).

interface DurableWriteOptions {
  /** Mode of folders created on the way (the key folder is 0700). */
  dirMode?: number;
  /** Never replace an existing file: throws FileExistsError and leaves it as it was. */
  exclusive?: boolean;
  /** Where the temp file goes (default: beside the file). On the same file system; for a folder another program takes files from. */
  tempDir?: string;
}

export class FileExistsError extends TillproofError<'file.exists'> {
  constructor(path: string) {
    super('file.exists', `${path} already exists`);
    this.name = 'FileExistsError';
  }
}

export function writeFileDurably(path: string, text: string, options: DurableWriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true, ...(options.dirMode === undefined ? {} : { mode: options.dirMode }) });
  const tmp = options.tempDir === undefined ? `${path}.tmp-${process.pid}` : join(options.tempDir, `.${basename(path)}.tmp-${process.pid}`);
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // A temp file left by a crash keeps its old mode when reopened: set it.
    chmodSync(tmp, 0o600);
    if (options.exclusive && existsSync(path)) throw new FileExistsError(path);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  syncFolder(dirname(path));
}

function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a folder for fsync; the rename stands.
  }
}
