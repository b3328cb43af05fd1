import { z } from 'zod';
import { defineMethod } from './method.js';
import { Id, Millis } from './common.js';
import { Event } from './events.js';
import { Group } from './groups.js';

export const SearchInput = z
  .object({
    text: z.string().trim().min(1, 'is required').max(500, 'must be at most 500 characters'),
    limit: z.number().int().min(1).max(100).default(20),
    siteId: Id.optional(),
    since: Millis.optional(),
    until: Millis.optional(),
    device: z.string().min(1).max(200).optional(),
    label: z.string().min(1).max(200).optional(),
  })
  .strict();
export type SearchInput = z.infer<typeof SearchInput>;

export const SearchHit = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: Event, score: z.number() }),
  z.object({ type: z.literal('group'), group: Group, score: z.number() }),
]);
export type SearchHit = z.infer<typeof SearchHit>;

export const searchMethods = {
  'search.query': defineMethod({
    name: 'search.query',
    summary: 'Finds events and groups by words (FTS5) and meaning (embeddings), best first.',
    input: SearchInput,
    output: z.object({
      items: z.array(SearchHit),
      /** `keyword` when no embedder is ready: words only. */
      mode: z.enum(['hybrid', 'keyword']),
    }),
    access: 'viewer',
    tenantScoped: true,
    mutates: false,
  }),
};
