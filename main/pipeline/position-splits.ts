import { OutpostError } from '../contract/index.js';
import type { GroupRow, PositionPart, Scope, SiteScope, Store } from '../store/index.js';
import type { Embedder } from './embed/index.js';
import type { GroupSearch } from './group-ann.js';
import type { TenantMiners } from './tenant-miners.js';

export interface PositionSplitterOptions {
  store: Store;
  miners: TenantMiners;
  embedder: Embedder;
  search: GroupSearch;
}

/**
 * Splits a group's template by the value at a token position (`groups.splitByPosition`). The split
 * is recorded in the tenant's miner, for the group's site, and saved with it in one transaction with
 * the events it moves: after a restart, and however the template generalises later, a line goes to
 * the template of its value, and a value seen for the first time founds a group of its own. The
 * value with the most events keeps the group (its id, tags and alert history); every other value
 * gets a new group. Merging the groups again (`groups.merge`) puts the values back together.
 */
export function createPositionSplitter({ store, miners, embedder, search }: PositionSplitterOptions) {
  return async function splitByPosition(
    scope: Scope,
    groupId: string,
    templateId: string,
    position: number,
  ): Promise<GroupRow[]> {
    const template = store.templates.get(scope, templateId);
    if (!template || template.groupId !== groupId) {
      throw new OutpostError(
        'not_found',
        `Template ${templateId} is not in group ${groupId}. Check it with groups.get.`,
      );
    }
    const site: SiteScope = { tenantId: scope.tenantId, siteId: template.siteId };
    let groups: GroupRow[];
    try {
      groups = store.transaction(() => {
        const events = store.groups.templateEvents(scope, groupId, templateId);
        const miner = miners.get(scope.tenantId);
        let placed;
        try {
          placed = miner.splitByPosition(
            template.key,
            position,
            template.siteId,
            events.map((e) => e.message),
          );
        } catch (err) {
          throw new OutpostError('conflict', `This template cannot be split there: ${(err as Error).message}.`, {
            cause: err,
          });
        }
        const parts = new Map<string, PositionPart & { eventIds: string[] }>();
        placed.forEach((match, i) => {
          let part = parts.get(match.templateId);
          if (!part) {
            part = { key: match.templateId, template: match.template, eventIds: [] };
            parts.set(match.templateId, part);
          }
          part.eventIds.push(events[i]!.id);
        });
        // The value with the most events keeps the group; ties go to the value seen first.
        const ordered = [...parts.values()].sort((a, b) => b.eventIds.length - a.eventIds.length);
        const changed = store.groups.splitByParts(scope, groupId, templateId, ordered);
        miners.persist([scope.tenantId]);
        return changed;
      });
    } catch (err) {
      // The miner recorded the split in memory before the transaction failed: reload its saved state.
      miners.forget(scope.tenantId);
      throw err;
    }
    // New groups need a vector for similarity search; the group that stays keeps its own (the split
    // template's, a close neighbour of its value's).
    const fresh = groups.slice(1);
    if (fresh.length > 0) {
      const vectors = await embedder.embed(
        fresh.map((g) => g.template),
        scope.tenantId,
      );
      store.transaction(() => fresh.forEach((g, i) => store.groupVectors.upsert(site, g.id, vectors[i]!)));
      fresh.forEach((g, i) => search.added(site, g.id, vectors[i]!));
      search.commit();
    }
    return groups;
  };
}
