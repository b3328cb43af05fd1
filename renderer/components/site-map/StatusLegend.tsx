import type { LegendEntry } from '../../../main/contract/index.js';
import { formatCount } from '../time-format.js';
import { isVisible, toggleStatus } from './legend-filter.js';

interface StatusLegendProps {
  legend: readonly LegendEntry[];
  /** Overlays per status; statuses without overlays show 0. */
  counts: ReadonlyMap<string, number>;
  /** Statuses shown on the map; null shows all. */
  visible: ReadonlySet<string> | null;
  onChange(visible: ReadonlySet<string> | null): void;
  /** Names the legend for screen readers, e.g. "Status legend and filter". */
  label?: string;
}

/**
 * What each colour means, how many overlays are in each status, and a filter: each entry is a
 * toggle button (aria-pressed) that shows or dims that status on the map.
 */
export function StatusLegend({
  legend,
  counts,
  visible,
  onChange,
  label = 'Filter the map by status',
}: StatusLegendProps) {
  const all = legend.map((l) => l.status);
  // A status the legend does not name (a custom status since removed) still gets counted somewhere.
  const extra = [...counts.keys()].filter((s) => !all.includes(s));
  return (
    <div className="status-legend-wrap">
      <ul className="status-legend" aria-label={label}>
        {legend.map((entry) => {
          const shown = isVisible(visible, entry.status);
          const count = counts.get(entry.status) ?? 0;
          return (
            <li key={entry.status}>
              <button
                type="button"
                className="legend-toggle"
                aria-pressed={shown}
                title={shown ? `Hide ${entry.label} on the map` : `Show ${entry.label} on the map`}
                onClick={() => onChange(toggleStatus(visible, entry.status, all))}
              >
                <span className="legend-swatch" style={{ background: entry.color }} aria-hidden="true" />
                <span>{entry.label}</span>
                <span className="legend-count">{formatCount(count)}</span>
              </button>
            </li>
          );
        })}
        {visible !== null && (
          <li>
            <button type="button" className="button button-secondary" onClick={() => onChange(null)}>
              Show all
            </button>
          </li>
        )}
      </ul>
      {extra.length > 0 && (
        <p className="muted">
          Not in the legend (drawn as Unknown):{' '}
          {extra.map((s) => `${s} (${formatCount(counts.get(s) ?? 0)})`).join(', ')}
        </p>
      )}
    </div>
  );
}
