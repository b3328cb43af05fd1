import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventRow, openPipelineStore } from './test-support/pipeline-test-fixtures.js';

describe('event media repository', () => {
  let ctx: Awaited<ReturnType<typeof openPipelineStore>>;
  beforeEach(async () => {
    ctx = await openPipelineStore();
  });
  afterEach(() => ctx?.close());

  it('finds a hash only through an event of the scope', () => {
    const { store, a, b } = ctx;
    const sourceId = store.sources.create(a, { kind: 'webhook', name: 'hook', config: {}, enabled: true }).id;
    const { group, template } = store.groups.create(a, { key: 'k', template: 'person at <*>', at: 1 });
    const snap = { kind: 'snapshot' as const, sha256: 'c'.repeat(64), contentType: 'image/png', size: 70 };
    store.events.insertBatch(a, [
      eventRow({ sourceId, groupId: group.id, templateId: template.templateId, media: [snap] }),
    ]);

    expect(store.eventMedia.find(a, snap.sha256)).toEqual({ kind: 'snapshot', contentType: 'image/png', size: 70 });
    expect(store.eventMedia.find({ tenantId: a.tenantId }, snap.sha256)).toBeDefined();
    expect(store.eventMedia.find(b, snap.sha256)).toBeUndefined();
    expect(store.eventMedia.find({ tenantId: a.tenantId, siteId: b.siteId }, snap.sha256)).toBeUndefined();
    expect(store.eventMedia.find(a, 'd'.repeat(64))).toBeUndefined();
  });
});
