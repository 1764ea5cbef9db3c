// Vite builds the UI into dist/ (served by `gemis serve --web-root web/dist`).
// No plugin: esbuild compiles the JSX for Preact itself. Nothing is loaded at
// run time from outside the server: every asset is bundled or in public/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    target: 'es2020',
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npm run dev` against a running `gemis serve` on the default address.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
