import { useEffect, useState } from 'react';
import type { DeviceInfo } from '../../main/contract/index.js';
import { can } from '../api/access.js';
import { describeError } from '../api/api-error.js';
import { api, useSession, useSites } from '../state/app-state.js';
import { LoadState } from './LoadState.js';
import { formatDateTime } from './time-format.js';
import { useEntityNames } from './use-entity-names.js';

/**
 * Devices and cameras that sent events, and the site each one's events go to. A source serving
 * several sites (a shared MQTT broker, one webhook for a whole estate) names the device; sending
 * the device to its site puts its events on that site's map, wall board and alerts.
 */
export function DevicesSection() {
  const role = useSession((s) => s.user?.role);
  const sites = useSites((s) => s.sites);
  const names = useEntityNames();
  const [items, setItems] = useState<DeviceInfo[]>([]);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const mayEdit = can(role, 'devices.setSite');

  function load(): Promise<void> {
    return api.call('devices.list', {}).then(
      ({ items: devices }) => {
        setItems(devices);
        setStatus('ready');
      },
      (err: unknown) => {
        setError(describeError(err));
        setStatus('error');
      },
    );
  }
  useEffect(() => {
    void api.call('devices.list', {}).then(
      ({ items: devices }) => {
        setItems(devices);
        setStatus('ready');
      },
      (err: unknown) => {
        setError(describeError(err));
        setStatus('error');
      },
    );
  }, []);

  async function setSite(device: string, siteId: string) {
    setSaved(null);
    try {
      await api.call('devices.setSite', { device, siteId: siteId || null });
      setSaved(
        siteId
          ? `New events of ${device} go to ${names.site(siteId)}.`
          : `New events of ${device} go to the site of the source that reports it.`,
      );
      await load();
    } catch (err) {
      setSaved(describeError(err));
    }
  }

  return (
    <section aria-labelledby="devices-heading" className="panel">
      <h2 id="devices-heading">Devices</h2>
      <p className="muted">
        A device or camera&apos;s events go to its source&apos;s site, unless it is sent to a site here. Events already
        stored stay where they are.
      </p>
      <p role="status" className="muted">
        {saved}
      </p>
      <LoadState
        status={status}
        error={error}
        loading="Loading devices…"
        isEmpty={items.length === 0}
        empty={<p>No device has sent an event yet.</p>}
        onRetry={() => void load()}
      >
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Devices</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Last seen</th>
                <th scope="col">Its events go to</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const last = item.seenAt[0];
                return (
                  <tr key={item.device}>
                    <td className="mono">{item.device}</td>
                    <td>
                      {last ? (
                        `${formatDateTime(last.lastSeen)} on ${names.site(last.siteId)}`
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      {mayEdit ? (
                        <select
                          aria-label={`Site for ${item.device}`}
                          value={item.mappedSiteId ?? ''}
                          onChange={(e) => void setSite(item.device, e.target.value)}
                        >
                          <option value="">Its source&apos;s site</option>
                          {sites.map((site) => (
                            <option key={site.id} value={site.id}>
                              {site.name}
                            </option>
                          ))}
                        </select>
                      ) : item.mappedSiteId ? (
                        names.site(item.mappedSiteId)
                      ) : (
                        "Its source's site"
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </LoadState>
    </section>
  );
}
