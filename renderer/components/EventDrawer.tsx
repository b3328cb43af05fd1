import { useLayoutEffect, useRef, useState } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Link } from 'react-router';
import type { Event } from '../../main/contract/index.js';
import { can } from '../api/access.js';
import { describeError } from '../api/api-error.js';
import { useEventFeed, useSession } from '../state/app-state.js';
import { EventMedia } from './media/EventMedia.js';
import { describeRedactions } from './redaction-names.js';
import { SeverityBadge } from './SeverityBadge.js';
import { formatDateTime } from './time-format.js';
import { useEntityNames } from './use-entity-names.js';

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

/**
 * One event in full: a modal drawer on React Aria's ModalOverlay, which traps focus, closes on
 * Escape and on a click beside it, hides the page behind from screen readers and returns focus to
 * the opener. Acknowledging removes its own button, so focus is put on the outcome line first:
 * focus never falls back to the page behind.
 */
export function EventDrawer({ event, onClose, onChange }: EventDrawerProps) {
  const role = useSession((s) => s.user?.role);
  const acknowledge = useEventFeed((s) => s.acknowledge);
  const names = useEntityNames();
  const outcomeRef = useRef<HTMLParagraphElement>(null);
  const acknowledgedHere = useRef(false);
  // In the commit that removes the focused Acknowledge button (from the answer or from the live feed,
  // whichever comes first): a frame later, the modal's focus scope may have moved focus elsewhere.
  useLayoutEffect(() => {
    if (!acknowledgedHere.current || event.acknowledgedAt === null) return;
    acknowledgedHere.current = false;
    outcomeRef.current?.focus();
  }, [event.acknowledgedAt]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onAcknowledge() {
    if (pending) return;
    setPending(true);
    setError(null);
    // Set before the call: the live feed may show the acknowledgement before the call answers.
    acknowledgedHere.current = true;
    try {
      await acknowledge([event.id]);
      const fresh = useEventFeed.getState().items.find((e) => e.id === event.id);
      onChange(fresh ?? { ...event, acknowledgedAt: Date.now(), acknowledgedBy: 'you' });
    } catch (err) {
      acknowledgedHere.current = false;
      setError(describeError(err));
    } finally {
      setPending(false);
    }
  }

  const attributes = Object.entries(event.attributes);
  const redactions = event.redactions && Object.keys(event.redactions).length > 0 ? event.redactions : null;
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(open) => !open && onClose()} className="drawer-backdrop">
      <Modal className="drawer">
        <Dialog className="drawer-dialog">
          <div className="drawer-head">
            <Heading slot="title" className="drawer-title">
              {event.message}
            </Heading>
            {/* The dialog's first stop, as the drawer has always opened: React Aria focuses it on open. */}
            {/* eslint-disable-next-line jsx-a11y/no-autofocus -- React Aria reads autoFocus to pick the first focus in the dialog */}
            <button type="button" className="button button-secondary drawer-close" onClick={onClose} autoFocus>
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
            <dt>Site</dt>
            <dd>{names.site(event.siteId)}</dd>
            <dt>Source</dt>
            <dd>{names.source(event.sourceId)}</dd>
            <dt>Device</dt>
            <dd>{event.device ?? <span className="muted">None</span>}</dd>
            <dt>Label</dt>
            <dd>{event.label ?? <span className="muted">None</span>}</dd>
            <dt>Category</dt>
            <dd>{event.category ?? <span className="muted">None</span>}</dd>
            <dt>Group</dt>
            <dd>
              <Link to={`/dashboard/groups/${event.groupId}`}>Open the group</Link> ·{' '}
              <Link to={`/events?group=${encodeURIComponent(event.groupId)}`} onClick={onClose}>
                Its events
              </Link>
            </dd>
            <dt>Redacted</dt>
            <dd>
              {redactions ? (
                describeRedactions(redactions)
              ) : (
                <span className="muted">Nothing (this source&apos;s redaction found nothing to hide)</span>
              )}
            </dd>
            {event.externalId && (
              <>
                <dt>External id</dt>
                <dd className="mono">{event.externalId}</dd>
              </>
            )}
            <dt>Link</dt>
            <dd>
              <Link to={`/events?event=${encodeURIComponent(event.id)}`}>Link to this event</Link>
            </dd>
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
          {event.acknowledgedAt !== null && (
            <p ref={outcomeRef} tabIndex={-1} role="status" className="message message-success">
              Acknowledged{event.acknowledgedBy ? ` by ${event.acknowledgedBy}` : ''}.
            </p>
          )}
          {can(role, 'events.acknowledge') && event.acknowledgedAt === null && (
            <div className="form-actions">
              <button type="button" className="button" aria-disabled={pending} onClick={() => void onAcknowledge()}>
                {pending ? 'Acknowledging…' : 'Acknowledge'}
              </button>
            </div>
          )}
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
