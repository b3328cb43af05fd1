import { OutpostError, type DeviceInfo, type devicesMethods } from '../../contract/index.js';
import { scopeOf, type HandlerTable } from '../../core/slice-kit/index.js';
import type { PipelineHandlerDeps } from './handler-deps.js';

export function devicesHandlers({ store, pipeline }: PipelineHandlerDeps) {
  return {
    'devices.list': (_input, ctx) => {
      const scope = scopeOf(ctx);
      const byName = new Map<string, DeviceInfo>();
      const entry = (device: string): DeviceInfo => {
        let info = byName.get(device);
        if (!info) {
          info = { device, mappedSiteId: null, seenAt: [] };
          byName.set(device, info);
        }
        return info;
      };
      for (const row of store.devices.list(scope)) {
        entry(row.device).seenAt.push({ siteId: row.siteId, lastSeen: row.lastSeen, events: row.events });
      }
      for (const row of store.deviceSites.list(scope)) entry(row.device).mappedSiteId = row.siteId;
      const items = [...byName.values()].sort((a, b) => a.device.localeCompare(b.device));
      for (const item of items) item.seenAt.sort((a, b) => b.lastSeen - a.lastSeen);
      return { items };
    },
    'devices.setSite': (input, ctx) => {
      const scope = scopeOf(ctx);
      if (input.siteId === null) store.deviceSites.clear(scope, input.device);
      else {
        if (!store.sites.get(scope, input.siteId)) {
          throw new OutpostError('not_found', `There is no site ${input.siteId}. Pick one from sites.list.`, {
            issues: [{ path: 'siteId', message: 'is not a site of this organisation' }],
          });
        }
        store.deviceSites.set(scope, input.device, input.siteId);
      }
      pipeline.pipeline.deviceSitesChanged(scope.tenantId);
      return { ok: true as const };
    },
  } satisfies Pick<HandlerTable, keyof typeof devicesMethods>;
}
