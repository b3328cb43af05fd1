import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FILTERS,
  feedKey,
  filtersFromSearch,
  filtersToQuery,
  filtersToSearch,
  filtersToSearchInput,
  type EventFilters,
} from './event-filters.js';

describe('event filters ⇄ URL', () => {
  it('round-trips every filter through the query string', () => {
    const filters: EventFilters = {
      severity: 'warning',
      kind: 'detection',
      device: 'cam-3',
      label: 'person',
      acknowledged: false,
      range: '24h',
      group: '01JA0000000000000000000001',
      site: '01JA0000000000000000000002',
      source: '01JA0000000000000000000003',
      q: 'disk full',
    };
    const search = filtersToSearch(filters);
    expect(search.toString()).toBe(
      'severity=warning&kind=detection&device=cam-3&label=person&acknowledged=no&range=24h' +
        '&group=01JA0000000000000000000001&site=01JA0000000000000000000002&source=01JA0000000000000000000003&q=disk+full',
    );
    expect(filtersFromSearch(new URLSearchParams(search.toString()))).toEqual(filters);
  });

  it('leaves defaults out of the URL', () => {
    expect(filtersToSearch(DEFAULT_FILTERS).toString()).toBe('');
    expect(filtersFromSearch(new URLSearchParams(''))).toEqual(DEFAULT_FILTERS);
  });

  it('ignores unknown or malformed values instead of failing', () => {
    const filters = filtersFromSearch(
      new URLSearchParams('severity=loud&kind=x&acknowledged=maybe&range=1y&group=nope&site=%27%3B&source='),
    );
    expect(filters).toEqual(DEFAULT_FILTERS);
  });

  it('reads acknowledged=yes as true', () => {
    expect(filtersFromSearch(new URLSearchParams('acknowledged=yes')).acknowledged).toBe(true);
  });
});

describe('filters → API input', () => {
  const now = 1_000_000_000;

  it('maps to events.list with a since computed from the range', () => {
    expect(
      filtersToQuery(
        { ...DEFAULT_FILTERS, severity: 'error', device: ' cam-1 ', acknowledged: true, range: '15m' },
        now,
      ),
    ).toEqual({ severity: 'error', device: 'cam-1', acknowledged: true, since: now - 15 * 60_000 });
  });

  it('narrows to one group, site and source by id', () => {
    const ids = {
      group: '01JA0000000000000000000001',
      site: '01JA0000000000000000000002',
      source: '01JA0000000000000000000003',
    };
    expect(filtersToQuery({ ...DEFAULT_FILTERS, ...ids }, now)).toEqual({
      groupId: ids.group,
      siteId: ids.site,
      sourceId: ids.source,
    });
    // Search knows sites; groups and sources narrow the feed only.
    expect(filtersToSearchInput({ ...DEFAULT_FILTERS, ...ids, q: 'x' }, now)).toEqual({
      text: 'x',
      limit: 50,
      siteId: ids.site,
    });
  });

  it('sends no filter at all for the defaults', () => {
    expect(filtersToQuery(DEFAULT_FILTERS, now)).toEqual({});
  });

  it('maps to search.query with the shared filters only', () => {
    expect(
      filtersToSearchInput({ ...DEFAULT_FILTERS, q: ' timeout ', severity: 'error', label: 'db', range: '1h' }, now),
    ).toEqual({ text: 'timeout', limit: 50, since: now - 3_600_000, label: 'db' });
  });

  it('keys the feed by its filters but not by the search text', () => {
    expect(feedKey({ ...DEFAULT_FILTERS, q: 'a' })).toBe(feedKey(DEFAULT_FILTERS));
    expect(feedKey({ ...DEFAULT_FILTERS, kind: 'log' })).not.toBe(feedKey(DEFAULT_FILTERS));
  });
});
