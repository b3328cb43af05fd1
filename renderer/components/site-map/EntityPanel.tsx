import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { Binding, EntityDetail, LegendEntry, Overlay } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { api } from '../../state/app-state.js';
import { SeverityBadge } from '../SeverityBadge.js';
import { Snapshot } from '../Snapshot.js';
import { ClipPlayer } from '../media/ClipPlayer.js';
import { SignedImage } from '../media/SignedImage.js';
import { formatDateTime, formatTime } from '../time-format.js';
import { bindingTarget } from './binding-target.js';
import { legendStyle } from './map-canvas-types.js';
import { KeyScope } from '../KeyScope.js';

interface EntityPanelProps {
  siteId: string;
  overlay: Overlay;
  /** The overlay's status as the map draws it. */
  status: string;
  /** What the source said, when the live status has it (the panel's own answer may be a moment older). */
  raw?: string | null;
  legend: readonly LegendEntry[];
  onClose(): void;
}

const TYPE_NAMES: Record<Binding['type'], string> = { device: 'Device', camera: 'Camera', zone: 'Zone', unit: 'Unit' };

type Loaded = { key: string } & ({ detail: EntityDetail; error: null } | { detail: null; error: string });

/**
 * Drill-down for one overlay: what it is bound to, its status, the entity's recent events, last
 * snapshot and open alerts (`sitemap.entity`). A panel beside the map rather than a modal dialog,
 * so the map stays usable; Escape and the Close button close it.
 */
export function EntityPanel({ siteId, overlay, status, raw, legend, onClose }: EntityPanelProps) {
  const titleId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const target = overlay.binding ? bindingTarget(overlay.binding) : null;
  const key = target ? `${siteId}\u0000${target.type}\u0000${target.id}` : '';
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    headingRef.current?.focus();
  }, [overlay.externalId]);

  useEffect(() => {
    if (!key) return;
    const [, type, id] = key.split('\u0000') as [string, Binding['type'], string];
    let current = true;
    api.call('sitemap.entity', { siteId, type, id }).then(
      (detail) => {
        if (current) setLoaded({ key, detail, error: null });
      },
      (err: unknown) => {
        if (current) setLoaded({ key, detail: null, error: describeError(err) });
      },
    );
    return () => {
      current = false;
    };
  }, [key, siteId, attempt]);

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  }

  const entry = legendStyle(legend, status);
  const result = loaded?.key === key ? loaded : null;
  const detail = result?.detail ?? null;
  const rawValue = detail?.status?.raw ?? raw ?? null;
  const eventsLink =
    target && (target.type === 'device' || target.type === 'camera')
      ? `/events?${new URLSearchParams({ device: target.id }).toString()}`
      : null;

  return (
    <section className="entity-panel" aria-labelledby={titleId}>
      <KeyScope onKeyDown={onKeyDown}>
        <div className="drawer-head">
          <h2 id={titleId} ref={headingRef} tabIndex={-1} className="drawer-title">
            {overlay.label}
          </h2>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Close
          </button>
        </div>

        <dl className="facts">
          <dt>Status</dt>
          <dd>
            <span className="entity-status">
              <span className="legend-swatch" style={{ background: entry?.color ?? '#9e9e9e' }} aria-hidden="true" />
              {entry?.label ?? status}
              {rawValue !== null && rawValue !== '' && (
                <span className="muted">
                  (source said <span className="mono">{rawValue}</span>)
                </span>
              )}
            </span>
          </dd>
          <dt>Bound to</dt>
          <dd>
            {target ? (
              <>
                {TYPE_NAMES[target.type]} <span className="mono">{target.id}</span>
              </>
            ) : (
              <span className="muted">Nothing: the overlay takes the status of its own id</span>
            )}
          </dd>
          <dt>Overlay id</dt>
          <dd className="mono">{overlay.externalId}</dd>
          {overlay.layer && (
            <>
              <dt>Layer</dt>
              <dd>{overlay.layer}</dd>
            </>
          )}
        </dl>

        {!target ? (
          <p className="muted">
            Bind this overlay to a device, camera, zone or unit in the editor to see its events, snapshots and alerts
            here.
          </p>
        ) : !result ? (
          <p role="status" className="muted">
            Loading {overlay.label}…
          </p>
        ) : result.error !== null ? (
          <div role="alert" className="message message-error">
            <p>The details could not be loaded: {result.error}</p>
            <button type="button" className="button button-secondary" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </div>
        ) : (
          <EntityDetailView detail={result.detail} label={overlay.label} eventsLink={eventsLink} />
        )}
      </KeyScope>
    </section>
  );
}

function EntityDetailView({
  detail,
  label,
  eventsLink,
}: {
  detail: EntityDetail;
  label: string;
  eventsLink: string | null;
}) {
  const lastClip = detail.recentEvents
    .flatMap((e) => e.media.filter((m) => m.kind === 'clip' && m.id).map((media) => ({ media, time: e.time })))
    .at(0);
  return (
    <>
      <h3>Open alerts</h3>
      {detail.openAlerts.length === 0 ? (
        <p className="muted">No open alerts.</p>
      ) : (
        <ul className="entity-list">
          {detail.openAlerts.map((alert) => (
            <li key={alert.id}>
              <SeverityBadge severity={alert.severity} /> {alert.title}{' '}
              <span className="muted">
                · {alert.state} since {formatDateTime(alert.openedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h3>Last snapshot</h3>
      {detail.lastSnapshot?.media.id ? (
        <SignedImage
          mediaId={detail.lastSnapshot.media.id}
          alt={`Last snapshot of ${label}, ${formatDateTime(detail.lastSnapshot.time)}`}
        />
      ) : detail.lastSnapshot ? (
        <Snapshot
          sha256={detail.lastSnapshot.media.sha256}
          alt={`Last snapshot of ${label}, ${formatDateTime(detail.lastSnapshot.time)}`}
        />
      ) : (
        <p className="muted">No snapshot yet.</p>
      )}
      {lastClip && (
        <>
          <h3>Last clip</h3>
          <ClipPlayer mediaId={lastClip.media.id!} label={`Last clip of ${label}, ${formatDateTime(lastClip.time)}`} />
        </>
      )}

      <h3>Recent events</h3>
      {detail.recentEvents.length === 0 ? (
        <p className="muted">No recent events.</p>
      ) : (
        <ul className="entity-list">
          {detail.recentEvents.map((event) => (
            <li key={event.id}>
              <time dateTime={new Date(event.time).toISOString()} title={formatDateTime(event.time)}>
                {formatTime(event.time)}
              </time>{' '}
              <SeverityBadge severity={event.severity} /> {event.message}
            </li>
          ))}
        </ul>
      )}
      {eventsLink && (
        <p>
          <Link to={eventsLink}>All events of this device</Link>
        </p>
      )}
    </>
  );
}
