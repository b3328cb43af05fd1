import type { KeyboardEventHandler, ReactNode } from 'react';

/**
 * Catches keys that bubble up from the controls inside it (Escape to dismiss a panel or a form, arrow
 * keys to move between the rows of a list) without giving the element that holds them a role it does
 * not have: the wrapper is presentational, as jsx-a11y advises for handlers that only catch bubbled
 * events, and takes no box of its own (`display: contents`), so layout is unchanged.
 */
export function KeyScope({
  onKeyDown,
  children,
}: {
  onKeyDown: KeyboardEventHandler<HTMLDivElement>;
  children: ReactNode;
}) {
  return (
    <div role="presentation" className="key-scope" onKeyDown={onKeyDown}>
      {children}
    </div>
  );
}
