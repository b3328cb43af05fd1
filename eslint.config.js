// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'eslint/config';
import { DEPENDENCY_PLACES } from './eslint.dependencies.js';

/*
 * Layering (DESIGN.md "Process model" and "Layout"), enforced as lint errors:
 *  - only main/electron/ and preload/ import `electron`;
 *  - renderer/ imports nothing from main/ but main/contract, and no Node built-ins or native addons;
 *  - only native/ spawns processes, starts worker threads or loads native addons (tests, e2e, bench and scripts
 *    may too).
 *
 * ESLint replaces (does not merge) a rule's options when a later block matches the same file, so each
 * layer below lists every restriction that applies to it.
 *
 * Boundaries (eslint-plugin-boundaries, DESIGN.md "Capability slices"), also lint errors:
 *  - a module of main/ or native/ is imported by other code only through its door, `index.ts`; the
 *    sub-doors main/core/slice-kit (handler types for slices) and main/server/route-kit (route
 *    registration for slices) are the two named exceptions, and a module's `test-support/index.ts` is a
 *    door for tests, benchmarks and e2e only;
 *  - every npm package comes from eslint.dependencies.js, which says where it may be imported; an
 *    unlisted package, or one imported from the wrong place, fails.
 */

const packageJson = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const declared = Object.keys({ ...packageJson.dependencies, ...packageJson.devDependencies });
const unclassified = declared.filter((name) => !Object.hasOwn(DEPENDENCY_PLACES, name));
const stale = Object.keys(DEPENDENCY_PLACES).filter((name) => !declared.includes(name));
if (unclassified.length > 0 || stale.length > 0) {
  throw new Error(
    [
      unclassified.length > 0 &&
        `package.json has packages eslint.dependencies.js does not place: ${unclassified.join(', ')}. Say where each may be imported (renderer, main, native, tools).`,
      stale.length > 0 && `eslint.dependencies.js places packages package.json no longer has: ${stale.join(', ')}.`,
    ]
      .filter(Boolean)
      .join(' '),
  );
}
/** The packages that code of any of `places` may import. */
const packagesFor = (/** @type {string[]} */ ...places) =>
  Object.entries(DEPENDENCY_PLACES)
    .filter(([, where]) => where.some((place) => places.includes(place)))
    .map(([name]) => name);
/** main/contract is bundled into the renderer too: only packages placed in both. */
const contractPackages = packagesFor('main').filter((name) => DEPENDENCY_PLACES[name].includes('renderer'));

const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/test-support/**', 'renderer/**/test-fixtures.ts'];
const moduleDoor = { element: { types: ['main', 'native'], fileInternalPath: 'index.ts' } };
const testSupportDoor = { element: { types: ['main', 'native'], fileInternalPath: ['test-support/index.ts'] } };
const fromTests = { file: { categories: 'test' } };
const external = (/** @type {string[]} */ names) => ({ module: { origin: 'external', source: names } });

