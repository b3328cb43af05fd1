import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { Event } from '../../main/contract/index.js';
import { can } from '../api/access.js';
import { describeError } from '../api/api-error.js';
import { useEventFeed, useSession } from '../state/app-state.js';
import { KeyScope } from './KeyScope.js';
import { EventMedia } from './media/EventMedia.js';
import { SeverityBadge } from './SeverityBadge.js';
import { formatDateTime } from './time-format.js';

interface EventDrawerProps {
  event: Event;
  onClose: () => void;
  /** After acknowledging, so a copy shown elsewhere (search results) can update too. */
  onChange: (event: Event) => void;
}

function attributeText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const FOCUSABLE = 'a[href], button:not([disabled]), input, select, textarea, [tabindex]:not([tabindex="-1"])';

/**
 * One event in full. A modal dialog: focus moves into it, Tab stays inside, Escape closes it;
 * the page returns focus to the row that opened it.
 */
export function EventDrawer({ event, onClose, onChange }: EventDrawerProps) {
  const role = useSession((s) => s.user?.role);
  const acknowledge = useEventFeed((s) => s.acknowledge);
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dialogRef.current?.querySelector<HTMLElement>('.drawer-close')?.focus();
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !dialogRef.current) return;
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first?.focus();
    }
  }

  async function onAcknowledge() {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await acknowledge([event.id]);
      const fresh = useEventFeed.getState().items.find((e) => e.id === event.id);
      onChange(fresh ?? { ...event, acknowledgedAt: Date.now(), acknowledgedBy: 'you' });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setPending(false);
    }
  }

  const attributes = Object.entries(event.attributes);
  return (
    // A click beside the drawer closes it too (a mouse convenience: Escape and Close do it from the keyboard).
    <div className="drawer-backdrop" role="presentation" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby={titleId} className="drawer">
        <KeyScope onKeyDown={onKeyDown}>
          <div className="drawer-head">
            <h2 id={titleId} className="drawer-title">
              {event.message}
            </h2>
            <button type="button" className="button button-secondary drawer-close" onClick={onClose}>
              Close
            </button>
          </div>

          <EventMedia event={event} />

          <dl className="facts">
            <dt>Severity</dt>
            <dd>
              <SeverityBadge severity={event.severity} />
            </dd>
            <dt>Time</dt>
            <dd>{formatDateTime(event.time)}</dd>
            <dt>Received</dt>
            <dd>{formatDateTime(event.receivedAt)}</dd>
            <dt>Kind</dt>
            <dd>{event.kind}</dd>
            <dt>Device</dt>
            <dd>{event.device ?? <span className="muted">None</span>}</dd>
            <dt>Label</dt>
            <dd>{event.label ?? <span className="muted">None</span>}</dd>
            <dt>Category</dt>
            <dd>{event.category ?? <span className="muted">None</span>}</dd>
            <dt>Group</dt>
            <dd>
              <Link to={`/dashboard/groups/${event.groupId}`}>Open the group</Link>
            </dd>
            <dt>Source</dt>
            <dd className="mono">{event.sourceId}</dd>
            {event.externalId && (
              <>
                <dt>External id</dt>
                <dd className="mono">{event.externalId}</dd>
              </>
            )}
            <dt>Event id</dt>
            <dd className="mono">{event.id}</dd>
            <dt>Acknowledged</dt>
            <dd>
              {event.acknowledgedAt === null
                ? 'Not yet'
                : `${formatDateTime(event.acknowledgedAt)}${event.acknowledgedBy ? ` by ${event.acknowledgedBy}` : ''}`}
            </dd>
          </dl>

          <h3>Attributes</h3>
          {attributes.length === 0 ? (
            <p className="muted">No attributes.</p>
          ) : (
            <dl className="facts attributes">
              {attributes.map(([key, value]) => (
                <div key={key} className="fact">
                  <dt className="mono">{key}</dt>
                  <dd className="mono">{attributeText(value)}</dd>
                </div>
              ))}
            </dl>
          )}

          {error && (
            <div role="alert" className="message message-error">
              <p>{error}</p>
            </div>
          )}
          {can(role, 'events.acknowledge') && event.acknowledgedAt === null && (
            <div className="form-actions">
              <button type="button" className="button" aria-disabled={pending} onClick={() => void onAcknowledge()}>
                {pending ? 'Acknowledging…' : 'Acknowledge'}
              </button>
            </div>
          )}
        </KeyScope>
      </div>
    </div>
  );
}
