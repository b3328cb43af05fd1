import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker entry `<name>` (no extension) that sits in the folder of the module at `baseUrl` (pass
 * the caller's `import.meta.url`), from the build or from the sources, so any module keeps its worker's code
 * beside its own and only this helper starts threads.
 *
 * Built (`dist/…/*.js`): `<name>.js` sits next to the caller and Node runs it as is.
 * From the TypeScript sources (vitest, `tsx main/cli.ts`): only `<name>.ts` exists, and Node 20 ignores a
 * loader passed in a worker's `execArgv` for the worker's own entry file, so a tiny ESM bootstrap registers
 * tsx's loader inside the worker first and then imports the `.ts` entry. tsx is a development dependency;
 * the built product never takes this path. The caller's URL, not this file's, decides which: they are always
 * both built or both sources, but the caller's is the one whose neighbour is started.
 */
export function startModuleWorker(baseUrl: string, name: string, options: WorkerOptions = {}): Worker {
  if (!/^[\w.-]+$/u.test(name) || /\.[cm]?[jt]s$/u.test(name)) {
    throw new Error(`startModuleWorker takes a file name without folder or extension, not "${name}".`);
  }
  const fromSources = new URL(baseUrl).pathname.endsWith('.ts');
  if (!fromSources) return new Worker(new URL(`./${name}.js`, baseUrl), options);
  // require.resolve finds the CommonJS build of tsx's API, which cannot register the ESM loader; its
  // ESM twin sits beside it.
  const tsxApiCjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const tsxApi = pathToFileURL(tsxApiCjs.replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL(`./${name}.ts`, baseUrl).href;
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((api) => api.register())` +
    `.then(() => import(${JSON.stringify(entry)}))`;
  return new Worker(bootstrap, { ...options, eval: true, execArgv: [] });
}
