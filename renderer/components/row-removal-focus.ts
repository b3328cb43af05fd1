import { useCallback, useRef } from 'react';

/** Frames to wait for the row to leave the page (and a closing dialog to give the page back). */
const MAX_FRAMES = 120;

/**
 * Where the keyboard goes when a row leaves a table. The removed row's buttons leave the page with
 * it and the browser puts focus on `<body>`: a keyboard user starts again from the top of the page.
 * Focus moves instead to the same action on the row that took the removed one's place, else on the
 * row above, else to the fallback (the table's heading; the page's `<h1>` when none is given).
 *
 * Rows carry `data-row-key`, actions `data-row-action`. Call `moveFocus(key, index)` once the removal
 * succeeded: it waits until the row is gone and no modal keeps the page inert, and leaves focus alone
 * if the user has already put it somewhere.
 */
export function useRowRemovalFocus(action: string) {
  const tableRef = useRef<HTMLTableElement>(null);
  const fallbackRef = useRef<HTMLHeadingElement>(null);

  const moveFocus = useCallback(
    (key: string, index: number) => {
      let frames = 0;
      const attempt = () => {
        const table = tableRef.current?.isConnected ? tableRef.current : null;
        const rowStillThere = table?.querySelector(`tbody tr[data-row-key="${CSS.escape(key)}"]`);
        const pageInert = document.querySelector('main')?.closest('[inert]') ?? null;
        if ((rowStillThere || pageInert) && ++frames < MAX_FRAMES) {
          requestAnimationFrame(attempt);
          return;
        }
        const active = document.activeElement;
        if (active !== null && active !== document.body) return;
        focusTarget(table, index, action, fallbackRef.current)?.focus();
      };
      requestAnimationFrame(attempt);
    },
    [action],
  );

  return { tableRef, fallbackRef, moveFocus };
}

function focusTarget(
  table: HTMLTableElement | null,
  index: number,
  action: string,
  fallback: HTMLElement | null,
): HTMLElement | null {
  const rows = table ? Array.from(table.querySelectorAll<HTMLTableRowElement>('tbody tr[data-row-key]')) : [];
  // The row that moved up into the removed one's place, else the one above it.
  for (const row of [rows[index], rows[index - 1]]) {
    const button = row?.querySelector<HTMLElement>(`[data-row-action="${CSS.escape(action)}"]`);
    if (button) return button;
  }
  return fallback?.isConnected ? fallback : document.querySelector<HTMLElement>('main h1');
}
