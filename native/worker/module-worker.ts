import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts `<name>.js` from the folder of this module as a worker thread, from the build or the sources.
 *
 * Built (`dist/native/onnx/*.js`): the worker file sits next to this one and Node runs it as is.
 * From the TypeScript sources (vitest, `tsx main/cli.ts`): only `<name>.ts` exists, and Node 20 ignores
 * a loader passed in a worker's `execArgv` for the worker's own entry file, so a tiny ESM bootstrap
 * registers tsx's loader inside the worker first and then imports the `.ts` entry. tsx is a development
 * dependency; the built product never takes this path.
 */
export function startModuleWorker(name: string, options: WorkerOptions): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  if (!fromSources) return new Worker(new URL(`./${name}.js`, import.meta.url), options);
  // require.resolve finds the CommonJS build of tsx's API, which cannot register the ESM loader; its
  // ESM twin sits beside it.
  const tsxApiCjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsxApi = pathToFileURL(tsxApiCjs.replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL(`./${name}.ts`, import.meta.url).href;
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((api) => api.register())` +
    `.then(() => import(${JSON.stringify(entry)}))`;
  return new Worker(bootstrap, { ...options, eval: true, execArgv: [] });
}
