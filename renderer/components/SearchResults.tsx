import { Link } from 'react-router';
import type { Event } from '../../main/contract/index.js';
import { useSearch } from '../state/app-state.js';
import { LoadState } from './LoadState.js';
import { SeverityBadge } from './SeverityBadge.js';
import { formatAgo, formatTime } from './time-format.js';
import { useNow } from './use-now.js';

const MODE_TEXT = {
  hybrid: 'Matched by words and by meaning (hybrid search).',
  keyword: 'Matched by words only: semantic search is not ready yet (keyword mode).',
} as const;

export function SearchResults({ onOpen, onRetry }: { onOpen: (event: Event) => void; onRetry: () => void }) {
  const { status, items, mode, error, input } = useSearch();
  const now = useNow();
  return (
    <section aria-labelledby="search-heading">
      <h2 id="search-heading">Search results{input ? ` for “${input.text}”` : ''}</h2>
      <LoadState
        status={status}
        error={error}
        loading="Searching…"
        isEmpty={items.length === 0}
        empty={<p>Nothing matches. Try other words or a wider time range.</p>}
        onRetry={onRetry}
      >
        <p className="muted" data-testid="search-mode">
          {mode ? MODE_TEXT[mode] : ''} {items.length} result{items.length === 1 ? '' : 's'}.
        </p>
        <ul className="results" aria-label="Search results">
          {items.map((hit) =>
            hit.type === 'event' ? (
              <li key={`e-${hit.event.id}`} className="result">
                <span className="result-type">Event</span>
                <button
                  type="button"
                  className="feed-row"
                  data-event-id={hit.event.id}
                  onClick={() => onOpen(hit.event)}
                >
                  {/* Named by its visible text, spaced (see EventFeed). */}
                  <SeverityBadge severity={hit.event.severity} />{' '}
                  <span className="feed-time">{formatTime(hit.event.time, now)}</span>{' '}
                  <span className="feed-message">{hit.event.message}</span>
                </button>
                <span className="result-score">Score {hit.score.toFixed(3)}</span>
              </li>
            ) : (
              <li key={`g-${hit.group.id}`} className="result">
                <span className="result-type">Group</span>
                <span className="result-body">
                  <SeverityBadge severity={hit.group.severity} />{' '}
                  <Link to={`/dashboard/groups/${hit.group.id}`} className="mono">
                    {hit.group.template}
                  </Link>{' '}
                  <span className="muted">
                    {hit.group.count} events, last {formatAgo(hit.group.lastSeen, now)}
                  </span>
                </span>
                <span className="result-score">Score {hit.score.toFixed(3)}</span>
              </li>
            ),
          )}
        </ul>
      </LoadState>
    </section>
  );
}
