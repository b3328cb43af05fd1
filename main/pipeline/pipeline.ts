import { OutpostError, type FieldIssue } from '../contract/index.js';
import type { SiteScope } from '../store/index.js';
import { createAlertRaiser, type AlertSignal } from './alert-raiser.js';
import type { PipelineScope, RawEvent } from './event-types.js';
import { createGroupSearch } from './group-ann.js';
import { createGroupAssigner, type TemplateHit } from './group-assigner.js';
import { createMicroBatcher } from './micro-batcher.js';
import { createMinuteSpikes } from './minute-spikes.js';
import { createPipelineStages } from './pipeline-stages.js';
import { createPositionSplitter } from './position-splits.js';
import type { Pipeline, PipelineOptions } from './pipeline-types.js';
import { createTenantMiners } from './tenant-miners.js';
import { createOutboundGuard } from '../outbound/index.js';
import { createWebhookNotifier } from './webhook-notifier.js';
import type { PreparedEvent } from './pipeline-stages.js';

interface Item {
  scope: SiteScope;
  sourceId: string;
  event: PreparedEvent;
}

/**
 * The event pipeline: normalize → redact → fingerprint → group → classify → store (one
 * transaction per micro-batch; callers are answered after the commit) → counts → spikes → alerts →
 * notifications.
 */
