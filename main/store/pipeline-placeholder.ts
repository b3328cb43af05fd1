import { OutpostError } from '../contract/index.js';
import type { PipelineRepositories } from './pipeline-types.js';

/** Stands in for the pipeline repositories while they are being built: every call says so. */
export function pipelinePlaceholder(): PipelineRepositories {
  const repository = new Proxy(
    {},
    {
      get: (_target, method) => () => {
        throw new OutpostError('unavailable', `The store cannot do ${String(method)} yet: it is being built.`);
      },
    },
  );
  return new Proxy({} as PipelineRepositories, { get: () => repository });
}
