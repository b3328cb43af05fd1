import { constants } from 'node:zlib';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

// `outpost serve` listens here by default; `npx vite` proxies the API to it for hot-reload development.
const OUTPOST = 'http://127.0.0.1:4870';

export default defineConfig({
  root: 'renderer',
  // Root-absolute, not './': the app routes by path, and a reload on /settings/sites must still load
  // /assets/…, not /settings/assets/…. Both `outpost serve` and the Electron `outpost://app/` scheme
  // serve the build at the root.
  base: '/',
  plugins: [
    react(),
    // Each file is compressed once, here, at the strongest settings (brotli 11 is far too slow per
    // request); `outpost serve` sends the .br or .gz beside a file to clients that accept it
    // (main/server/renderer-files.ts). Files under 1 KiB gain nothing worth a second request path.
    compression({
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
      include: /\.(?:js|css|html|svg|json)$/,
      exclude: /manifest\.json$/,
      threshold: 1024,
      skipIfLargerOrEqual: true,
      logLevel: 'silent',
    }),
  ],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The manifest lists each entry's chunks and imports: the bundle-size report reads it.
    manifest: true,
  },
  server: {
    proxy: {
      '/api': { target: OUTPOST, changeOrigin: false },
      '/healthz': OUTPOST,
      '/docs': OUTPOST,
    },
  },
});
