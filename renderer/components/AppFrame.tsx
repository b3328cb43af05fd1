import { useEffect, useRef, type MouseEvent } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useLayout } from '../state/app-state.js';
import { Header } from './Header.js';
import { PrimaryNav } from './PrimaryNav.js';

/** Everything around a signed-in page: skip link, header, primary navigation, main landmark. */
export function AppFrame() {
  const mainRef = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const firstRender = useRef(true);
  const navCollapsed = useLayout((s) => s.navCollapsed);

  // A client-side navigation does not move focus by itself; without this, keyboard and screen-reader
  // users stay on the link they pressed and never hear that the page changed.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    (mainRef.current?.querySelector<HTMLElement>('h1') ?? mainRef.current)?.focus();
  }, [pathname]);

  function skipToContent(event: MouseEvent<HTMLAnchorElement>) {
    // Focus without touching the URL: a #main hash would show up in the router's location.
    event.preventDefault();
    mainRef.current?.focus();
  }

  return (
    <>
      <a href="#main" className="skip-link" onClick={skipToContent}>
        Skip to content
      </a>
      <Header />
      <div className={`app-body${navCollapsed ? ' nav-collapsed' : ''}`}>
        <PrimaryNav hidden={navCollapsed} />
        <main id="main" ref={mainRef} tabIndex={-1} className="main">
          <Outlet />
        </main>
      </div>
    </>
  );
}
