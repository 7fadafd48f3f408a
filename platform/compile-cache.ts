import { lstatSync, mkdirSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Node's compile cache for the `tillproof` command: the host's modules (TypeScript, stripped of
// types at load) are compiled once and read back on later starts, which halves the time a start
// spends loading code. The cache lives in the user's own cache folder, never in a shared temp
// folder: compiled code another local user could write would run as the till.

/** `$TILLPROOF_COMPILE_CACHE` (a folder, or `off`), else `$XDG_CACHE_HOME/tillproof/compile-cache`, else `~/.cache/...`. */
export function compileCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const set = env.TILLPROOF_COMPILE_CACHE;
  if (set === 'off') return null;
  if (set) return set;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'tillproof', 'compile-cache');
}

/** The folder, made owner-only; null when it cannot be, or is not this user's alone. */
export function ownCacheDir(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o077) !== 0) return null;
    return dir;
  } catch {
    return null;
  }
}

/** Turns the cache on for the modules loaded from now on; a cache that cannot be used is no error. */
export function useCompileCache(env: Readonly<Record<string, string | undefined>> = process.env): void {
  const wanted = compileCacheDir(env);
  const dir = wanted ? ownCacheDir(wanted) : null;
  if (dir) enableCompileCache(dir);
}
