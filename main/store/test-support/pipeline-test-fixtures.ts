import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type EventInsert, type SiteScope, type Store } from '../index.js';

/** A store in a temp folder with two tenants, each with one site; `close` removes everything. */
export async function openPipelineStore(): Promise<{
  store: Store;
  a: SiteScope;
  b: SiteScope;
  close(): void;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'outpost-pipeline-'));
  const store = await openStore({ dataDir });
  const tenantA = store.tenants.create({ slug: 'acme', name: 'Acme' }).id;
  const tenantB = store.tenants.create({ slug: 'globex', name: 'Globex' }).id;
  const a = { tenantId: tenantA, siteId: store.sites.ensureDefault({ tenantId: tenantA }).id };
  const b = { tenantId: tenantB, siteId: store.sites.ensureDefault({ tenantId: tenantB }).id };
  return {
    store,
    a,
    b,
    close() {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function eventRow(
  fields: Partial<EventInsert> & Pick<EventInsert, 'sourceId' | 'groupId' | 'templateId'>,
): EventInsert {
  return {
    externalId: null,
    time: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    severity: 'info',
    kind: 'log',
    device: null,
    label: null,
    message: 'disk full on /var',
    category: null,
    attributes: {},
    media: [],
    ...fields,
  };
}
