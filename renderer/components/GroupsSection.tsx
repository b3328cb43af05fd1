import { useEffect } from 'react';
import { Link } from 'react-router';
import { GROUP_SORTS, type GroupSort } from '../state/groups.js';
import { useGroups } from '../state/app-state.js';
import { LoadState } from './LoadState.js';
import { TemplateText } from './TemplateText.js';
import { SeverityBadge } from './SeverityBadge.js';
import { Sparkline } from './Sparkline.js';
import { formatAgo, formatCount, formatDateTime } from './time-format.js';
import { useNow } from './use-now.js';

const SORT_COLUMNS: Record<GroupSort, string> = { count: 'Count', firstSeen: 'First seen', lastSeen: 'Last seen' };

/** Error groups (of one site when `siteId` is given): a thousand repeats of one template are one row, with their last hour as a sparkline. */
export function GroupsSection({ siteId = null }: { siteId?: string | null }) {
  const { status, items, error, sort, load, watch } = useGroups();
  const now = useNow();

  useEffect(() => {
    void useGroups.getState().showSite(siteId);
    return watch();
  }, [watch, siteId]);

  function sortHeader(column: GroupSort) {
    const active = sort === column;
    return (
      <th scope="col" aria-sort={active ? 'descending' : 'none'}>
        <button
          type="button"
          className="sort-button"
          onClick={() => void load(column)}
          aria-label={`${SORT_COLUMNS[column]}${active ? ', sorted newest or largest first' : ', sort by this column'}`}
        >
          {SORT_COLUMNS[column]}
          {active ? ' ▼' : ''}
        </button>
      </th>
    );
  }

  return (
    <section aria-labelledby="groups-heading" className="panel">
      <div className="section-head">
        <h2 id="groups-heading">Groups</h2>
        <label className="inline-field">
          Sort by{' '}
          <select value={sort} onChange={(e) => void load(e.target.value as GroupSort)}>
            {Object.entries(GROUP_SORTS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <LoadState
        status={status}
        error={error}
        loading="Loading groups…"
        isEmpty={items.length === 0}
        empty={<p>No groups yet. Events are grouped by their template as they arrive.</p>}
        onRetry={() => void load()}
      >
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Groups</caption>
            <thead>
              <tr>
                <th scope="col">Template</th>
                <th scope="col">Severity</th>
                {sortHeader('count')}
                {sortHeader('firstSeen')}
                {sortHeader('lastSeen')}
                <th scope="col">Last 60 minutes</th>
                <th scope="col" className="optional-col">
                  Tags
                </th>
                <th scope="col" className="optional-col">
                  Category
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((group) => (
                <tr key={group.id}>
                  <td className="template-cell">
                    <Link to={`/dashboard/groups/${group.id}`} className="mono">
                      <TemplateText template={group.template} />
                    </Link>
                  </td>
                  <td>
                    <SeverityBadge severity={group.severity} />
                  </td>
                  <td className="num">{formatCount(group.count)}</td>
                  <td title={formatDateTime(group.firstSeen)}>{formatAgo(group.firstSeen, now)}</td>
                  <td title={formatDateTime(group.lastSeen)}>{formatAgo(group.lastSeen, now)}</td>
                  <td>
                    <Sparkline values={group.sparkline} />
                  </td>
                  <td className="optional-col">
                    {group.tags.length === 0 ? (
                      <span className="muted">None</span>
                    ) : (
                      <ul className="tags">
                        {group.tags.map((tag) => (
                          <li key={tag} className="tag">
                            {tag}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="optional-col">{group.category ?? <span className="muted">None</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </LoadState>
    </section>
  );
}
