import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer build (`vite build renderer`: the root is this folder). Output must satisfy
// host/server.ts CONTENT_SECURITY_POLICY (the same policy as Electron): scripts only from files
// (no inline script, no eval), nothing remote. `base: './'` keeps asset URLs relative, so the
// same build loads over http:// and file://.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2023',
    // The preload polyfill is not needed by any supported runtime; keep the entry free of extras.
    modulePreload: { polyfill: false },
    // Inlined assets become data: URLs; keep every asset a file under 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1024,
  },
  server: { host: '127.0.0.1' },
});
