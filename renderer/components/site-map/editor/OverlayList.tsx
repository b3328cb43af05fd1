import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Overlay } from '../../../../main/contract/index.js';
import { useMapEditor } from '../../../state/use-map-editor.js';
import { describeBinding, filterOverlays } from './overlay-edits.js';
import { KeyScope } from '../../KeyScope.js';

const ROW_HEIGHT = 48;

interface OverlayListProps {
  /** After a row is picked: e.g. show its shape on the map. */
  onPick?: (overlay: Overlay) => void;
}

/**
 * Every overlay of the draft, filterable, virtualised (a plan can hold thousands). A row selects
 * its overlay for the side panel; arrow keys move between rows.
 */
export function OverlayList({ onPick }: OverlayListProps) {
  const id = useId();
  const overlays = useMapEditor((s) => s.overlays);
  const selectedId = useMapEditor((s) => s.selectedId);
  const select = useMapEditor((s) => s.select);
  const [query, setQuery] = useState('');
  const [unboundOnly, setUnboundOnly] = useState(false);
  const shown = useMemo(() => filterOverlays(overlays, query, unboundOnly), [overlays, query, unboundOnly]);
  const scrollRef = useRef<HTMLDivElement>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- the list re-renders on scroll; nothing memoises it
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => shown[index]!.externalId,
  });

  function focusRow(index: number) {
    const target = Math.max(0, Math.min(shown.length - 1, index));
    virtualizer.scrollToIndex(target, { align: 'auto' });
    requestAnimationFrame(() =>
      scrollRef.current?.querySelector<HTMLButtonElement>(`[data-index="${target}"] button`)?.focus(),
    );
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!row) return;
    const index = Number(row.dataset.index);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: shown.length - 1,
      PageDown: index + 10,
      PageUp: index - 10,
    };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(moves[e.key]!);
    }
  }

  const unbound = overlays.filter((o) => o.binding === null).length;
  return (
    <section className="overlay-list" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Overlays</h3>
      <div className="overlay-list-filters">
        <div className="field">
          <label htmlFor={`${id}-filter`}>Filter overlays</label>
          <input
            id={`${id}-filter`}
            type="search"
            value={query}
            placeholder="Label, id or binding"
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={unboundOnly} onChange={(e) => setUnboundOnly(e.target.checked)} /> Unbound
          only ({unbound})
        </label>
      </div>
      <p className="muted" role="status" id={`${id}-count`}>
        {shown.length === overlays.length
          ? `${overlays.length} overlay${overlays.length === 1 ? '' : 's'}`
          : `${shown.length} of ${overlays.length} overlays`}
      </p>
      <div ref={scrollRef} className="overlay-list-scroll">
        <KeyScope onKeyDown={onKeyDown}>
          <div
            role="list"
            aria-label="Overlays"
            aria-describedby={`${id}-count`}
            className="overlay-list-rows"
            style={{ height: virtualizer.getTotalSize() }}
          >
            {virtualizer.getVirtualItems().map((row) => {
              const overlay = shown[row.index]!;
              const selected = overlay.externalId === selectedId;
              return (
                <div
                  key={row.key}
                  role="listitem"
                  aria-setsize={shown.length}
                  aria-posinset={row.index + 1}
                  data-index={row.index}
                  className="overlay-list-item"
                  style={{ transform: `translateY(${row.start}px)`, height: ROW_HEIGHT }}
                >
                  <button
                    type="button"
                    className="overlay-row"
                    aria-current={selected ? 'true' : undefined}
                    onClick={() => {
                      select(overlay.externalId);
                      onPick?.(overlay);
                    }}
                  >
                    <span className="overlay-row-label">{overlay.label}</span>
                    <span className="overlay-row-meta">
                      <span className="mono">{overlay.externalId}</span> ·{' '}
                      <span className={overlay.binding === null ? 'unbound' : undefined}>
                        {describeBinding(overlay.binding)}
                      </span>
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
        </KeyScope>
      </div>
    </section>
  );
}
