import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'main/**/*.test.ts',
      'native/**/*.test.ts',
      'renderer/**/*.test.ts',
      'bench/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    // better-sqlite3 and onnxruntime are native addons: separate processes keep them isolated.
    pool: 'forks',
    // Vitest's default on two cores is one fork; most files wait on servers, processes and disks, so
    // two take the suite from about 7 to about 4.5 minutes here with the same results.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
