import { createTemplateMiner } from '../../pipeline/index.js';
import type { SiteScope, Store } from '../../store/index.js';

/**
 * Tenant A's pipeline rows for the RBAC matrix, seeded through the store before the Core starts.
 * Mutations that cannot be repeated (resolve, split, merge, delete) get one target per caller, so
 * each caller's outcome depends only on its role.
 */
export interface PipelineFixtures {
  siteId: string;
  eventId: string;
  /** A snapshot of a second event (its row only; the file is not needed to read its details). */
  mediaId: string;
  mediaEventId: string;
  groupId: string;
  sourceId: string;
  ruleId: string;
  perCaller: Record<
    string,
    {
      alertToAck: string;
      alertToResolve: string;
      mergeTarget: string;
      mergeSource: string;
      splitGroup: string;
      splitTemplate: string;
      /** A group whose template the tenant's miner knows, with events of two values at `position`. */
      positionGroup: string;
      positionTemplate: string;
      position: number;
      sourceToDelete: string;
      ruleToDelete: string;
    }
  >;
}

export function seedPipeline(store: Store, tenantId: string, callers: readonly string[]): PipelineFixtures {
  const site = store.sites.ensureDefault({ tenantId });
  const scope = { tenantId, siteId: site.id };
  const source = store.sources.create(scope, { kind: 'webhook', name: 'Gate hook', config: {}, enabled: true });
  const door = store.groups.create(scope, { key: 'door', template: 'door <*> forced open' });
  const event = store.events.insertBatch(scope, [
    {
      sourceId: source.id,
      externalId: null,
      templateId: door.template.templateId,
      groupId: door.group.id,
      time: Date.now(),
      receivedAt: Date.now(),
      severity: 'warning',
      kind: 'device',
      device: 'gate',
      label: null,
      message: 'door 3 forced open',
      category: null,
      attributes: {},
      media: [],
    },
  ]);
  const rule = store.alertRules.create(scope, {
    name: 'New groups',
    type: 'new-group',
    severity: 'warning',
    enabled: true,
    siteId: null,
  });
  const perCaller: PipelineFixtures['perCaller'] = {};
  const miner = createTemplateMiner();
  CALLER_ORDER.splice(0, CALLER_ORDER.length, ...callers);
  for (const caller of callers) {
    const alert = (key: string) =>
      store.alerts.openOrTouch(scope, {
        ruleId: rule.id,
        dedupeKey: `${key}:${caller}`,
        title: `Alert for ${caller}`,
        detail: '',
        severity: 'warning',
      }).alert.id;
    const group = (key: string) =>
      store.groups.create(scope, { key: `${key}:${caller}`, template: `${key} ${caller} <*>` });
    const split = group('split');
    const joined = store.templates.add(scope, {
      key: `joined:${caller}`,
      template: `joined ${caller} <*>`,
      groupId: split.group.id,
      joinedBy: 'similarity',
      similarity: 0.9,
    });
    perCaller[caller] = {
      alertToAck: alert('ack'),
      alertToResolve: alert('resolve'),
      mergeTarget: group('target').group.id,
      mergeSource: group('source').group.id,
      splitGroup: split.group.id,
      splitTemplate: joined.templateId,
      ...minedGroup(store, scope, source.id, miner, caller),
      sourceToDelete: store.sources.create(scope, {
        kind: 'syslog',
        name: `Doomed ${caller}`,
        config: {},
        enabled: false,
      }).id,
      ruleToDelete: store.alertRules.create(scope, {
        name: `Doomed ${caller}`,
        type: 'severity',
        atLeast: 'error',
        severity: 'critical',
        enabled: true,
        siteId: null,
      }).id,
    };
  }
  store.minerState.set({ tenantId }, miner.exportState());
  const withMedia = store.events.insertBatch(scope, [
    {
      sourceId: source.id,
      externalId: null,
      templateId: door.template.templateId,
      groupId: door.group.id,
      time: Date.now(),
      receivedAt: Date.now(),
      severity: 'info',
      kind: 'detection',
      device: 'gate',
      label: 'person',
      message: 'door 4 forced open',
      category: null,
      attributes: {},
      media: [{ kind: 'snapshot', sha256: 'a'.repeat(64), contentType: 'image/png', size: 68 }],
    },
  ]);
  const mediaEventId = withMedia.ids[0] as string;
  return {
    siteId: site.id,
    eventId: event.ids[0] as string,
    mediaEventId,
    mediaId: store.media.forEvents(scope, [mediaEventId])[0]!.id,
    groupId: door.group.id,
    sourceId: source.id,
    ruleId: rule.id,
    perCaller,
  };
}

const CREW_WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
const CALLER_ORDER: string[] = [];

/** A group made the way the pipeline makes one: the miner's template, with two events of it. */
function minedGroup(
  store: Store,
  scope: SiteScope,
  sourceId: string,
  miner: ReturnType<typeof createTemplateMiner>,
  caller: string,
): { positionGroup: string; positionTemplate: string; position: number } {
  // A plain word per caller keeps each caller's template apart: the miner takes a long identifier-like
  // first word (`installationAdmin`) for a variable, which would fold two callers into one group.
  const word = CREW_WORDS[CALLER_ORDER.indexOf(caller) % CREW_WORDS.length] ?? 'spare';
  const messages = [`${word} valve 3 shut by rota`, `${word} valve 4 shut by rota`];
  const match = messages.map((m) => miner.add(m, scope.siteId)).at(-1)!;
  const mined = store.groups.create(scope, { key: match.templateId, template: match.template });
  store.events.insertBatch(
    scope,
    messages.map((message) => ({
      sourceId,
      externalId: null,
      templateId: mined.template.templateId,
      groupId: mined.group.id,
      time: Date.now(),
      receivedAt: Date.now(),
      severity: 'info' as const,
      kind: 'log' as const,
      device: null,
      label: null,
      message,
      category: null,
      attributes: {},
      media: [],
    })),
  );
  return { positionGroup: mined.group.id, positionTemplate: mined.template.templateId, position: 2 };
}
