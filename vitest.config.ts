import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,integration,fault}/**/*.test.ts', 'tests/unit/renderer/**/*.test.tsx', 'tests/e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default leaves a core free (one worker on a 2-core CI machine), but most test files spend
    // their time waiting on another process (Chromium, a till or HQ child, PostgreSQL): two files at a
    // time on 2 cores took the suite from about 1,240 s to 810 s here, every test waiting for conditions.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The e2e files share one build of the till's screens and of the HQ console per run.
    globalSetup: ['tests/helpers/e2e-builds.ts'],
    // A screen or a device answers when the host has done its work: on a loaded 2-core CI machine
    // that can take longer than vitest's 1 s default, so polled assertions wait up to 10 s.
    expect: { poll: { timeout: 10_000, interval: 25 } },
  },
});
