import type { Event } from '../../main/contract/index.js';
import { EVENT_SEVERITIES } from '../components/severity.js';
import type { EventQuery } from './event-filters.js';

/** The feed's order: newest first, ULID as the tie-break so equal times keep a stable order. */
export function newestFirst(a: Event, b: Event): number {
  return b.time - a.time || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Live events into the feed: new ids are placed by time (usually at the top), ids already shown
 * are updated in place (a Frigate detection updates one event), duplicates within `incoming`
 * count once with the last copy winning.
 */
export function mergeEvents(items: readonly Event[], incoming: readonly Event[]): Event[] {
  if (incoming.length === 0) return items as Event[];
  const byId = new Map<string, Event>();
  for (const event of incoming) byId.set(event.id, event);
  const updated = items.map((event) => {
    const fresh = byId.get(event.id);
    if (!fresh) return event;
    byId.delete(event.id);
    return fresh;
  });
  if (byId.size === 0) return updated;
  return [...byId.values(), ...updated].sort(newestFirst);
}

/** An older page below the feed; events that moved up meanwhile are not shown twice. */
export function appendOlder(items: readonly Event[], older: readonly Event[]): Event[] {
  const seen = new Set(items.map((e) => e.id));
  return [...items, ...older.filter((e) => !seen.has(e.id) && seen.add(e.id))];
}

/** Whether a live event belongs in a feed filtered by `query` (the server filters pages; this filters pushes). */
export function matchesQuery(event: Event, query: EventQuery): boolean {
  if (query.severity && EVENT_SEVERITIES.indexOf(event.severity) < EVENT_SEVERITIES.indexOf(query.severity)) {
    return false;
  }
  if (query.kind && event.kind !== query.kind) return false;
  if (query.device && event.device !== query.device) return false;
  if (query.label && event.label !== query.label) return false;
  if (query.groupId && event.groupId !== query.groupId) return false;
  if (query.siteId && event.siteId !== query.siteId) return false;
  if (query.acknowledged !== undefined && (event.acknowledgedAt !== null) !== query.acknowledged) return false;
  if (query.since !== undefined && event.time < query.since) return false;
  if (query.until !== undefined && event.time > query.until) return false;
  return true;
}
