import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useSites, useSources } from '../state/app-state.js';
import type { EventKind, EventSeverity } from '../../main/contract/index.js';
import {
  DEFAULT_FILTERS,
  EVENT_KINDS,
  TIME_RANGES,
  type EventFilters,
  type TimeRange,
} from '../state/event-filters.js';
import { EVENT_SEVERITIES, severityLabel } from './severity.js';

interface EventFiltersProps {
  filters: EventFilters;
  onChange: (filters: EventFilters) => void;
}

/**
 * The feed's filters. Choices apply at once; the free-text fields apply on Enter or when focus
 * leaves them, so the feed does not reload on every keystroke.
 */
export function EventFiltersBar({ filters, onChange }: EventFiltersProps) {
  const sites = useSites((s) => s.sites);
  const sources = useSources((s) => s.items);
  useEffect(() => {
    if (useSites.getState().status === 'idle') void useSites.getState().load();
    if (useSources.getState().status === 'idle') void useSources.getState().load();
  }, []);
  const [device, setDevice] = useState(filters.device);
  const [label, setLabel] = useState(filters.label);
  // Follow the URL (back button, shared link) without an effect: adjust state during render.
  const [seen, setSeen] = useState({ device: filters.device, label: filters.label });
  if (seen.device !== filters.device || seen.label !== filters.label) {
    setSeen({ device: filters.device, label: filters.label });
    setDevice(filters.device);
    setLabel(filters.label);
  }

  const applyText = () => {
    if (device.trim() !== filters.device || label.trim() !== filters.label) {
      onChange({ ...filters, device: device.trim(), label: label.trim() });
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    applyText();
  };
  const isDefault =
    JSON.stringify({ ...filters, q: '' }) === JSON.stringify(DEFAULT_FILTERS) && !device.trim() && !label.trim();

  return (
    <form className="filters" aria-label="Filters" onSubmit={onSubmit}>
      {filters.group && (
        <p className="filters-group" role="status">
          Only the events of <Link to={`/dashboard/groups/${filters.group}`}>one group</Link>.{' '}
          <button type="button" className="button button-secondary" onClick={() => onChange({ ...filters, group: '' })}>
            Show every group
          </button>
        </p>
      )}
      <div className="field">
        <label htmlFor="filter-site">Site</label>
        <select id="filter-site" value={filters.site} onChange={(e) => onChange({ ...filters, site: e.target.value })}>
          <option value="">Every site</option>
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {site.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-source">Source</label>
        <select
          id="filter-source"
          value={filters.source}
          onChange={(e) => onChange({ ...filters, source: e.target.value })}
        >
          <option value="">Every source</option>
          {sources.map((source) => (
            <option key={source.id} value={source.id}>
              {source.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-severity">Severity at least</label>
        <select
          id="filter-severity"
          value={filters.severity ?? ''}
          onChange={(e) => onChange({ ...filters, severity: (e.target.value || null) as EventSeverity | null })}
        >
          <option value="">Any</option>
          {EVENT_SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {severityLabel(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-kind">Kind</label>
        <select
          id="filter-kind"
          value={filters.kind ?? ''}
          onChange={(e) => onChange({ ...filters, kind: (e.target.value || null) as EventKind | null })}
        >
          <option value="">Any</option>
          {EVENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {k[0]!.toUpperCase() + k.slice(1)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-device">Device</label>
        <input
          id="filter-device"
          value={device}
          onChange={(e) => setDevice(e.target.value)}
          onBlur={applyText}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-label">Label</label>
        <input
          id="filter-label"
          value={label}
          onChange={(e) => setLabel(e.target.value)}
          onBlur={applyText}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <div className="field">
        <label htmlFor="filter-acknowledged">Acknowledged</label>
        <select
          id="filter-acknowledged"
          value={filters.acknowledged === null ? '' : filters.acknowledged ? 'yes' : 'no'}
          onChange={(e) =>
            onChange({ ...filters, acknowledged: e.target.value === '' ? null : e.target.value === 'yes' })
          }
        >
          <option value="">Either</option>
          <option value="no">Not acknowledged</option>
          <option value="yes">Acknowledged</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-range">Time range</label>
        <select
          id="filter-range"
          value={filters.range}
          onChange={(e) => onChange({ ...filters, range: e.target.value as TimeRange })}
        >
          {Object.entries(TIME_RANGES).map(([value, { label: text }]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
      {/* Enter in a text field submits; a visible button for pointer users too. */}
      <div className="filters-actions">
        <button type="submit" className="button button-secondary">
          Apply
        </button>
        {!isDefault && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setDevice('');
              setLabel('');
              onChange({ ...DEFAULT_FILTERS, q: filters.q });
            }}
          >
            Clear filters
          </button>
        )}
      </div>
    </form>
  );
}
