/// <reference types="vitest/config" />

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
  test: {
    root: '.',
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    // one throw-away PostgreSQL + PostGIS cluster for the run, or the notice that its tests are skipped
    globalSetup: ['./tests/helpers/pg-global-setup.ts'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
  },
});
