import { useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { Event, SearchMatch } from '../../main/contract/index.js';
import { Highlighted } from './Highlighted.js';
import { templateLine } from './template-parts.js';
import { useSearch } from '../state/app-state.js';
import { KeyScope } from './KeyScope.js';
import { LoadState } from './LoadState.js';
import { SeverityBadge } from './SeverityBadge.js';
import { formatAgo, formatTime } from './time-format.js';
import { useNow } from './use-now.js';

const MODE_TEXT = {
  hybrid: 'By words and by meaning.',
  keyword: 'By words only: search by meaning is not ready yet.',
} as const;

/** Why a result is here, in words (never the fusion score, which means nothing to a reader). */
function why(match: SearchMatch): string {
  const words = match.terms.length > 0 ? `Words: ${match.terms.join(', ')}` : '';
  if (words && match.semantic) return `${words} · similar meaning`;
  return words || 'Similar meaning';
}

/** Up, Down, Home, End: where each key moves in a list of `count` results. */
function moveTo(key: string, index: number, count: number): number | null {
  const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: count - 1 };
  return key in moves ? Math.max(0, Math.min(count - 1, moves[key]!)) : null;
}

export function SearchResults({ onOpen, onRetry }: { onOpen: (event: Event) => void; onRetry: () => void }) {
  const { status, items, mode, error, input } = useSearch();
  const now = useNow();
  const listRef = useRef<HTMLUListElement>(null);
  // Roving focus as in the feed: the results are one Tab stop; arrow keys move between them.
  const [active, setActive] = useState(0);
  const tabStop = Math.min(active, items.length - 1);
  const stop = (index: number) => ({ tabIndex: index === tabStop ? 0 : -1, onFocus: () => setActive(index) });

  function onKeyDown(e: KeyboardEvent<HTMLElement>) {
    const item = (e.target as HTMLElement).closest<HTMLElement>('[data-result-index]');
    if (!item) return;
    const next = moveTo(e.key, Number(item.dataset.resultIndex), items.length);
    if (next === null) return;
    e.preventDefault();
    listRef.current?.querySelector<HTMLElement>(`[data-result-index="${next}"] [tabindex]`)?.focus();
  }
  return (
    <section aria-labelledby="search-heading">
      <h2 id="search-heading">Search results{input ? ` for “${input.text}”` : ''}</h2>
      <LoadState
        status={status}
        error={error}
        loading="Searching…"
        isEmpty={items.length === 0}
        empty={
          <div className="empty-state" role="status">
            <p>
              <strong>No matches{input ? ` for “${input.text}”` : ''}.</strong>
            </p>
            <p>
              No event or group has these words, and none is close enough in meaning to count. Try other words, a device
              or camera name, or a wider time range.
            </p>
          </div>
        }
        onRetry={onRetry}
      >
        <p className="muted" data-testid="search-mode">
          {mode ? MODE_TEXT[mode] : ''} {items.length} result{items.length === 1 ? '' : 's'}.
        </p>
        <p className="muted feed-help" id="results-help">
          Arrow keys move between results; Enter opens one.
        </p>
        <KeyScope onKeyDown={onKeyDown}>
          <ul ref={listRef} className="results" aria-label="Search results" aria-describedby="results-help">
            {items.map((hit, index) =>
              hit.type === 'event' ? (
                <li key={`e-${hit.event.id}`} className="result" data-result-index={index}>
                  <span className="result-type">Event</span>
                  <button
                    type="button"
                    className="feed-row"
                    data-event-id={hit.event.id}
                    {...stop(index)}
                    onClick={() => onOpen(hit.event)}
                  >
                    {/* Named by its visible text, spaced (see EventFeed). */}
                    <SeverityBadge severity={hit.event.severity} />{' '}
                    <span className="feed-time">{formatTime(hit.event.time, now)}</span>{' '}
                    <span className="feed-message">
                      <Highlighted text={hit.event.message} terms={hit.match.terms} />
                    </span>
                  </button>
                  <span className="result-why">{why(hit.match)}</span>
                </li>
              ) : (
                <li key={`g-${hit.group.id}`} className="result" data-result-index={index}>
                  <span className="result-type">Group</span>
                  <span className="result-body">
                    <SeverityBadge severity={hit.group.severity} />{' '}
                    <Link to={`/dashboard/groups/${hit.group.id}`} className="mono" {...stop(index)}>
                      <Highlighted text={templateLine(hit.group.template)} terms={hit.match.terms} />
                    </Link>{' '}
                    <span className="muted">
                      {hit.group.count} events, last {formatAgo(hit.group.lastSeen, now)}
                    </span>
                  </span>
                  <span className="result-why">{why(hit.match)}</span>
                </li>
              ),
            )}
          </ul>
        </KeyScope>
      </LoadState>
    </section>
  );
}
