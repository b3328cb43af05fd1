import { useEffect, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { AlertState } from '../../main/contract/index.js';
import { can } from '../api/access.js';
import { describeError } from '../api/api-error.js';
import { useAlerts, useSession } from '../state/app-state.js';
import { LoadState } from './LoadState.js';
import { ResolveAlertForm } from './ResolveAlertForm.js';
import { SeverityBadge } from './SeverityBadge.js';
import { formatDateTime } from './time-format.js';

const TABS: { state: AlertState; label: string }[] = [
  { state: 'open', label: 'Open' },
  { state: 'acknowledged', label: 'Acknowledged' },
  { state: 'resolved', label: 'Resolved' },
];

/** Alerts by state (of one site when `siteId` is given); operators and above acknowledge and resolve them here. */
export function AlertsSection({ siteId = null }: { siteId?: string | null }) {
  const role = useSession((s) => s.user?.role);
  const { tab, status, items, error, load, acknowledge, resolve, watch } = useAlerts();
  const [resolving, setResolving] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const mayAct = can(role, 'alerts.acknowledge');

  useEffect(() => {
    void useAlerts.getState().showSite(siteId);
    return watch();
  }, [watch, siteId]);

  async function run(action: () => Promise<void>) {
    setActionError(null);
    try {
      await action();
    } catch (err) {
      setActionError(describeError(err));
    }
  }

  function onTabKey(e: KeyboardEvent, index: number) {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length]!;
    void load(target.state);
    document.getElementById(`alerts-tab-${target.state}`)?.focus();
  }

  return (
    <section aria-labelledby="alerts-heading" className="panel">
      <h2 id="alerts-heading">Alerts</h2>
      <div role="tablist" aria-label="Alert state" className="tabs">
        {TABS.map(({ state, label }, index) => (
          <button
            key={state}
            id={`alerts-tab-${state}`}
            type="button"
            role="tab"
            aria-selected={tab === state}
            aria-controls="alerts-panel"
            tabIndex={tab === state ? 0 : -1}
            className="tab"
            onClick={() => void load(state)}
            onKeyDown={(e) => onTabKey(e, index)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="alerts-panel" aria-labelledby={`alerts-tab-${tab}`} tabIndex={0}>
        {actionError && (
          <div role="alert" className="message message-error">
            <p>{actionError}</p>
          </div>
        )}
        <LoadState
          status={status}
          error={error}
          loading="Loading alerts…"
          isEmpty={items.length === 0}
          empty={<p>No {tab} alerts.</p>}
          onRetry={() => void load()}
        >
          <ul className="alert-list" aria-label={`${TABS.find((t) => t.state === tab)?.label} alerts`}>
            {items.map((alert) => (
              <li key={alert.id} className="alert-item">
                <div className="alert-main">
                  <h3 className="alert-title" id={`alert-${alert.id}`}>
                    <SeverityBadge severity={alert.severity} /> {alert.title}
                  </h3>
                  {alert.detail && <p className="alert-detail">{alert.detail}</p>}
                  <p className="muted alert-facts">
                    {alert.occurrences} occurrence{alert.occurrences === 1 ? '' : 's'} · opened{' '}
                    {formatDateTime(alert.openedAt)} · last seen {formatDateTime(alert.lastSeenAt)}
                    {alert.device && ` · device ${alert.device}`}
                    {alert.acknowledgedAt !== null &&
                      ` · acknowledged ${formatDateTime(alert.acknowledgedAt)}${alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}` : ''}`}
                    {alert.resolvedAt !== null &&
                      ` · resolved ${formatDateTime(alert.resolvedAt)}${alert.resolvedBy ? ` by ${alert.resolvedBy}` : ''}`}
                  </p>
                  {alert.note && <p className="alert-note">Note: {alert.note}</p>}
                  {alert.groupId && <Link to={`/dashboard/groups/${alert.groupId}`}>Open the group</Link>}
                </div>
                {mayAct && alert.state !== 'resolved' && resolving !== alert.id && (
                  <div className="alert-actions">
                    {alert.state === 'open' && (
                      <button
                        type="button"
                        className="button button-secondary"
                        aria-describedby={`alert-${alert.id}`}
                        onClick={() => void run(() => acknowledge(alert.id))}
                      >
                        Acknowledge
                      </button>
                    )}
                    <button
                      type="button"
                      className="button button-secondary"
                      aria-describedby={`alert-${alert.id}`}
                      onClick={() => setResolving(alert.id)}
                    >
                      Resolve
                    </button>
                  </div>
                )}
                {resolving === alert.id && (
                  <ResolveAlertForm
                    title={alert.title}
                    onCancel={() => setResolving(null)}
                    onResolve={(note) =>
                      run(async () => {
                        await resolve(alert.id, note);
                        setResolving(null);
                      })
                    }
                  />
                )}
              </li>
            ))}
          </ul>
        </LoadState>
      </div>
    </section>
  );
}
