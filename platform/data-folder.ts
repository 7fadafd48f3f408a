import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TillproofError } from '../core/shared/errors.ts';

// The till's data folder holds every member's app-code secret and card number, every staff PIN
// hash (a 4-digit PIN falls to an offline search) and the terminal key: no other user of the
// machine may read any of it. The folder is 0700 and every file the till writes 0600; a folder or
// file others can read stops the start, naming it and the chmod that fixes it.

export class DataFolderError extends TillproofError<'data.permissions' | 'data.not-a-folder'> {
  constructor(code: DataFolderError['code'], message: string) {
    super(code, message);
    this.name = 'DataFolderError';
  }
}

/** The ledger and its SQLite companions, and browser mode's pairing tokens, directly in the data folder (the HQ files there hold nothing secret; they are written 0600 too). */
const TILL_FILES = ['ledger.sqlite', 'ledger.sqlite-wal', 'ledger.sqlite-shm', 'ledger.sqlite-journal', 'pairing.json'];
/** Folders the till writes: each is checked with the files directly in it (receipts of the emulator by their folder only). */
const TILL_FOLDERS = ['keys', 'logs', 'emulator', 'emulator/receipts'];

/** The modes that let someone other than the owner in. */
const OTHERS = 0o077;

export interface ExposedPath {
  path: string;
  mode: number;
}

function exposed(path: string): ExposedPath | null {
  const mode = statSync(path).mode & 0o777;
  return mode & OTHERS ? { path, mode } : null;
}

/** The data folder, its till folders and the till's files in them that others can read, write or enter. */
export function exposedTillPaths(dataDir: string): ExposedPath[] {
  const found: ExposedPath[] = [];
  const add = (path: string) => {
    const e = existsSync(path) ? exposed(path) : null;
    if (e) found.push(e);
  };
  add(dataDir);
  for (const name of TILL_FILES) add(join(dataDir, name));
  for (const folder of TILL_FOLDERS) {
    const dir = join(dataDir, folder);
    if (!existsSync(dir)) continue;
    add(dir);
    if (folder === 'emulator/receipts') continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isFile()) add(join(dir, entry.name));
  }
  return found;
}

function refusal(dataDir: string, found: ExposedPath[]): DataFolderError {
  const why = 'it holds the ledger (members, staff PINs) and the terminal key';
  const [only] = found;
  if (found.length === 1 && only) {
    const isFolder = statSync(only.path).isDirectory();
    return new DataFolderError(
      'data.permissions',
      `${only.path} is readable by others (mode ${only.mode.toString(8)}): ${why}; run: chmod ${isFolder ? '700' : '600'} ${only.path}`,
    );
  }
  const list = found.map((f) => `${f.path} (mode ${f.mode.toString(8)})`).join(', ');
  return new DataFolderError('data.permissions', `these are readable by others: ${list}: ${why}; run: chmod -R go-rwx ${dataDir}`);
}

/**
 * Creates the data folder owner-only (0700) on a first start, or checks an existing one: a folder
 * that is not one, or that others can read into, stops the start with the fix.
 */
export function openDataFolder(dataDir: string): void {
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // mkdir's mode passes through the umask: say it exactly.
    chmodSync(dataDir, 0o700);
    return;
  }
  if (!statSync(dataDir).isDirectory())
    throw new DataFolderError('data.not-a-folder', `the data folder ${dataDir} is a file, not a folder`);
  if (process.platform === 'win32') return; // the profile folder's ACLs keep other users out (docs/it.md)
  const found = exposedTillPaths(dataDir);
  if (found.length > 0) throw refusal(dataDir, found);
}

/** A folder inside the data folder, owner-only. */
export function makePrivateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

/** Writes a small file (a token, a note for IT) readable by its owner only, whatever the umask. */
export function writePrivateFile(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}
