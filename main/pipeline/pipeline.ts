import { OutpostError, type FieldIssue } from '../contract/index.js';
import { relevanceFloors } from './relevance-floors.js';
import type { SiteScope } from '../store/index.js';
import { createAlertRaiser, type AlertSignal } from './alert-raiser.js';
import type { PipelineScope, RawEvent } from './event-types.js';
import { createGroupSearch } from './group-ann.js';
import { createGroupAssigner, type Assignment, type TemplateHit } from './group-assigner.js';
import { createGroupVectors, type Settled } from './group-vectors.js';
import { createMicroBatcher } from './micro-batcher.js';
import { createMinuteSpikes } from './minute-spikes.js';
import { createPipelineStages } from './pipeline-stages.js';
import { createPositionSplitter } from './position-splits.js';
import type { Pipeline, PipelineOptions } from './pipeline-types.js';
import { createSourceRouting } from './source-routing.js';
import { createTenantMiners } from './tenant-miners.js';
import { createOutboundGuard } from '../outbound/index.js';
import { createWebhookNotifier } from './webhook-notifier.js';
import type { PreparedEvent } from './pipeline-stages.js';

/**
 * One event through the batch: the object the stages made (normalised, redacted, classified) is the
 * row the store writes, its template and group filled in by the assigner. No stage copies it.
 */
type EventRecord = PreparedEvent & { sourceId: string; templateId: string; groupId: string };

interface Item {
  scope: SiteScope;
  event: EventRecord;
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
  const assigner = createGroupAssigner({ store, categorize: stages.categorize });
  const ownGuard = options.fetch ? undefined : createOutboundGuard();
  const notifier = createWebhookNotifier({
    webhooks: config.notify.webhooks,
    logger,
    fetch: options.fetch ?? ownGuard!.fetch,
  });
  const alerts = createAlertRaiser({ store, bus, notifier, logger, now });
  const vectors = createGroupVectors({
    store,
    embedder,
    search,
    similarityThreshold: () => config.grouping.similarityThreshold,
    categorize: stages.categorize,
    onSettled: (settled) => onSettled(settled),
    logger,
  });
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

  const floors = relevanceFloors(embedder, config.relevance ?? {});

  const routing = createSourceRouting(store);

  function processBatch(items: Item[]): Promise<string[]> {
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
    const learnt = hits.filter((h) => h.changed).map((h) => h.scope.tenantId);
    const perSite = bySite(items);

    let result;
    try {
      result = store.transaction(() => {
        const assignment = assigner.apply(hits, at);
        const ids: string[] = new Array<string>(items.length);
        const created: boolean[] = new Array<boolean>(items.length);
        const countedIn: string[] = new Array<string>(items.length);
        for (const indexes of perSite) {
          const rows = indexes.map((i) => {
            const { event } = items[i]!;
            event.templateId = assignment.templateIds[i]!;
            event.groupId = assignment.groupIds[i]!;
            return event;
          });
          const stored = store.events.insertBatch(items[indexes[0]!]!.scope, rows);
          indexes.forEach((i, j) => {
            ids[i] = stored.ids[j]!;
            created[i] = stored.created[j]!;
            countedIn[i] = stored.groupIds[j]!;
          });
        }
        miners.persist(learnt);
        return { assignment, ids, created, countedIn };
      });
    } catch (err) {
      // The miners learnt from lines that were not stored: they restore their saved state on next use.
      for (const tenantId of new Set(learnt)) miners.forget(tenantId);
      return Promise.reject(err);
    }
    afterCommit(items, perSite, result);
    vectors.want(
      result.assignment.created.map((g) => ({
        scope: g.scope,
        groupId: g.groupId,
        template: g.template,
        similarityPending: g.similarityPending,
        founder: g.founder,
        category: g.category,
      })),
    );
    return Promise.resolve(result.ids);
  }

