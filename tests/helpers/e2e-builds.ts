// The e2e tests' web builds, made once per test run: the first test file that needs the till's
// screens (or the HQ console) builds them into a folder of the run, the others wait for it and
// share it (nothing writes into a build once it is made). Set up by vitest's global setup.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The environment variable naming the run's build folder (inherited by the test workers). */
export const E2E_BUILDS_ENV = 'TILLPROOF_E2E_BUILDS';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'tillproof-e2e-builds-'));
  process.env[E2E_BUILDS_ENV] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[E2E_BUILDS_ENV];
  };
}
