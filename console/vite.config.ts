import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The HQ console build (`vite build console`: the root is this folder), served by HQ itself under
// /console/ (hq/console-pages.ts). Output must satisfy that handler's Content-Security-Policy:
// scripts and styles only from files (no inline script or style, no eval), nothing remote.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2023',
    modulePreload: { polyfill: false },
    // Inlined assets become data: URLs; keep every asset a file under 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: { host: '127.0.0.1' },
});
