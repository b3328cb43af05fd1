import { DEFAULT_REDACTION } from '../contract/index.js';
import type { Store } from '../store/index.js';
import type { RedactionChoice } from './stages/index.js';

/**
 * Where an incoming event goes and what it hides, read from the store once and kept until told of a
 * change: a source's redaction choice (until sources.update calls sourceChanged), and the devices
 * sent to a site of their own (devices.setSite; until deviceSitesChanged), per tenant.
 */
export interface SourceRouting {
  redactionOf(tenantId: string, sourceId: string): RedactionChoice;
  /** The site a device was sent to, or undefined: its source's site then. */
  siteOfDevice(tenantId: string, device: string | null): string | undefined;
  sourceChanged(sourceId: string): void;
  deviceSitesChanged(tenantId: string): void;
}

export function createSourceRouting(store: Pick<Store, 'sources' | 'deviceSites'>): SourceRouting {
  const redactions = new Map<string, RedactionChoice>();
  const deviceSites = new Map<string, Map<string, string>>();
  return {
    redactionOf(tenantId, sourceId) {
      let choice = redactions.get(sourceId);
      if (!choice) {
        choice = { ...DEFAULT_REDACTION, ...store.sources.get({ tenantId }, sourceId)?.redaction };
        redactions.set(sourceId, choice);
      }
      return choice;
    },
    siteOfDevice(tenantId, device) {
      if (device === null) return undefined;
      let map = deviceSites.get(tenantId);
      if (!map) {
        map = new Map(store.deviceSites.list({ tenantId }).map((row) => [row.device, row.siteId]));
        deviceSites.set(tenantId, map);
      }
      return map.get(device);
    },
    sourceChanged: (sourceId) => void redactions.delete(sourceId),
    deviceSitesChanged: (tenantId) => void deviceSites.delete(tenantId),
  };
}
