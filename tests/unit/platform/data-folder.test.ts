import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exposedTillPaths, makePrivateFolder, openDataFolder, writePrivateFile } from '../../../platform/data-folder.ts';
import { tempDir } from '../../helpers/ledger.ts';

const dirs: Array<{ cleanup: () => void }> = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});
function scratch(): string {
  const d = tempDir('tillproof-data-folder-');
  dirs.push(d);
  return d.path;
}
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('openDataFolder', () => {
  it('creates a missing folder (and its parents) owner-only whatever the umask', () => {
    const dataDir = join(scratch(), 'a', 'b', '.tillproof');
    const old = process.umask(0o000);
    try {
      openDataFolder(dataDir);
    } finally {
      process.umask(old);
    }
    expect(modeOf(dataDir)).toBe(0o700);
  });

  it('refuses a folder others can read, naming it and the chmod', () => {
    const dataDir = join(scratch(), 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    expect(() => openDataFolder(dataDir)).toThrow(`${dataDir} is readable by others (mode 755)`);
    expect(() => openDataFolder(dataDir)).toThrow(`chmod 700 ${dataDir}`);
  });

  it('refuses the till files others can read, one by name or several with one fix', () => {
    const dataDir = scratch();
    writeFileSync(join(dataDir, 'ledger.sqlite'), 'x', { mode: 0o644 });
    expect(() => openDataFolder(dataDir)).toThrow(`chmod 600 ${join(dataDir, 'ledger.sqlite')}`);
    makePrivateFolder(join(dataDir, 'logs'));
    writeFileSync(join(dataDir, 'logs', 'host.1.log'), 'x', { mode: 0o640 });
    expect(() => openDataFolder(dataDir)).toThrow(`run: chmod -R go-rwx ${dataDir}`);
    expect(exposedTillPaths(dataDir).map((e) => e.path)).toEqual([join(dataDir, 'ledger.sqlite'), join(dataDir, 'logs', 'host.1.log')]);
  });

  it('leaves other files alone and accepts an owner-only folder', () => {
    const dataDir = scratch();
    writeFileSync(join(dataDir, 'notes.txt'), 'x', { mode: 0o644 });
    writePrivateFile(join(dataDir, 'ledger.sqlite'), 'x');
    expect(() => openDataFolder(dataDir)).not.toThrow();
  });

  it('says when the data folder is a file', () => {
    const file = join(scratch(), 'file');
    writeFileSync(file, 'x');
    expect(() => openDataFolder(file)).toThrow(/is a file, not a folder/);
  });
});

describe('writePrivateFile', () => {
  it('makes the file 0600 even when it existed with a wider mode', () => {
    const path = join(scratch(), 'token');
    writeFileSync(path, 'old', { mode: 0o644 });
    writePrivateFile(path, 'new');
    expect(modeOf(path)).toBe(0o600);
  });
});
