import type { ReleaseSummary } from '../../../../main/contract/index.js';
import { ConfirmAction } from '../ConfirmAction.js';
import { formatDateTime } from '../../time-format.js';
import { CompareWith } from './CompareWith.js';
import { compareChoices, ENV_LABELS } from './diff-display.js';

interface ReleasesTableProps {
  releases: readonly ReleaseSummary[];
  /** Technicians and admins: rollback is offered. */
  mayRollback: boolean;
  onRollback: (release: ReleaseSummary) => Promise<void>;
  onCompare: (version: number, other: number) => void;
}

export function ReleasesTable({ releases, mayRollback, onRollback, onCompare }: ReleasesTableProps) {
  return (
    <div className="table-wrap">
      <table className="table releases-table">
        <caption>Releases, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Environment</th>
            <th scope="col">Note</th>
            <th scope="col">Published by</th>
            <th scope="col">Published</th>
            <th scope="col" className="num">
              Overlays
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {releases.map((r) => {
            const rowId = `release-${r.version}`;
            return (
              <tr key={r.id}>
                <th scope="row" id={rowId}>
                  Version {r.version}
                  {r.current && (
                    <>
                      {' '}
                      <span className="badge badge-current">Current</span>
                    </>
                  )}
                </th>
                <td>{ENV_LABELS[r.env]}</td>
                <td>{r.note || <span className="muted">No note</span>}</td>
                <td>{r.publishedByEmail ?? r.publishedBy}</td>
                <td>
                  <time dateTime={new Date(r.publishedAt).toISOString()}>{formatDateTime(r.publishedAt)}</time>
                </td>
                <td className="num">{r.overlays}</td>
                <td>
                  <div className="row-actions">
                    {mayRollback && !r.current && (
                      <ConfirmAction
                        label="Roll back to this"
                        describedBy={rowId}
                        question={`Make version ${r.version} current in ${ENV_LABELS[r.env].toLowerCase()} again? The draft is not changed.`}
                        confirmLabel="Roll back"
                        onConfirm={() => onRollback(r)}
                      />
                    )}
                    <CompareWith
                      version={r.version}
                      choices={compareChoices(releases, r.version)}
                      onCompare={(other) => onCompare(r.version, other)}
                    />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
