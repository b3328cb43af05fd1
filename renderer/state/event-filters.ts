import type { EventKind, EventSeverity, InputOf } from '../../main/contract/index.js';
import { isEventSeverity } from '../components/severity.js';

export const EVENT_KINDS = ['log', 'detection', 'device', 'error'] as const satisfies readonly EventKind[];

export const TIME_RANGES = {
  '15m': { label: 'Last 15 minutes', ms: 15 * 60_000 },
  '1h': { label: 'Last hour', ms: 3_600_000 },
  '24h': { label: 'Last 24 hours', ms: 86_400_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 },
  all: { label: 'All time', ms: null },
} as const;
export type TimeRange = keyof typeof TIME_RANGES;

/** What the filter bar shows; every field is also a URL query parameter of the same name. */
export interface EventFilters {
  severity: EventSeverity | null;
  kind: EventKind | null;
  device: string;
  label: string;
  /** `yes`/`no`; null shows both. */
  acknowledged: boolean | null;
  range: TimeRange;
  /** Ids (URL `group`, `site`, `source`): one group's events, a site's, a source's. Empty: all. */
  group: string;
  site: string;
  source: string;
  /** The search box; non-empty switches the page from the feed to search results. */
  q: string;
}

export const DEFAULT_FILTERS: EventFilters = {
  severity: null,
  kind: null,
  device: '',
  label: '',
  acknowledged: null,
  range: 'all',
  group: '',
  site: '',
  source: '',
  q: '',
};

/** A ULID as the API writes ids; anything else in a shared link is ignored rather than sent. */
const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const idParam = (params: URLSearchParams, name: string) => {
  const value = params.get(name)?.trim() ?? '';
  return ID.test(value) ? value : '';
};

function isKind(value: string | null): value is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(value ?? '');
}

function isRange(value: string | null): value is TimeRange {
  return value !== null && Object.hasOwn(TIME_RANGES, value);
}

/** Unknown or malformed parameters fall back to "no filter": a stale shared link still opens. */
export function filtersFromSearch(params: URLSearchParams): EventFilters {
  const severity = params.get('severity');
  const kind = params.get('kind');
  const ack = params.get('acknowledged');
  const range = params.get('range');
  return {
    severity: isEventSeverity(severity) ? severity : null,
    kind: isKind(kind) ? kind : null,
    device: params.get('device')?.trim() ?? '',
    label: params.get('label')?.trim() ?? '',
    acknowledged: ack === 'yes' ? true : ack === 'no' ? false : null,
    range: isRange(range) ? range : DEFAULT_FILTERS.range,
    group: idParam(params, 'group'),
    site: idParam(params, 'site'),
    source: idParam(params, 'source'),
    q: params.get('q') ?? '',
  };
}

/** Only non-default values, in a fixed order, so equal filters give equal (shareable) URLs. */
export function filtersToSearch(filters: EventFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.severity) params.set('severity', filters.severity);
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.device.trim()) params.set('device', filters.device.trim());
  if (filters.label.trim()) params.set('label', filters.label.trim());
  if (filters.acknowledged !== null) params.set('acknowledged', filters.acknowledged ? 'yes' : 'no');
  if (filters.range !== DEFAULT_FILTERS.range) params.set('range', filters.range);
  if (filters.group) params.set('group', filters.group);
  if (filters.site) params.set('site', filters.site);
  if (filters.source) params.set('source', filters.source);
  if (filters.q.trim()) params.set('q', filters.q);
  return params;
}

export type EventQuery = Omit<InputOf<'events.list'>, 'cursor' | 'limit'>;

/** The `events.list` filter for these filters; `since` is computed from `now` for relative ranges. */
export function filtersToQuery(filters: EventFilters, now = Date.now()): EventQuery {
  const query: EventQuery = {};
  if (filters.severity) query.severity = filters.severity;
  if (filters.kind) query.kind = filters.kind;
  if (filters.device.trim()) query.device = filters.device.trim();
  if (filters.label.trim()) query.label = filters.label.trim();
  if (filters.acknowledged !== null) query.acknowledged = filters.acknowledged;
  if (filters.group) query.groupId = filters.group;
  if (filters.site) query.siteId = filters.site;
  if (filters.source) query.sourceId = filters.source;
  const span = TIME_RANGES[filters.range].ms;
  if (span !== null) query.since = now - span;
  return query;
}

/** The `search.query` input: search shares the time, site, device and label filters. */
export function filtersToSearchInput(filters: EventFilters, now = Date.now()): InputOf<'search.query'> {
  const { since, device, label, siteId } = filtersToQuery(filters, now);
  return {
    text: filters.q.trim(),
    limit: 50,
    ...(siteId !== undefined ? { siteId } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(device !== undefined ? { device } : {}),
    ...(label !== undefined ? { label } : {}),
  };
}

/** A stable key for "these filters" (without the search text), to know when the feed must reload. */
export function feedKey(filters: EventFilters): string {
  const { q: _q, ...rest } = filters;
  void _q;
  return JSON.stringify(rest);
}
