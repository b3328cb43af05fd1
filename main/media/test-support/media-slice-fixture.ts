import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type ConfigInput } from '../../core/index.js';
import { openStore, type MediaRow, type SiteScope, type Store } from '../../store/index.js';
import { createMediaSlice, type MediaSlice, type MediaSliceDeps } from '../index.js';
import { createOutboundGuard } from '../../outbound/index.js';

export interface SliceFixture {
  dataDir: string;
  store: Store;
  slice: MediaSlice;
  scope: SiteScope;
  clock: { now: number };
  /** Stores bytes as a snapshot of a new event (not checked by ffprobe: retention tests need many, fast). */
  addSnapshot(options: {
    bytes: number;
    ageDays?: number;
    device?: string;
    label?: string;
    seed?: number;
  }): Promise<MediaRow>;
  close(): Promise<void>;
}

export async function startSliceFixture(
  extra: Partial<MediaSliceDeps> = {},
  config: ConfigInput | Record<string, unknown> = {},
): Promise<SliceFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-slice-'));
  const clock = { now: Date.UTC(2026, 5, 1) };
  const store = await openStore({ dataDir, migrate: 'auto' });
  const tenant = store.tenants.ensureDefault();
  const site = store.sites.ensureDefault({ tenantId: tenant.id });
  const scope = { tenantId: tenant.id, siteId: site.id };
  const source = store.sources.create(scope, { kind: 'webhook', name: 'cams', config: {}, enabled: true });
  const group = store.groups.create(scope, { key: 'k', template: 'snapshot' });
  // Archive peers and Frigate stubs of the tests listen on loopback: the guard lets exactly that through.
  const outbound = createOutboundGuard({ allow: ['127.0.0.0/8'] });
  const slice = createMediaSlice({
    config: loadConfig({ env: {}, overrides: { dataDir, ...config } as ConfigInput }),
    store,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    now: () => clock.now,
    background: false,
    fetch: outbound.fetch,
    s3Transport: outbound.nodeAgents,
    ...extra,
  });
  let n = 0;
  return {
    dataDir,
    store,
    slice,
    scope,
    clock,
    async addSnapshot({ bytes, ageDays = 0, device = 'gate', label = 'person', seed }) {
      const data = Buffer.alloc(bytes, (seed ?? ++n) & 0xff);
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(data);
      data.writeUInt32BE(seed ?? n, 8);
      const ref = await slice.blobs.put(data, 'image/jpeg', 'snapshot');
      const time = clock.now - ageDays * 86_400_000;
      const { ids } = store.events.insertBatch(scope, [
        {
          sourceId: source.id,
          externalId: null,
          templateId: group.template.templateId,
          groupId: group.group.id,
          time,
          receivedAt: time,
          severity: 'info',
          kind: 'detection',
          device,
          label,
          message: 'snapshot',
          category: null,
          attributes: {},
          media: [ref],
        },
      ]);
      return store.media.forEvents(scope, ids)[0]!;
    },
    async close() {
      await slice.close();
      await outbound.close();
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
