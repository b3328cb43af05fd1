import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `outpost serve` listens here by default; `npx vite` proxies the API to it for hot-reload development.
const OUTPOST = 'http://127.0.0.1:4870';

export default defineConfig({
  root: 'renderer',
  // Root-absolute, not './': the app routes by path, and a reload on /settings/sites must still load
  // /assets/…, not /settings/assets/…. Both `outpost serve` and the Electron `outpost://app/` scheme
  // serve the build at the root.
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': { target: OUTPOST, changeOrigin: false },
      '/healthz': OUTPOST,
      '/docs': OUTPOST,
    },
  },
});
