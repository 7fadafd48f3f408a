// The durable write on a real file: the new content or the old, owner-only, no temp file left.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileExistsError, writeFileDurably } from '../../../platform/durable-file.ts';

const posix = process.platform !== 'win32';
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('writeFileDurably', () => {
  it('creates the file and its folders, readable by its owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-durable-'));
    const path = join(dir, 'keys', 'inner', 'state.json');
    writeFileDurably(path, '{"v":1}\n', { dirMode: 0o700 });
    expect(readFileSync(path, 'utf8')).toBe('{"v":1}\n');
    if (posix) {
      expect(modeOf(path)).toBe(0o600);
      expect(modeOf(join(dir, 'keys'))).toBe(0o700);
    }
    expect(readdirSync(join(dir, 'keys', 'inner'))).toEqual(['state.json']);
  });

  it('replaces the content whole and leaves no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-durable-'));
    const path = join(dir, 'hq-sync.json');
    writeFileSync(path, 'old content that is longer than the new one', { mode: 0o644 });
    writeFileDurably(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    if (posix) expect(modeOf(path)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['hq-sync.json']);
  });

  it('makes a temp file left by a crash owner-only before it becomes the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-durable-'));
    const path = join(dir, 'hq-config.json');
    writeFileSync(`${path}.tmp-${process.pid}`, 'torn', { mode: 0o666 });
    chmodSync(`${path}.tmp-${process.pid}`, 0o666);
    writeFileDurably(path, 'whole');
    expect(readFileSync(path, 'utf8')).toBe('whole');
    if (posix) expect(modeOf(path)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['hq-config.json']);
  });

  it('tempDir: a folder another program takes files from never holds a partly written file, and nothing is left beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-durable-'));
    const inbox = join(dir, 'SRC');
    mkdirSync(inbox);
    // A failed write (the temp folder is missing) leaves the watched folder empty.
    expect(() => writeFileDurably(join(inbox, 'a.xml'), '<a/>', { tempDir: join(dir, 'missing') })).toThrow();
    expect(readdirSync(inbox)).toEqual([]);
    writeFileDurably(join(inbox, 'a.xml'), '<a/>', { tempDir: dir });
    expect(readdirSync(inbox)).toEqual(['a.xml']);
    expect(readdirSync(dir).sort()).toEqual(['SRC']);
    expect(readFileSync(join(inbox, 'a.xml'), 'utf8')).toBe('<a/>');
  });

  it('exclusive: refuses to replace an existing file and leaves it as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-durable-'));
    const path = join(dir, 'terminal-ed25519.pem');
    writeFileDurably(path, 'first', { exclusive: true });
    expect(() => writeFileDurably(path, 'second', { exclusive: true })).toThrow(FileExistsError);
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['terminal-ed25519.pem']);
  });

  it('a failed rename leaves the old content and no temp file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-durable-'));
    const path = join(dir, 'taken');
    mkdirSync(join(path, 'inside'), { recursive: true });
    expect(() => writeFileDurably(path, 'text')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(path)).toEqual(['inside']);
  });
});
