import { OutpostError, type eventsMethods } from '../../contract/index.js';
import { scopeOf, sessionOf, type HandlerTable } from '../../core/slice-kit/index.js';
import type { PipelineHandlerDeps } from './handler-deps.js';

export function eventsHandlers({ store, now }: PipelineHandlerDeps) {
  return {
    'events.list': (input, ctx) => store.events.list(scopeOf(ctx), input),
    'events.get': (input, ctx) => {
      const event = store.events.get(scopeOf(ctx), input.id);
      if (!event) throw new OutpostError('not_found', `There is no event ${input.id}. Check the id with events.list.`);
      return event;
    },
    'events.acknowledge': (input, ctx) => ({
      acknowledged: store.events.acknowledge(scopeOf(ctx), input.ids, sessionOf(ctx).email, now()),
    }),
  } satisfies Pick<HandlerTable, keyof typeof eventsMethods>;
}
