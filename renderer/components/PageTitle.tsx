import { useEffect, type ReactNode } from 'react';

interface PageTitleProps {
  children: ReactNode;
  /** For the window title when the heading is not plain text, or needs its section ("Sites · Settings"). */
  documentTitle?: string;
}

/**
 * The page's one `<h1>`, focusable so navigation can move focus to it (screen readers then
 * announce the new page), and the window title that goes with it.
 */
export function PageTitle({ children, documentTitle }: PageTitleProps) {
  const title = documentTitle ?? (typeof children === 'string' ? children : undefined);
  useEffect(() => {
    document.title = title ? `${title} — Outpost` : 'Outpost';
  }, [title]);
  return <h1 tabIndex={-1}>{children}</h1>;
}