  function afterCommit(
    items: Item[],
    perSite: number[][],
    result: { assignment: Assignment; ids: string[]; created: boolean[]; countedIn: string[] },
  ): void {
    try {
      for (const group of result.assignment.created) {
        bus.publish(group.scope.tenantId, 'groups.changed', { groupId: group.groupId, action: 'created' });
      }
      const founded = new Set(result.assignment.created.map((g) => g.groupId));
      const raised: { scope: SiteScope; signals: AlertSignal[] }[] = [];
      for (const indexes of perSite) {
        const scope = items[indexes[0]!]!.scope;
        const fresh = indexes.filter((i) => result.created[i]);
        if (fresh.length > 0)
          bus.publish(scope.tenantId, 'events.created', {
            ids: fresh.map((i) => result.ids[i]!),
            siteId: scope.siteId,
          });
        const touched = new Set(fresh.map((i) => result.countedIn[i]!));
        for (const groupId of touched) {
          if (!founded.has(groupId)) bus.publish(scope.tenantId, 'groups.changed', { groupId, action: 'updated' });
        }
        for (const i of fresh) spikes.count(scope, result.countedIn[i]!, items[i]!.event.time);
        // A group still waiting for its embedding is announced once it stays new (onSettled).
        const signals: AlertSignal[] = result.assignment.created
          .filter((g) => !g.similarityPending && g.scope.siteId === scope.siteId && g.scope.tenantId === scope.tenantId)
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
        raised.push({ scope, signals });
      }
      // Every site's alerts of the batch in one transaction.
      alerts.raiseMany(raised);
    } catch (err) {
      // The events are committed and their senders answered; a failed notification must not undo that.
      logger.error({ err: String(err) }, 'After-commit work (counts, alerts, live updates) failed for a batch');
    }
  }

  /** A pending group's embedding arrived: it joined a group like it, or it stays (and is new). */
  function onSettled(settled: Settled[]): void {
    for (const s of settled) {
      if (s.kind === 'joined') {
        spikes.merged(s.targetId, [s.groupId]);
        bus.publish(s.scope.tenantId, 'groups.changed', { groupId: s.groupId, action: 'merged' });
        bus.publish(s.scope.tenantId, 'groups.changed', { groupId: s.targetId, action: 'updated' });
        continue;
      }
      if (s.categorised) bus.publish(s.scope.tenantId, 'groups.changed', { groupId: s.groupId, action: 'updated' });
      if (s.isNew) alerts.raise(s.scope, [{ type: 'new-group', groupId: s.groupId, template: s.template, at: now() }]);
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

  /**
   * Groups without a vector get one in the background: after a new embedder, a split, a failed
   * embedding, or a crash before a new group's embedding arrived (it is still pending, and joins a
   * group like it then).
   */
  async function embedMissing(): Promise<void> {
    for (const tenant of store.tenants.list()) {
      let after = 0;
      for (;;) {
        if (closing) return;
        const missing = store.groupVectors.missing({ tenantId: tenant.id }, 64, after);
        if (missing.length === 0) break;
        vectors.want(
          missing.map((m) => ({
            scope: { tenantId: tenant.id, siteId: m.siteId },
            groupId: m.groupId,
            template: m.template,
            similarityPending: m.similarityPending,
            founder: null,
            category: null,
          })),
        );
        await vectors.idle();
        after = missing.at(-1)!.seq;
      }
    }
  }
  backfill.catch((err: unknown) => logger.warn({ err: String(err) }, 'Embedding groups without a vector failed'));

  return {
    embedder,
    floors,
    deviceSitesChanged: routing.deviceSitesChanged,
    sourceChanged: routing.sourceChanged,
    async ingest(scope: PipelineScope, sourceId: string, events: RawEvent[]) {
      if (closing) throw new OutpostError('unavailable', 'The pipeline is shutting down. Retry in a moment.');
      const at = now();
      const prepared: Item[] = [];
      const issues: FieldIssue[] = [];
      const redaction = routing.redactionOf(scope.tenantId, sourceId);
      events.forEach((raw, i) => {
        try {
          const event = stages.prepare(raw, at, redaction) as EventRecord;
          event.sourceId = sourceId;
          event.templateId = '';
          event.groupId = '';
          const mapped = routing.siteOfDevice(scope.tenantId, event.device);
          prepared.push({ scope: mapped ? { tenantId: scope.tenantId, siteId: mapped } : scope, event });
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
    async flush() {
      await batcher.flush();
      await vectors.idle();
    },
    close() {
      closing ??= (async () => {
        clearInterval(spikeTimer);
        clearInterval(deviceTimer);
        // Embeddings still queued or running are not waited for: their groups stay pending in the
        // database and are checked at the next start.
        vectors.close();
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

/** The batch's items per site, in order; one list when every item has the same scope (the common case). */
function bySite(items: readonly Item[]): number[][] {
  const first = items[0]?.scope;
  if (first && items.every((i) => i.scope.siteId === first.siteId && i.scope.tenantId === first.tenantId)) {
    return [items.map((_, i) => i)];
  }
  const out = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = `${item.scope.tenantId}\u0000${item.scope.siteId}`;
    const list = out.get(key);
    if (list) list.push(i);
    else out.set(key, [i]);
  });
  return [...out.values()];
}
