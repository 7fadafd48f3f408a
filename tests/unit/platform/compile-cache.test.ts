import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileCacheDir, ownCacheDir } from '../../../platform/compile-cache.ts';
import { tempDir } from '../../helpers/ledger.ts';

describe('the command’s compile cache', () => {
  it('lives in the user’s own cache folder, can be moved or turned off', () => {
    expect(compileCacheDir({ XDG_CACHE_HOME: '/home/till/.cache' })).toBe('/home/till/.cache/tillproof/compile-cache');
    expect(compileCacheDir({ TILLPROOF_COMPILE_CACHE: '/var/cache/till', XDG_CACHE_HOME: '/x' })).toBe('/var/cache/till');
    expect(compileCacheDir({ TILLPROOF_COMPILE_CACHE: 'off' })).toBeNull();
    expect(compileCacheDir({})).toMatch(/\.cache\/tillproof\/compile-cache$/);
  });

  it('is made owner-only, and a folder others can write is not used', () => {
    const d = tempDir();
    try {
      const fresh = join(d.path, 'a', 'compile-cache');
      expect(ownCacheDir(fresh)).toBe(fresh);
      expect(statSync(fresh).mode & 0o777).toBe(0o700);
      const shared = join(d.path, 'shared');
      mkdirSync(shared);
      chmodSync(shared, 0o777);
      expect(ownCacheDir(shared)).toBeNull();
    } finally {
      d.cleanup();
    }
  });
});
