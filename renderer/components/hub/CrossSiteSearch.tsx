import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { OutputOf } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { ActionFeedback } from '../ActionFeedback.js';
import { api } from '../../state/app-state.js';
import { SeverityBadge } from '../SeverityBadge.js';
import { TextField } from '../TextField.js';
import { formatTime } from '../time-format.js';

type Hit = OutputOf<'hub.search'>['items'][number];

/** Words searched across every site of the tenant; each result opens the event on the Events page. */
export function CrossSiteSearch({ now }: { now: number }) {
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hits, setHits] = useState<{ text: string; items: Hit[] } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!text.trim()) {
      setFieldError('Words to find are required');
      return;
    }
    setFieldError(null);
    setBusy(true);
    try {
      const { items } = await api.call('hub.search', { text: text.trim(), limit: 50 });
      setHits({ text: text.trim(), items });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="hub-search-heading">
      <h2 id="hub-search-heading">Search every site</h2>
      <form role="search" aria-label="Search every site" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-actions hub-search-row">
          <TextField
            label="Words to find"
            type="search"
            value={text}
            error={fieldError}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="button" disabled={busy}>
            Search
          </button>
        </div>
      </form>
      <ActionFeedback
        error={error}
        message={
          hits &&
          (hits.items.length === 0
            ? `Nothing matches “${hits.text}” at any site.`
            : `${hits.items.length}${hits.items.length === 50 ? ' or more' : ''} event${hits.items.length === 1 ? '' : 's'} match “${hits.text}”, newest first.`)
        }
      />
      {hits && hits.items.length > 0 && (
        <ul className="hub-results">
          {hits.items.map(({ siteId, siteName, event }) => (
            <li key={`${siteId}-${event.id}`}>
              <SeverityBadge severity={event.severity} />{' '}
              <Link to={`/events?site=${siteId}&event=${event.id}`}>{event.message}</Link>
              <span className="muted">
                {' '}
                · {siteName} · {formatTime(event.time, now)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
