import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,integration,fault}/**/*.test.ts', 'tests/unit/renderer/**/*.test.tsx', 'tests/e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The e2e files share one build of the till's screens and of the HQ console per run.
    globalSetup: ['tests/helpers/e2e-builds.ts'],
    // A screen or a device answers when the host has done its work: on a loaded 2-core CI machine
    // that can take longer than vitest's 1 s default, so polled assertions wait up to 10 s.
    expect: { poll: { timeout: 10_000, interval: 25 } },
  },
});
