import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Forks, so each worker can start Node with relaxed SIMD enabled (Node 20 has it behind a flag).
    pool: 'forks',
    execArgv: ['--experimental-wasm-relaxed-simd'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
