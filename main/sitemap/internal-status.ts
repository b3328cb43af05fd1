import type { Alert } from '../contract/index.js';
import type { AlertsRepository, DevicesRepository, SiteScope } from '../store/index.js';
import type { RawStatusItem } from './map-status-items.js';
import { listUnresolvedAlerts } from './unresolved-alerts.js';

export interface InternalStatusStore {
  devices: Pick<DevicesRepository, 'list'>;
  alerts: Pick<AlertsRepository, 'list'>;
}

/**
 * The internal integration: one item per device of the site, from the pipeline's own data.
 *
 * - `alarm`: an unresolved (open or acknowledged) critical alert names the device;
 * - `offline`: not heard from for `offlineAfterMinutes`;
 * - `warning`: an unresolved info or warning alert names it;
 * - `ok`: otherwise.
 *
 * Offline ranks above warning: a device that went silent usually also has a "device silent" warning,
 * and "offline" is the more useful thing to show for it. A device with alerts but never heard from
 * still appears (from its alerts). Zones and units have no internal status: the pipeline knows no
 * health for them, so their overlays show `unknown` unless bound to a device. Raw values are already
 * normalised words; the site's mapping still applies, so users may remap them.
 */
export function readInternalStatuses(
  store: InternalStatusStore,
  scope: SiteScope,
  offlineAfterMinutes: number,
  now: number,
): RawStatusItem[] {
  const worst = new Map<string, Alert['severity']>();
  for (const alert of listUnresolvedAlerts(store.alerts, scope)) {
    if (alert.device === null) continue;
    const before = worst.get(alert.device);
    if (before !== 'critical') worst.set(alert.device, alert.severity === 'critical' ? 'critical' : 'warning');
  }
  const offlineBefore = now - offlineAfterMinutes * 60_000;
  const items = new Map<string, RawStatusItem>();
  for (const device of store.devices.list(scope)) {
    if (device.siteId !== scope.siteId) continue;
    const alert = worst.get(device.device);
    const raw = alert === 'critical' ? 'alarm' : device.lastSeen < offlineBefore ? 'offline' : alert ? 'warning' : 'ok';
    items.set(device.device, { id: device.device, raw });
  }
  for (const [device, severity] of worst) {
    if (!items.has(device)) items.set(device, { id: device, raw: severity === 'critical' ? 'alarm' : 'warning' });
  }
  return [...items.values()];
}
