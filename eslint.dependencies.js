// @ts-check
/**
 * Where each npm package may be imported: every dependency and devDependency of package.json is
 * listed here, once. Lint fails on a package that is not listed (add it here when you add it to
 * package.json) and on an import from a place its entry does not name (`import pg` under renderer/).
 *
 * - renderer: renderer/ (the browser bundle), and main/contract/, which the renderer bundles too;
 * - main:     main/ and preload/ (the Core, the server, the Electron shell);
 * - native:   native/ only: native addons and what spawns processes;
 * - tools:    tests, test-support, e2e/, bench/, scripts/ and config files; type-only packages.
 *
 * A package in several places lists them all. Tests and tools may use any package their code under
 * test may, plus the tools ones.
 */
export const DEPENDENCY_PLACES = {
  '@fastify/helmet': ['main'],
  '@fastify/multipart': ['main'],
  '@fastify/compress': ['main'],
  '@fastify/swagger': ['main'],
  '@fastify/swagger-ui': ['main'],
  '@tanstack/react-virtual': ['renderer'],
  'better-sqlite3': ['native'],
  chokidar: ['main'],
  cockatiel: ['main'],
  commander: ['main'],
  'csv-parse': ['main'],
  dompurify: ['main', 'renderer'],
  downshift: ['renderer'],
  fastify: ['main'],
  'ipaddr.js': ['main'],
  jose: ['main'],
  jsdom: ['main', 'tools'],
  mqtt: ['main'],
  negotiator: ['main'],
  'onnxruntime-node': ['native'],
  pg: ['main'],
  pino: ['main'],
  'prom-client': ['main'],
  qrcode: ['main'],
  react: ['renderer'],
  'react-dom': ['renderer'],
  'react-router': ['renderer'],
  re2: ['native'],
  'sqlite-vec': ['native'],
  ulid: ['main'],
  undici: ['main'],
  uplot: ['renderer'],
  usearch: ['native'],
  zod: ['main', 'renderer'],
  zustand: ['renderer'],

  electron: ['main'],
  '@axe-core/playwright': ['tools'],
  '@eslint/js': ['tools'],
  '@playwright/test': ['tools'],
  '@types/autocannon': ['tools'],
  '@types/better-sqlite3': ['tools'],
  '@types/jsdom': ['tools'],
  '@types/negotiator': ['tools'],
  '@types/node': ['tools'],
  '@types/pg': ['tools'],
  '@types/qrcode': ['tools'],
  '@types/react': ['tools'],
  '@types/react-dom': ['tools'],
  '@vitejs/plugin-react': ['tools'],
  autocannon: ['tools'],
  'chrome-launcher': ['tools'],
  'electron-builder': ['tools'],
  esbuild: ['tools'],
  eslint: ['tools'],
  'eslint-import-resolver-typescript': ['tools'],
  'eslint-plugin-boundaries': ['tools'],
  'eslint-plugin-jsx-a11y': ['tools'],
  'eslint-plugin-react-hooks': ['tools'],
  globals: ['tools'],
  lighthouse: ['tools'],
  prettier: ['tools'],
  'puppeteer-core': ['tools'],
  tsx: ['tools'],
  typescript: ['tools'],
  'typescript-eslint': ['tools'],
  vite: ['tools'],
  'vite-plugin-compression2': ['tools'],
  vitest: ['tools'],
};
