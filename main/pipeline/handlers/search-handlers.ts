import { matchedTerms, type SearchHit, type searchMethods } from '../../contract/index.js';
import type { GroupNeighbour } from '../../store/index.js';
import { scopeOf, type HandlerTable } from '../../core/slice-kit/index.js';
import type { PipelineHandlerDeps } from './handler-deps.js';

/** Reciprocal-rank fusion constant (Cormack et al. 2009): damps the weight of the very top ranks. */
export const RRF_K = 60;

type Key = `event:${string}` | `group:${string}`;

/** Sums 1/(k + rank) over every ranked list a result appears in. */
export function fuseRanks(lists: readonly (readonly Key[])[], k = RRF_K): Map<Key, number> {
  const scores = new Map<Key, number>();
  for (const list of lists) {
    list.forEach((key, rank) => scores.set(key, (scores.get(key) ?? 0) + 1 / (k + rank + 1)));
  }
  return scores;
}

export function searchHandlers({ store, pipeline, logger, now }: PipelineHandlerDeps) {
  return {
    'search.query': async (input, ctx) => {
      const scope = scopeOf(ctx);
      // Each list fetches more than asked, so fusion has room to reorder.
      const depth = Math.min(200, input.limit * 3);
      const query = { ...input, limit: depth };
      const eventHits = store.search.events(scope, query).map((h): Key => `event:${h.id}`);
      const groupHits = store.search.groups(scope, query).map((h): Key => `group:${h.id}`);

      let mode: 'hybrid' | 'keyword' = 'hybrid';
      let semantic: Key[] = [];
      // Below the floor a group is nearest only the way every group is nearest to something: "xyzzy"
      // would list the whole site. Keyword hits need no floor (the words are there).
      const floor = pipeline.pipeline.floors.search;
      // Groups carry no device or label: a search narrowed by either is answered from events only.
      if (input.device === undefined && input.label === undefined) {
        try {
          const vector = await pipeline.pipeline.embedText(input.text, scope.tenantId);
          const sites = input.siteId ? [input.siteId] : store.sites.list(scope).map((s) => s.id);
          const near: GroupNeighbour[] = sites.flatMap((siteId) =>
            pipeline.pipeline.nearestGroups({ tenantId: scope.tenantId, siteId }, vector, depth),
          );
          semantic = near
            .filter((n) => n.similarity >= floor)
            .sort((a, b) => b.similarity - a.similarity)
            .map((n): Key => `group:${n.groupId}`);
        } catch (err) {
          logger.warn({ err: String(err) }, 'Semantic search failed; answering with keyword hits only');
          mode = 'keyword';
        }
      }

      const fused = [...fuseRanks([eventHits, groupHits, semantic]).entries()].sort((a, b) => b[1] - a[1]);
      const eventIds = fused.filter(([k]) => k.startsWith('event:')).map(([k]) => k.slice(6));
      const groupIds = fused.filter(([k]) => k.startsWith('group:')).map(([k]) => k.slice(6));
      const events = new Map(store.events.getMany(scope, eventIds).map((e) => [e.id, e]));
      const at = now();
      const groups = new Map(
        store.groups
          .getMany(scope, groupIds, at)
          .filter(
            (g) =>
              g.mergedInto === null &&
              (input.since === undefined || g.lastSeen >= input.since) &&
              (input.until === undefined || g.firstSeen <= input.until),
          )
          .map((g) => [g.id, g]),
      );
      const close = new Set(semantic);
      const items: SearchHit[] = [];
      for (const [key, score] of fused) {
        if (items.length >= input.limit) break;
        const id = key.slice(6);
        const event = key.startsWith('event:') ? events.get(id) : undefined;
        const group = key.startsWith('group:') ? groups.get(id) : undefined;
        const match = (text: string) => ({ terms: matchedTerms(input.text, text), semantic: close.has(key) });
        if (event) items.push({ type: 'event', event, score, match: match(event.message) });
        else if (group) items.push({ type: 'group', group, score, match: match(group.template) });
      }
      return { items, mode };
    },
  } satisfies Pick<HandlerTable, keyof typeof searchMethods>;
}
