import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two test files at a time (vitest's default on 2 cores is one): the heavy ones build
    // in the shared fixture's wake, the light ones fill the other core.
    maxWorkers: 2,
    env: { TZ: 'Asia/Shanghai' },
  },
});