const boundariesConfig = {
  files: ['main/**', 'native/**', 'renderer/**', 'preload/**', 'bench/**', 'e2e/**', 'scripts/**'],
  plugins: { boundaries },
  settings: {
    'import/resolver': { typescript: { alwaysTryTypes: true, noWarnOnMultipleProjects: true } },
    'boundaries/elements': [
      { type: 'main', pattern: 'main/*', capture: ['name'] },
      { type: 'native', pattern: 'native/*', capture: ['name'] },
      { type: 'renderer', pattern: 'renderer' },
      { type: 'preload', pattern: 'preload' },
      { type: 'tools', pattern: ['bench', 'e2e', 'scripts'] },
    ],
    'boundaries/files': [{ category: 'test', pattern: TEST_FILES }],
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        checkAllOrigins: true,
        checkUnknownLocals: true,
        policies: [
          // Node's own modules: the layering rules above say who may use which.
          { allow: { to: { module: { origin: 'core' } } } },
          // npm packages, by where eslint.dependencies.js places them.
          { from: { element: { type: 'main' } }, allow: { to: external(packagesFor('main')) } },
          {
            from: { element: { type: 'main', captured: { name: 'contract' } } },
            disallow: { to: external(packagesFor('main')) },
          },
          {
            from: { element: { type: 'main', captured: { name: 'contract' } } },
            allow: { to: external(contractPackages) },
          },
          { from: { element: { type: 'native' } }, allow: { to: external(packagesFor('native')) } },
          { from: { element: { type: 'renderer' } }, allow: { to: external(packagesFor('renderer')) } },
          { from: { element: { type: 'preload' } }, allow: { to: external(packagesFor('main')) } },
          { from: fromTests, allow: { to: external(packagesFor('tools')) } },
          { from: { element: { type: 'tools' } }, allow: { to: external(packagesFor('tools', 'main', 'native')) } },
          // Code: another module only through its door.
          { allow: { to: moduleDoor } },
          {
            from: { element: { type: 'main' } },
            allow: {
              to: [
                { element: { type: 'main', captured: { name: 'core' }, fileInternalPath: 'slice-kit/index.ts' } },
                { element: { type: 'main', captured: { name: 'server' }, fileInternalPath: 'route-kit/index.ts' } },
              ],
            },
          },
          { from: [fromTests, { element: { type: 'tools' } }], allow: { to: testSupportDoor } },
          // The renderer's one window into main/: the contract (types and schemas).
          { from: { element: { type: 'renderer' } }, disallow: { to: { element: { types: ['main', 'native'] } } } },
          {
            from: { element: { type: 'renderer' } },
            allow: { to: { element: { type: 'main', captured: { name: 'contract' }, fileInternalPath: 'index.ts' } } },
          },
          // Tests reach the preload script and the tools' helpers (scripts/require-system-package.ts).
          { from: fromTests, allow: { to: { element: { types: ['preload', 'tools'] } } } },
          // The tools' own files, and the config files at the root (the browser flags of playwright.config.ts).
          {
            from: { element: { type: 'tools' } },
            allow: { to: [{ element: { type: 'tools' } }, { element: { isUnknown: true } }] },
          },
        ],
      },
    ],
  },
};

const TS_FILES = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
/** Test and tooling files: may spawn processes and open native addons directly. */
const TOOLING_FILES = [
  '**/*.test.ts',
  '**/*.test.tsx',
  'e2e/**',
  'bench/**',
  'scripts/**',
  '*.config.ts',
  '*.config.js',
  '*.config.mjs',
];

const electronPath = {
  name: 'electron',
  message: 'Only main/electron/ and preload/ may import electron; the Core and the renderer run without it.',
};
const nativePaths = [
  ['node:child_process', 'Only native/ spawns processes: add a narrow wrapper in native/.'],
  ['child_process', 'Only native/ spawns processes: add a narrow wrapper in native/.'],
  ['better-sqlite3', 'Only native/sqlite opens SQLite; use the repositories of main/store.'],
  ['sqlite-vec', 'Only native/sqlite loads sqlite-vec.'],
  ['onnxruntime-node', 'Only native/onnx loads onnxruntime-node.'],
  ['re2', 'Only native/regex loads re2: compile user patterns with compileLinearRegex from native/regex.'],
].map(([name, message]) => ({ name, message }));
// A module may keep a worker entry beside its code (parentPort is fine there), but starts it through native/worker.
const workerPaths = ['node:worker_threads', 'worker_threads'].map((name) => ({
  name,
  importNames: ['Worker'],
  message: 'Only native/ starts worker threads: use startModuleWorker from native/worker.',
}));

// Every outgoing HTTP request of the Core passes the address guard (main/outbound); nothing else in main/ or
// native/ makes one. Tests, tooling and the renderer (a browser) are not the Core.
const outboundPath = {
  name: 'undici',
  message: 'Outgoing requests go through main/outbound (the address guard): use its fetch or dispatcher.',
};
const outboundGlobals = [
  {
    name: 'fetch',
    message: 'Outgoing requests go through main/outbound (the address guard): use OutboundGuard.fetch, passed in.',
  },
];

