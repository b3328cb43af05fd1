import { useEffect, useState } from 'react';
import type { StorageUsageInfo } from '../components/media/storage-usage.js';
import { can } from '../api/access.js';
import { describeError } from '../api/api-error.js';
import { ArchiveSettings } from '../components/media/ArchiveSettings.js';
import { formatBytes } from '../components/media/format-bytes.js';
import { RetentionRulesEditor } from '../components/media/RetentionRulesEditor.js';
import { UsageChart } from '../components/media/UsageChart.js';
import { SettingsHeader } from '../components/SettingsHeader.js';
import { SitePicker } from '../components/site-map/SitePicker.js';
import { api, useSession, useSites } from '../state/app-state.js';
import { OutcomeMessage } from '../components/media/OutcomeMessage.js';

/** Settings → Storage: disk use by site and camera, retention rules, the archive and reconciliation. */
export function StorageSettingsPage() {
  const role = useSession((s) => s.user?.role);
  const { status, sites, load } = useSites();
  const [picked, setSiteId] = useState<string | null>(null);
  const siteId = picked ?? sites[0]?.id ?? null;
  const [usage, setUsage] = useState<StorageUsageInfo | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    api.call('media.usage', {}).then(setUsage, (err: unknown) => setMessage({ error: true, text: describeError(err) }));
  }, []);

  async function reconcile(confirm: boolean): Promise<void> {
    try {
      const report = await api.call('media.reconcile', { confirm });
      setMessage({ error: report.needsConfirmation, text: report.message });
    } catch (err) {
      setMessage({ error: true, text: describeError(err) });
    }
  }

  const site = usage?.sites.find((s) => s.siteId === siteId);
  const nameOf = (id: string) => sites.find((s) => s.id === id)?.name ?? id;
  return (
    <>
      <SettingsHeader title="Storage" />
      {status === 'ready' && sites.length === 0 && (
        <p className="message">
          No sites yet: retention rules and the archive are set per site. Add one in Settings → Sites.
        </p>
      )}
      {sites.length > 0 && <SitePicker sites={sites} value={siteId ?? ''} onChange={setSiteId} />}
      <div className="storage-grid">
        <section className="panel" aria-labelledby="usage-heading">
          <h2 id="usage-heading">Disk use</h2>
          {usage === null ? (
            <p role="status" className="muted">
              Loading disk use…
            </p>
          ) : (
            <>
              <p>
                {formatBytes(usage.disk.freeBytes)} free of {formatBytes(usage.disk.totalBytes)}; retention keeps at
                least {formatBytes(usage.disk.floorBytes)} free.
              </p>
              {usage.disk.refusing && (
                <p role="alert" className="message message-error">
                  The disk is at its floor and only kept media are left: new snapshots and clips are refused. Free
                  space, archive and free kept media, or release keeps.
                </p>
              )}
              {usage.sites.length === 0 && <p className="muted">No snapshots or clips are stored yet.</p>}
              <table className="table" hidden={usage.sites.length === 0}>
                <caption className="visually-hidden">Media stored per site</caption>
                <thead>
                  <tr>
                    <th scope="col">Site</th>
                    <th scope="col">Files</th>
                    <th scope="col">Size</th>
                  </tr>
                </thead>
                <tbody>
                  {usage.sites.map((s) => (
                    <tr key={s.siteId}>
                      <td>{nameOf(s.siteId)}</td>
                      <td>{s.files}</td>
                      <td>{formatBytes(s.bytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {site && site.cameras.length > 0 && (
                <>
                  <UsageChart
                    title={`${nameOf(site.siteId)}: MB per camera`}
                    bars={site.cameras.map((c) => ({ label: c.device ?? '(none)', bytes: c.bytes }))}
                  />
                  <table className="table">
                    <caption>Per camera on {nameOf(site.siteId)}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Camera or device</th>
                        <th scope="col">Files</th>
                        <th scope="col">Size</th>
                      </tr>
                    </thead>
                    <tbody>
                      {site.cameras.map((c) => (
                        <tr key={c.device ?? ''}>
                          <td>{c.device ?? '(none)'}</td>
                          <td>{c.files}</td>
                          <td>{formatBytes(c.bytes)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </>
          )}
          {can(role, 'media.reconcile') && (
            <div className="form-actions">
              <button type="button" className="button button-secondary" onClick={() => void reconcile(false)}>
                Check disk against records
              </button>
              {message?.error && message.text.includes('more than half') && (
                <button type="button" className="button" onClick={() => void reconcile(true)}>
                  Go ahead anyway
                </button>
              )}
            </div>
          )}
          <OutcomeMessage outcome={message} />
        </section>
        {siteId && <RetentionRulesEditor siteId={siteId} />}
        {siteId && <ArchiveSettings siteId={siteId} />}
      </div>
    </>
  );
}
