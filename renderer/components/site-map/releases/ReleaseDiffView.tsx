import { useEffect, useId, useRef, useState } from 'react';
import { describeError } from '../../../api/api-error.js';
import { api } from '../../../state/app-state.js';
import type { ReleaseDiff } from '../../../../main/contract/index.js';
import { changedLine, diffSummary, isEmptyDiff } from './diff-display.js';

interface ReleaseDiffViewProps {
  siteId: string;
  from: number;
  to: number;
  onClose: () => void;
}

/** What changed from one release to another: overlays added, removed and changed, and the layers. */
export function ReleaseDiffView({ siteId, from, to, onClose }: ReleaseDiffViewProps) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [state, setState] = useState<{ diff: ReleaseDiff | null; error: string | null }>({ diff: null, error: null });

  useEffect(() => {
    // The parent keys this view by the pair, so a new pair starts from "Comparing…".
    let current = true;
    api
      .call('releases.diff', { siteId, from, to })
      .then((diff) => current && setState({ diff, error: null }))
      .catch((err: unknown) => current && setState({ diff: null, error: describeError(err) }));
    headingRef.current?.focus();
    return () => {
      current = false;
    };
  }, [siteId, from, to]);

  const { diff, error } = state;
  return (
    <section className="panel release-diff" aria-labelledby={`${id}-heading`}>
      <div className="section-head">
        <h3 id={`${id}-heading`} ref={headingRef} tabIndex={-1}>
          Changes from version {from} to version {to}
        </h3>
        <button type="button" className="button button-secondary" onClick={onClose}>
          Close comparison
        </button>
      </div>
      {error && (
        <div role="alert" className="message message-error">
          <p>{error}</p>
        </div>
      )}
      {!diff && !error && (
        <p role="status" className="muted">
          Comparing…
        </p>
      )}
      {diff && (
        <>
          <p role="status">{isEmptyDiff(diff) ? 'The two releases are the same.' : `${diffSummary(diff)}.`}</p>
          <DiffList title="Added" items={diff.added} />
          <DiffList title="Removed" items={diff.removed} />
          <DiffList title="Changed" items={diff.changed.map(changedLine)} />
        </>
      )}
    </section>
  );
}

function DiffList({ title, items }: { title: string; items: readonly string[] }) {
  const id = useId();
  if (items.length === 0) return null;
  return (
    <div className="diff-list">
      <h4 id={id}>
        {title} ({items.length})
      </h4>
      <ul aria-labelledby={id} className="mono">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}