const rendererPaths = [
  electronPath,
  ...nativePaths,
  ...['fs', 'fs/promises', 'path', 'os', 'net', 'http', 'https', 'worker_threads', 'module', 'url', 'crypto'].map(
    (name) => ({ name, message: 'The renderer runs in a browser sandbox: no Node built-ins.' }),
  ),
];
const rendererPatterns = [
  {
    regex: '^(\\.\\./)+main(/(?!contract(/|$)).*)?$',
    message:
      'The renderer may import only main/contract from main/ (types and schemas); call the Core through the API.',
  },
  { regex: '^node:', message: 'The renderer runs in a browser sandbox: no Node built-ins.' },
];

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'release/**',
      'bench/results/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  { files: TS_FILES, extends: [tseslint.configs.recommended] },
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: TS_FILES,
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
  },
  {
    files: ['main/**', 'native/**', 'preload/**', 'bench/**', 'e2e/**', 'scripts/**', '*.config.*', '*.js', '*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // Playwright fixtures must destructure their first parameter, even when they need nothing: `async ({}, use) =>`.
  {
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  { ...reactHooks.configs.flat.recommended, files: ['renderer/**/*.ts', 'renderer/**/*.tsx'] },
  { ...jsxA11y.flatConfigs.recommended, files: ['renderer/**/*.tsx'] },
  {
    // role="application" (the map viewport) marks a widget that takes the keyboard itself (WAI-ARIA 1.2,
    // "application"): it must be focusable. jsx-a11y counts it as a landmark; this option tells it
    // otherwise, for that role only (its keys are caught by a presentational KeyScope around it).
    files: ['renderer/**/*.tsx'],
    rules: {
      'jsx-a11y/no-noninteractive-tabindex': [
        'error',
        { tags: [], roles: ['tabpanel', 'application'], allowExpressionValues: true },
      ],
    },
  },
  boundariesConfig,

  // ---- layering ----
  // Default for everything: no electron, no native addons or child processes, no unguarded requests.
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronPath, ...nativePaths, ...workerPaths, outboundPath] }],
    },
  },
  {
    files: ['main/**', 'native/**'],
    ignores: ['main/outbound/**', '**/test-support/**', ...TOOLING_FILES],
    rules: { 'no-restricted-globals': ['error', ...outboundGlobals] },
  },
  // A regular expression built at run time in main/ is either a user's (RE2 through native/regex only) or
  // built from constants, which its eslint-disable comment says.
  {
    files: ['main/**'],
    ignores: [...TOOLING_FILES, '**/test-support/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['NewExpression', 'CallExpression'].map((node) => ({
          selector: `${node}[callee.name='RegExp']`,
          message:
            'User patterns compile with compileLinearRegex (native/regex, linear time). For a pattern built from constants, disable this rule on the line and say so.',
        })),
      ],
    },
  },
  // The guard itself builds on undici.
  {
    files: ['main/outbound/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronPath, ...nativePaths, ...workerPaths] }] },
  },
  // Electron main and preload: electron allowed, native addons still not.
  {
    files: ['main/electron/**', 'preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [...nativePaths, ...workerPaths, outboundPath] }] },
  },
  // native/: the one place for addons and child processes; still no electron.
  {
    files: ['native/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronPath] }] },
  },
  // Tests and tooling: may spawn and open addons; still no electron...
  {
    files: TOOLING_FILES,
    rules: { 'no-restricted-imports': ['error', { paths: [electronPath] }] },
  },
  // ...except the tooling that launches the Electron binary (its package's default export is the binary path).
  {
    files: ['e2e/electron/**', 'scripts/start-electron.mjs'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // The sync protocol is shared by sites and the hub and depends on nothing but zod and the contract's schemas.
  {
    files: ['main/sync/protocol/**'],
    ignores: TOOLING_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronPath, ...nativePaths, ...workerPaths, outboundPath],
          patterns: [
            {
              regex: '^(?!zod$|\\.\\./\\.\\./contract/index\\.js$|\\./[a-z0-9-]+\\.js$)',
              message: 'The sync protocol imports only zod, main/contract and its own files.',
            },
          ],
        },
      ],
    },
  },
  // Renderer: browser only; main/contract is its single window into main/.
  {
    files: ['renderer/**'],
    rules: { 'no-restricted-imports': ['error', { paths: rendererPaths, patterns: rendererPatterns }] },
  },
  {
    files: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronPath], patterns: [rendererPatterns[0]] }],
    },
  },
);
