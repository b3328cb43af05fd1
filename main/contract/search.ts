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

/** Why a result matched, for people: the query's words found in it, and whether its meaning was close. */
export const SearchMatch = z.object({
  /** Query words (lower case) that the result's text contains, word stems included: highlight these. */
  terms: z.array(z.string()),
  /** Close in meaning to the query (embedding similarity at or above the relevance floor). */
  semantic: z.boolean(),
});
export type SearchMatch = z.infer<typeof SearchMatch>;

/** `score` orders the results (reciprocal-rank fusion); it has no meaning of its own to show. */
export const SearchHit = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: Event, score: z.number(), match: SearchMatch }),
  z.object({ type: z.literal('group'), group: Group, score: z.number(), match: SearchMatch }),
]);
export type SearchHit = z.infer<typeof SearchHit>;

export const searchMethods = {
  'search.query': defineMethod({
    name: 'search.query',
    summary:
      'Finds events and groups by words (FTS5) and meaning (embeddings), best first; results only close in meaning must pass a relevance floor, so nonsense finds nothing.',
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
