import { OutpostError, type groupsMethods } from '../../contract/index.js';
import type { Scope, Store } from '../../store/index.js';
import { scopeOf, type HandlerTable } from '../../core/slice-kit/index.js';
import type { PipelineHandlerDeps } from './handler-deps.js';

function groupOrThrow(store: Store, scope: Scope, id: string, now: number) {
  const group = store.groups.get(scope, id, now);
  if (!group) throw new OutpostError('not_found', `There is no group ${id}. Check the id with groups.list.`);
  return group;
}

export function groupsHandlers({ store, bus, pipeline, now }: PipelineHandlerDeps) {
  return {
    'groups.list': (input, ctx) => store.groups.list(scopeOf(ctx), { ...input, now: now() }),
    'groups.get': (input, ctx) => {
      const scope = scopeOf(ctx);
      const group = groupOrThrow(store, scope, input.id, now());
      const templates = store.templates.listForGroup(scope, group.id).map((t) => ({
        templateId: t.templateId,
        template: t.template,
        joinedBy: t.joinedBy,
        similarity: t.similarity,
        joinedAt: t.joinedAt,
        tokens: pipeline.pipeline.templateTokens(scope.tenantId, t.key) ?? null,
      }));
      return { ...group, templates };
    },
    'groups.similar': (input, ctx) => {
      const scope = scopeOf(ctx);
      const group = groupOrThrow(store, scope, input.id, now());
      const vector = store.groupVectors.get(scope, group.id);
      const minSimilarity = pipeline.pipeline.floors.similarGroups;
      // A group waiting for its embedding (just split, or the embedder changed) has no neighbours yet.
      if (!vector) return { items: [], minSimilarity };
      const near = pipeline.pipeline
        .nearestGroups({ tenantId: scope.tenantId, siteId: group.siteId }, vector, input.limit, [group.id])
        .filter((n) => n.similarity >= minSimilarity);
      const groups = new Map(
        store.groups
          .getMany(
            scope,
            near.map((n) => n.groupId),
            now(),
          )
          .map((g) => [g.id, g]),
      );
      return {
        items: near.flatMap((n) => {
          const found = groups.get(n.groupId);
          return found ? [{ group: found, similarity: n.similarity }] : [];
        }),
        minSimilarity,
      };
    },
    'groups.merge': (input, ctx) => {
      const scope = scopeOf(ctx);
      const merged = store.groups.merge(scope, input.targetId, input.sourceIds);
      pipeline.pipeline.groupsMerged({ tenantId: scope.tenantId, siteId: merged.siteId }, merged.id, input.sourceIds);
      bus.publish(scope.tenantId, 'groups.changed', { groupId: merged.id, action: 'merged' });
      return merged;
    },
    'groups.split': async (input, ctx) => {
      const scope = scopeOf(ctx);
      const created = store.groups.split(scope, input.groupId, input.templateId);
      await pipeline.pipeline.groupSplit(
        { tenantId: scope.tenantId, siteId: created.siteId },
        created.id,
        created.template,
      );
      bus.publish(scope.tenantId, 'groups.changed', { groupId: input.groupId, action: 'split' });
      bus.publish(scope.tenantId, 'groups.changed', { groupId: created.id, action: 'created' });
      return created;
    },
    'groups.splitByPosition': async (input, ctx) => {
      const scope = scopeOf(ctx);
      const items = await pipeline.pipeline.splitByPosition(scope, input.groupId, input.templateId, input.position);
      const [kept, ...created] = items;
      bus.publish(scope.tenantId, 'groups.changed', { groupId: kept!.id, action: 'split' });
      for (const group of created)
        bus.publish(scope.tenantId, 'groups.changed', { groupId: group.id, action: 'created' });
      return { items };
    },
    'groups.tag': (input, ctx) => {
      const scope = scopeOf(ctx);
      const group = store.groups.tag(scope, input.id, { add: input.add ?? [], remove: input.remove ?? [] });
      if (!group) throw new OutpostError('not_found', `There is no group ${input.id}. Check the id with groups.list.`);
      bus.publish(scope.tenantId, 'groups.changed', { groupId: group.id, action: 'updated' });
      return group;
    },
  } satisfies Pick<HandlerTable, keyof typeof groupsMethods>;
}
