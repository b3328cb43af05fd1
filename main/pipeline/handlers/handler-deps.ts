import type { EventBus, Logger } from '../../core/slice-kit/index.js';
import type { Store } from '../../store/index.js';
import type { PipelineParts } from '../pipeline-wiring.js';

/** What the pipeline slice's handlers use: nothing of the other slices. */
export interface PipelineHandlerDeps {
  store: Store;
  bus: EventBus;
  /** The running pipeline, its source supervisor and blob store. */
  pipeline: PipelineParts;
  logger: Logger;
  now: () => number;
}
