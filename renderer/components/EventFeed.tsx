import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Event } from '../../main/contract/index.js';
import { useEventFeed } from '../state/app-state.js';
import { KeyScope } from './KeyScope.js';
import { SeverityBadge } from './SeverityBadge.js';
import { formatTime } from './time-format.js';
import { useNow } from './use-now.js';

const ROW_HEIGHT = 52;
/** Within this many pixels of the top counts as "at the top": new events may appear without moving anything read. */
const TOP_SLACK = 8;

interface EventFeedProps {
  onOpen: (event: Event) => void;
}

/** The live feed, virtualised: only the rows in view are in the DOM, however long the feed grows. */
export function EventFeed({ onOpen }: EventFeedProps) {
  const { items, pending, nextCursor, older, olderError, loadOlder, setAtTop, showPending } = useEventFeed();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the feed re-renders on scroll; nothing memoises it
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => items[index]!.id,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastIndex = virtualRows.at(-1)?.index ?? -1;
  // Roving focus: the list is one Tab stop, on the row last focused (by id, so new events arriving
  // above do not move it), or on the first row in view once that row has scrolled out.
  const [activeId, setActiveId] = useState<string | null>(null);
  const tabStopId = virtualRows.some((row) => row.key === activeId) ? activeId : (virtualRows[0]?.key ?? null);

  // Infinite scroll: the next page is fetched as the reader nears the end of what is loaded.
  useEffect(() => {
    if (nextCursor && older === 'idle' && lastIndex >= items.length - 5) void loadOlder();
  }, [lastIndex, items.length, nextCursor, older, loadOlder]);

  function focusRow(index: number) {
    const target = Math.max(0, Math.min(items.length - 1, index));
    virtualizer.scrollToIndex(target, { align: 'auto' });
    // The row may only exist after the virtualiser renders it.
    requestAnimationFrame(() =>
      scrollRef.current?.querySelector<HTMLButtonElement>(`[data-index="${target}"] button`)?.focus(),
    );
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: items.length - 1,
      PageDown: index + 10,
      PageUp: index - 10,
    };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]!);
    }
  }

  function showNew() {
    showPending();
    scrollRef.current?.scrollTo({ top: 0 });
    focusRow(0);
  }

  const now = useNow();
  return (
    <section aria-labelledby="feed-heading" className="feed-section">
      <div className="feed-bar">
        <h2 id="feed-heading">Live feed</h2>
        <p role="status" aria-live="polite" className="feed-live">
          {pending.length > 0 ? `${pending.length} new event${pending.length === 1 ? '' : 's'}` : ''}
        </p>
        {pending.length > 0 && (
          <button type="button" className="button" onClick={showNew}>
            Show {pending.length} new event{pending.length === 1 ? '' : 's'}
          </button>
        )}
      </div>
      <p className="muted feed-help" id="feed-help">
        Arrow keys move between events; Enter opens one.
      </p>
      <div ref={scrollRef} className="feed-scroll" onScroll={(e) => setAtTop(e.currentTarget.scrollTop <= TOP_SLACK)}>
        <KeyScope onKeyDown={onKeyDown}>
          <div
            role="list"
            aria-label="Events"
            aria-describedby="feed-help"
            className="feed-list"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {virtualRows.map((row) => {
              const event = items[row.index]!;
              return (
                <div
                  key={row.key}
                  role="listitem"
                  aria-setsize={nextCursor ? -1 : items.length}
                  aria-posinset={row.index + 1}
                  data-index={row.index}
                  className="feed-item"
                  style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                >
                  {/* Named by its visible text (WCAG 2.5.3); the spaces keep the words apart in that name
                      and take no room between flex items. */}
                  <button
                    type="button"
                    className="feed-row"
                    data-event-id={event.id}
                    tabIndex={row.key === tabStopId ? 0 : -1}
                    onFocus={() => setActiveId(event.id)}
                    onClick={() => onOpen(event)}
                  >
                    <SeverityBadge severity={event.severity} />{' '}
                    <time dateTime={new Date(event.time).toISOString()} className="feed-time">
                      {formatTime(event.time, now)}
                    </time>{' '}
                    <span className="feed-message">{event.message}</span>{' '}
                    <span className="feed-meta">
                      {event.device && <span>{event.device} </span>}
                      {event.label && <span>{event.label} </span>}
                      {event.acknowledgedAt !== null && <span className="feed-ack">Acknowledged</span>}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        </KeyScope>
      </div>
      <div className="feed-footer">
        {older === 'error' && (
          <div role="alert" className="message message-error">
            <p>{olderError}</p>
          </div>
        )}
        {nextCursor ? (
          <button
            type="button"
            className="button button-secondary"
            aria-disabled={older === 'loading'}
            onClick={() => void loadOlder()}
          >
            {older === 'loading' ? 'Loading older events…' : 'Load older'}
          </button>
        ) : (
          <p className="muted">
            {items.length} event{items.length === 1 ? '' : 's'}; no older events.
          </p>
        )}
      </div>
    </section>
  );
}
