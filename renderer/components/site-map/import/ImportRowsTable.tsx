import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { rowDetail, type ImportRow } from './import-format.js';

const ROW_HEIGHT = 40;

const OUTCOME_LABELS: Record<ImportRow['outcome'], string> = {
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
  rejected: 'Rejected',
};

/**
 * The dry run's rows: a file can hold tens of thousands, so only the rows in view are in the DOM.
 * ARIA table roles with row indexes let screen readers say where in the whole table a row is.
 */
export function ImportRowsTable({ rows, caption }: { rows: readonly ImportRow[]; caption: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the table re-renders on scroll; nothing memoises it
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });

  return (
    <div role="table" aria-label={caption} aria-rowcount={rows.length + 1} className="import-table">
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="import-row import-head">
          <span role="columnheader">Line</span>
          <span role="columnheader">External id</span>
          <span role="columnheader">Outcome</span>
          <span role="columnheader">Details</span>
        </div>
      </div>
      {/* Browsers let the keyboard into a scroller with nothing focusable inside (Chromium 130+, Firefox): no tabIndex needed. */}
      <div ref={scrollRef} className="import-scroll">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={`import-row outcome-${row.outcome}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <span role="cell" className="mono">
                  {row.line}
                </span>
                <span role="cell" className="mono">
                  {row.externalId ?? '—'}
                </span>
                <span role="cell">
                  <span className={`outcome outcome-badge-${row.outcome}`}>{OUTCOME_LABELS[row.outcome]}</span>
                </span>
                <span role="cell" className="import-detail" title={rowDetail(row)}>
                  {rowDetail(row)}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
