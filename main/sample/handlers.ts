import type { sampleMethods } from '../contract/index.js';
import { scopeOf, sessionOf, type HandlerTable } from '../core/slice-kit/index.js';
import type { SampleService } from './sample-service.js';

export function sampleHandlers({ sample }: { sample: SampleService }) {
  return {
    'sample.status': (_input, ctx) => sample.status(scopeOf(ctx)),
    'sample.load': (input, ctx) => sample.load(scopeOf(ctx), sessionOf(ctx).userId, input.minutes),
    'sample.remove': async (_input, ctx) => ({ removed: await sample.remove(scopeOf(ctx)) }),
  } satisfies Pick<HandlerTable, keyof typeof sampleMethods>;
}
