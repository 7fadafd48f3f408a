// `tillproof start` where the Electron runtime cannot be downloaded: it tries once per Electron
// version, then starts browser mode at once on later starts instead of trying (and saying so) again.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronFetchMarker, rememberElectronFetchFailed, shouldFetchElectron } from '../../../cli/serve-command.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('fetching the Electron runtime', () => {
  it('is tried once per Electron version, remembered in the user’s own cache folder', () => {
    const cache = mkdtempSync(join(tmpdir(), 'tillproof-cache-'));
    dirs.push(cache);
    const marker = electronFetchMarker({ XDG_CACHE_HOME: cache });
    expect(marker).toBe(join(cache, 'tillproof', 'electron-fetch-failed'));
    expect(shouldFetchElectron(marker, '42.0.0')).toBe(true);
    rememberElectronFetchFailed(marker, '42.0.0');
    expect(shouldFetchElectron(marker, '42.0.0')).toBe(false);
    // A new Electron version is worth one more try.
    expect(shouldFetchElectron(marker, '43.0.0')).toBe(true);
    expect(statSync(join(cache, 'tillproof')).mode & 0o077).toBe(0);
  });
});
