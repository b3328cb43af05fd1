import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { describeError } from '../api/api-error.js';
import type { Event } from '../../main/contract/index.js';
import { EventDrawer } from '../components/EventDrawer.js';
import { EventFeed } from '../components/EventFeed.js';
import { EventFiltersBar } from '../components/EventFilters.js';
import { LoadState } from '../components/LoadState.js';
import { PageTitle } from '../components/PageTitle.js';
import { SearchResults } from '../components/SearchResults.js';
import { api, useEventFeed, useSearch } from '../state/app-state.js';
import {
  feedKey,
  filtersFromSearch,
  filtersToQuery,
  filtersToSearch,
  filtersToSearchInput,
  type EventFilters,
} from '../state/event-filters.js';

export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const key = feedKey(filters);
  const { status, error, items, load, watch } = useEventFeed();
  const search = useSearch((s) => s.search);
  // The open event is in the URL (`?event=`), so it has an address of its own: shared, bookmarked, reloaded.
  const openId = params.get('event');
  const [fetched, setFetched] = useState<Event | null>(null);
  const [openError, setOpenError] = useState<{ id: string; text: string } | null>(null);
  const fromFeed = useEventFeed((s) => (openId ? s.items.find((e) => e.id === openId) : undefined));
  const open = openId ? (fetched?.id === openId ? fetched : (fromFeed ?? null)) : null;
  const missing = openId !== null && open === null;
  const [searchText, setSearchText] = useState(filters.q);
  const [seenQ, setSeenQ] = useState(filters.q);
  const openerRef = useRef<string | null>(null);
  if (seenQ !== filters.q) {
    setSeenQ(filters.q);
    setSearchText(filters.q);
  }

  const reloadFeed = () => void load(filtersToQuery(filters));
  const runSearch = () => void search(filtersToSearchInput(filters));

  // The feed reloads when its filters change (not when only the search text does).
  useEffect(() => {
    void useEventFeed.getState().load(filtersToQuery(JSON.parse(key) as EventFilters));
  }, [key]);
  useEffect(() => watch(), [watch]);
  useEffect(() => {
    if (filters.q.trim()) void useSearch.getState().search(filtersToSearchInput(filters));
    else useSearch.getState().reset();
    // Searches again when the text or the shared filters change.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `filters` is derived from these two
  }, [filters.q, key]);

  function update(next: EventFilters) {
    const search = filtersToSearch(next);
    if (openId) search.set('event', openId);
    setParams(search, { replace: true });
  }

  // A link to an event not in the loaded feed: ask for it.
  useEffect(() => {
    if (!openId || !missing) return;
    let current = true;
    api
      .call('events.get', { id: openId })
      .then((event) => current && setFetched(event))
      .catch((err: unknown) => current && setOpenError({ id: openId, text: describeError(err) }));
    return () => {
      current = false;
    };
  }, [openId, missing]);

  function setOpenParam(id: string | null) {
    const search = new URLSearchParams(params);
    if (id) search.set('event', id);
    else search.delete('event');
    setParams(search, { replace: id === null });
  }

  function onSearch(e: FormEvent) {
    e.preventDefault();
    update({ ...filters, q: searchText.trim() });
  }

  function openEvent(event: Event) {
    openerRef.current = event.id;
    setFetched(event);
    setOpenParam(event.id);
  }

  function closeDrawer() {
    setOpenParam(null);
    const id = openerRef.current;
    // Back to the row that opened the drawer, so keyboard users keep their place.
    requestAnimationFrame(() => {
      const row = id ? document.querySelector<HTMLElement>(`[data-event-id="${CSS.escape(id)}"]`) : null;
      row?.focus();
    });
  }

  const searching = filters.q.trim() !== '';
  return (
    <>
      <PageTitle>Events</PageTitle>
      <form role="search" className="search" onSubmit={onSearch}>
        <label htmlFor="event-search">Search events and groups</label>
        <div className="search-row">
          <input
            id="event-search"
            type="search"
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            placeholder="e.g. disk full, camera offline"
            autoComplete="off"
          />
          <button type="submit" className="button">
            Search
          </button>
          {searching && (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setSearchText('');
                update({ ...filters, q: '' });
              }}
            >
              Back to the live feed
            </button>
          )}
        </div>
      </form>
      <EventFiltersBar filters={filters} onChange={update} />

      {searching ? (
        <SearchResults onOpen={openEvent} onRetry={runSearch} />
      ) : (
        <LoadState
          status={status}
          error={error}
          loading="Loading events…"
          isEmpty={items.length === 0}
          empty={
            <p>
              No events match these filters yet. New events appear here as they arrive; sources are set up in Settings →
              Sources.
            </p>
          }
          onRetry={reloadFeed}
        >
          <EventFeed onOpen={openEvent} />
        </LoadState>
      )}

      {openError && openError.id === openId && (
        <div role="alert" className="message message-error">
          <p>The linked event could not be shown: {openError.text}</p>
          <button type="button" className="button button-secondary" onClick={() => setOpenParam(null)}>
            Dismiss
          </button>
        </div>
      )}
      {open && <EventDrawer key={open.id} event={open} onClose={closeDrawer} onChange={setFetched} />}
    </>
  );
}