export async function createPipeline(options: PipelineOptions): Promise<Pipeline> {
  const { store, embedder, bus, logger, config } = options;
  const now = options.now ?? Date.now;
  const space = store.groupVectors.ensureSpace({
    dimension: embedder.dimensions,
    model: embedder.kind === 'onnx' ? `onnx:${embedder.modelDir ?? ''}` : `hashed-ngram:${embedder.dimensions}`,
  });

  const stages = await createPipelineStages(config, embedder);
  const miners = createTenantMiners(store, logger);
  const search = createGroupSearch({
    store,
    dimensions: embedder.dimensions,
    annThreshold: config.annThreshold,
    dir: options.annDir,
    logger,
  });
  const assigner = createGroupAssigner({
    store,
    embedder,
    search,
    similarityThreshold: () => config.grouping.similarityThreshold,
    categorize: stages.categorize,
    logger,
  });
  const ownGuard = options.fetch ? undefined : createOutboundGuard();
  const notifier = createWebhookNotifier({
    webhooks: config.notify.webhooks,
    logger,
    fetch: options.fetch ?? ownGuard!.fetch,
  });
  const alerts = createAlertRaiser({ store, bus, notifier, logger, now });
  const spikes = createMinuteSpikes({
    detector: stages.spikeDetector,
    now,
    onSpike: (spike) => {
      bus.publish(spike.scope.tenantId, 'groups.spike', {
        groupId: spike.groupId,
        siteId: spike.scope.siteId,
        count: spike.count,
        expected: spike.expected,
        score: spike.score,
        at: spike.minute * 60_000,
      });
      alerts.raise(spike.scope, [
        {
          type: 'spike',
          groupId: spike.groupId,
          // Spikes are rare; the alert names what spiked, so read the group's template then.
          template: store.groups.get(spike.scope, spike.groupId)?.template ?? spike.groupId,
          count: spike.count,
          expected: spike.expected,
          score: spike.score,
          at: now(),
        },
      ]);
    },
  });

  /** Spike baselines from the last hours of stored minute counts (of some groups, or all of the tenant's). */
  function seedSpikes(tenantId: string, only?: ReadonlySet<string>): void {
    const since = Math.floor(now() / 60_000) - 180;
    const byGroup = new Map<string, { minute: number; count: number }[]>();
    for (const row of store.counts.since({ tenantId }, since)) {
      if (only && !only.has(row.groupId)) continue;
      const list = byGroup.get(row.groupId);
      if (list) list.push(row);
      else byGroup.set(row.groupId, [row]);
    }
    for (const group of store.groups.getMany({ tenantId }, [...byGroup.keys()])) {
      spikes.seed({ tenantId, siteId: group.siteId }, group.id, byGroup.get(group.id)!);
    }
  }
  // Spike baselines survive a restart: the last hours of stored minute counts rebuild them.
  for (const tenant of store.tenants.list()) seedSpikes(tenant.id);

  async function processBatch(items: Item[]): Promise<string[]> {
    const at = now();
    const hits: TemplateHit[] = items.map(({ scope, event }) => {
      const match = miners.get(scope.tenantId).add(event.message, scope.siteId);
      return {
        scope,
        key: match.templateId,
        template: match.template,
        changed: match.changed || match.isNew,
        event,
        splitOf: match.splitOf,
      };
    });
    const prepared = await assigner.prepare(hits);
    const learnt = hits.filter((h) => h.changed).map((h) => h.scope.tenantId);

    let result;
    try {
      result = store.transaction(() => {
        const assignment = assigner.apply(hits, prepared, at);
        const ids: string[] = new Array<string>(items.length);
        const created: boolean[] = new Array<boolean>(items.length);
        const countedIn: string[] = new Array<string>(items.length);
        for (const [site, indexes] of bySite(items)) {
          const rows = indexes.map((i) => {
            const { event, sourceId } = items[i]!;
            return {
              ...event,
              sourceId,
              templateId: assignment.templateIds[i]!,
              groupId: assignment.groupIds[i]!,
              category: event.category,
            };
          });
          const stored = store.events.insertBatch(items[indexes[0]!]!.scope, rows);
          indexes.forEach((i, j) => {
            ids[i] = stored.ids[j]!;
            created[i] = stored.created[j]!;
            countedIn[i] = stored.groupIds[j]!;
          });
          void site;
        }
        miners.persist(learnt);
        return { assignment, ids, created, countedIn };
      });
      search.commit();
    } catch (err) {
      search.undo();
      throw err;
    }
    afterCommit(items, result);
    return result.ids;
  }

  function afterCommit(
    items: Item[],
    result: { assignment: ReturnType<typeof assigner.apply>; ids: string[]; created: boolean[]; countedIn: string[] },
  ): void {
    try {
      const perSite = bySite(items);
      for (const group of result.assignment.created) {
        bus.publish(group.scope.tenantId, 'groups.changed', { groupId: group.groupId, action: 'created' });
      }
      for (const indexes of perSite.values()) {
        const scope = items[indexes[0]!]!.scope;
        const fresh = indexes.filter((i) => result.created[i]);
        if (fresh.length > 0)
          bus.publish(scope.tenantId, 'events.created', {
            ids: fresh.map((i) => result.ids[i]!),
            siteId: scope.siteId,
          });
        const touched = new Set(fresh.map((i) => result.countedIn[i]!));
        const founded = new Set(result.assignment.created.map((g) => g.groupId));
        for (const groupId of touched) {
          if (!founded.has(groupId)) bus.publish(scope.tenantId, 'groups.changed', { groupId, action: 'updated' });
        }
        for (const i of fresh) spikes.count(scope, result.countedIn[i]!, items[i]!.event.time);
        const signals: AlertSignal[] = result.assignment.created
          .filter((g) => g.scope.siteId === scope.siteId && g.scope.tenantId === scope.tenantId)
          .map((g) => ({ type: 'new-group', groupId: g.groupId, template: g.template, at: now() }));
        for (const i of fresh) {
          const { event } = items[i]!;
          signals.push({
            type: 'event',
            eventId: result.ids[i]!,
            groupId: result.countedIn[i]!,
            severity: event.severity,
            device: event.device,
            message: event.message,
            at: event.time,
          });
        }
        alerts.raise(scope, signals);
      }
    } catch (err) {
      // The events are committed and their senders answered; a failed notification must not undo that.
      logger.error({ err: String(err) }, 'After-commit work (counts, alerts, live updates) failed for a batch');
    }
  }

  const batcher = createMicroBatcher<Item, string>({
    maxItems: config.batch.maxEvents,
    maxWaitMs: config.batch.maxWaitMs,
    process: processBatch,
  });

  const spikeTimer = setInterval(() => {
    try {
      spikes.tick();
    } catch (err) {
      logger.error({ err: String(err) }, 'Spike check failed');
    }
  }, 1000);
  spikeTimer.unref();
  const deviceTimer = setInterval(() => {
    try {
      alerts.checkDevices();
    } catch (err) {
      logger.error({ err: String(err) }, 'Device-silent check failed');
    }
  }, config.deviceCheckSeconds * 1000);
  deviceTimer.unref();

  let closing: Promise<void> | undefined;
  const backfill = space.rebuild || store.tenants.list().length > 0 ? embedMissing() : Promise.resolve();

  /** Groups without a vector (a new embedder, a split, a failed embedding) get one in the background. */
  async function embedMissing(): Promise<void> {
    for (const tenant of store.tenants.list()) {
      for (;;) {
        if (closing) return;
        const missing = store.groupVectors.missing({ tenantId: tenant.id }, 64);
        if (missing.length === 0) break;
        const vectors = await embedder.embed(
          missing.map((m) => m.template),
          tenant.id,
        );
        store.transaction(() =>
          missing.forEach((m, i) =>
            store.groupVectors.upsert({ tenantId: tenant.id, siteId: m.siteId }, m.groupId, vectors[i]!),
          ),
        );
        missing.forEach((m, i) => search.added({ tenantId: tenant.id, siteId: m.siteId }, m.groupId, vectors[i]!));
        search.commit();
      }
    }
  }
  backfill.catch((err: unknown) => logger.warn({ err: String(err) }, 'Embedding groups without a vector failed'));

  return {
    embedder,
    async ingest(scope: PipelineScope, sourceId: string, events: RawEvent[]) {
      if (closing) throw new OutpostError('unavailable', 'The pipeline is shutting down. Retry in a moment.');
      const at = now();
      const prepared: Item[] = [];
      const issues: FieldIssue[] = [];
      events.forEach((raw, i) => {
        try {
          prepared.push({ scope, sourceId, event: stages.prepare(raw, at) });
        } catch (err) {
          if (!(err instanceof OutpostError) || err.code !== 'invalid_input') throw err;
          const prefix = events.length > 1 ? `${i}.` : '';
          for (const issue of err.issues ?? [{ path: '', message: err.message }]) {
            issues.push({ path: `${prefix}${issue.path}`.replace(/\.$/, ''), message: issue.message });
          }
        }
      });
      if (issues.length > 0) {
        const list = issues.map((i) => `${i.path || '(event)'}: ${i.message}`).join('; ');
        throw new OutpostError('invalid_input', `Invalid event: ${list}`, { issues });
      }
      const ids = await batcher.submit(prepared);
      return { ids, textReplaced: prepared.filter((item) => item.event.textReplaced > 0).length };
    },
    nearestGroups: (scope, vector, k, exclude) => search.nearest(scope, vector, k, exclude),
    async embedText(text, tenantId) {
      const [vector] = await embedder.embed([text], tenantId);
      return vector!;
    },
    siteRemoved(scope, groupIds) {
      search.removed(scope, groupIds);
      spikes.forget(groupIds);
      alerts.rulesChanged(scope.tenantId);
    },
    reseedSpikes(scope, groupIds) {
      spikes.forget(groupIds);
      seedSpikes(scope.tenantId, new Set(groupIds));
    },
    groupsMerged(scope, targetId, sourceIds) {
      search.removed(scope, sourceIds);
      spikes.merged(targetId, sourceIds);
    },
    splitByPosition: createPositionSplitter({ store, miners, embedder, search }),
    templateTokens: (tenantId, key) => miners.get(tenantId).templateTokens(key),
    async groupSplit(scope, groupId, template) {
      const [vector] = await embedder.embed([template], scope.tenantId);
      store.groupVectors.upsert(scope, groupId, vector!);
      search.added(scope, groupId, vector!);
      search.commit();
    },
    raiseAlert: (scope, candidate) => alerts.raiseExternal(scope, candidate),
    resolveAlert: (scope, dedupeKey, note) => alerts.resolveExternal(scope, dedupeKey, note),
    rulesChanged: (tenantId) => alerts.rulesChanged(tenantId),
    checkSpikes: () => void spikes.tick(),
    checkDevices: () => alerts.checkDevices(),
    flush: () => batcher.flush(),
    close() {
      closing ??= (async () => {
        clearInterval(spikeTimer);
        clearInterval(deviceTimer);
        await batcher.close();
        await backfill.catch(() => undefined);
        await notifier.close();
        await ownGuard?.close();
        search.close();
      })();
      return closing;
    },
  };
}

function bySite(items: readonly Item[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = `${item.scope.tenantId}\u0000${item.scope.siteId}`;
    const list = out.get(key);
    if (list) list.push(i);
    else out.set(key, [i]);
  });
  return out;
}
