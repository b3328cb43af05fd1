import { Suspense, type ComponentType } from 'react';
import {
  createBrowserRouter,
  matchRoutes,
  Navigate,
  RouterProvider,
  useParams,
  useSearchParams,
  type RouteObject,
} from 'react-router';
import { lazyComponent, loadChunk } from './chunk-load.js';
import { AppFrame } from './components/AppFrame.js';
import { watchLinkIntent } from './link-prefetch.js';
import { RouteErrorPage } from './pages/RouteErrorPage.js';

/** A page whose code loads when the route is first visited (or its link is pointed at: see prefetchPath). */
function page<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  return async () => ({ Component: pick(await loadChunk(load)) });
}

const WallBoardPage = lazyComponent(() => import('./pages/WallBoardPage.js').then((m) => m.WallBoardPage));

/** A board reached by in-app navigation; a board opened directly runs without the router (App). */
function WallBoardRoute() {
  const { slug = '' } = useParams();
  const [params] = useSearchParams();
  return (
    <Suspense fallback={null}>
      <WallBoardPage slug={slug} env={params.get('env') === 'staging' ? 'staging' : 'production'} />
    </Suspense>
  );
}

const LOADING = (
  <p role="status" className="splash">
    Loading…
  </p>
);

export const routes: RouteObject[] = [
  // Public: outside AppFrame and shown without signing in (see isPublicPath and App).
  { path: '/wall/:slug', element: <WallBoardRoute />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: <AppFrame />,
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: LOADING,
    children: [
      {
        index: true,
        lazy: page(
          () => import('./pages/HomePage.js'),
          (m) => m.HomePage,
        ),
      },
      {
        path: 'map',
        lazy: page(
          () => import('./pages/MapPage.js'),
          (m) => m.MapPage,
        ),
      },
      {
        path: 'events',
        lazy: page(
          () => import('./pages/EventsPage.js'),
          (m) => m.EventsPage,
        ),
      },
      {
        path: 'dashboard',
        lazy: page(
          () => import('./pages/DashboardPage.js'),
          (m) => m.DashboardPage,
        ),
      },
      {
        path: 'dashboard/groups/:id',
        lazy: page(
          () => import('./pages/GroupDetailPage.js'),
          (m) => m.GroupDetailPage,
        ),
      },
      {
        path: 'jobs',
        lazy: page(
          () => import('./pages/JobsPage.js'),
          (m) => m.JobsPage,
        ),
      },
      {
        path: 'hub',
        lazy: page(
          () => import('./pages/HubPage.js'),
          (m) => m.HubPage,
        ),
      },
      {
        path: 'settings',
        children: [
          {
            index: true,
            lazy: page(
              () => import('./pages/SettingsPage.js'),
              (m) => m.SettingsPage,
            ),
          },
          {
            path: 'sites',
            lazy: page(
              () => import('./pages/SitesSettingsPage.js'),
              (m) => m.SitesSettingsPage,
            ),
          },
          {
            path: 'sources',
            lazy: page(
              () => import('./pages/SourcesSettingsPage.js'),
              (m) => m.SourcesSettingsPage,
            ),
          },
          {
            path: 'tunnels',
            lazy: page(
              () => import('./pages/TunnelsSettingsPage.js'),
              (m) => m.TunnelsSettingsPage,
            ),
          },
          {
            path: 'sync',
            lazy: page(
              () => import('./pages/SyncSettingsPage.js'),
              (m) => m.SyncSettingsPage,
            ),
          },
          {
            path: 'users',
            lazy: page(
              () => import('./pages/UsersSettingsPage.js'),
              (m) => m.UsersSettingsPage,
            ),
          },
          {
            path: 'tenants',
            lazy: page(
              () => import('./pages/TenantsSettingsPage.js'),
              (m) => m.TenantsSettingsPage,
            ),
          },
          {
            path: 'storage',
            lazy: page(
              () => import('./pages/StorageSettingsPage.js'),
              (m) => m.StorageSettingsPage,
            ),
          },
        ],
      },
      // The desktop app opens outpost://app/index.html.
      { path: 'index.html', element: <Navigate to="/" replace /> },
      {
        path: '*',
        lazy: page(
          () => import('./pages/NotFoundPage.js'),
          (m) => m.NotFoundPage,
        ),
      },
    ],
  },
];

/**
 * Path routing (not hash routing): addresses like /settings/sites can be bookmarked and reloaded.
 * `outpost serve` and the desktop app's outpost://app/ scheme both answer unknown extension-less
 * paths with index.html, and assets load from the root (vite `base: '/'`) at any depth. Each page's
 * code is a chunk of its own, fetched on first visit.
 */
export const router = createBrowserRouter(routes);

const started = new WeakSet<RouteObject>();

/** Starts loading the code of the page at `pathname` (errors wait for the real navigation to show them). */
export function prefetchPath(pathname: string): void {
  for (const { route } of matchRoutes(routes, pathname) ?? []) {
    if (typeof route.lazy !== 'function' || started.has(route)) continue;
    started.add(route);
    route.lazy().catch(() => started.delete(route));
  }
}

if (typeof document !== 'undefined') watchLinkIntent(document, globalThis.location.origin, prefetchPath);

/** The signed-in app (and boards reached from it), as App loads it: one chunk with the router. */
export function AppRouter() {
  return <RouterProvider router={router} />;
}
