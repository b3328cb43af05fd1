import { createBrowserRouter, Navigate } from 'react-router';
import { AppFrame } from './components/AppFrame.js';
import { DashboardPage } from './pages/DashboardPage.js';
import { EventsPage } from './pages/EventsPage.js';
import { GroupDetailPage } from './pages/GroupDetailPage.js';
import { HomePage } from './pages/HomePage.js';
import { JobsPage } from './pages/JobsPage.js';
import { MapPage } from './pages/MapPage.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { RouteErrorPage } from './pages/RouteErrorPage.js';
import { SettingsPage } from './pages/SettingsPage.js';
import { SitesSettingsPage } from './pages/SitesSettingsPage.js';
import { SourcesSettingsPage } from './pages/SourcesSettingsPage.js';
import { StorageSettingsPage } from './pages/StorageSettingsPage.js';
import { WallBoardPage } from './pages/WallBoardPage.js';

/**
 * Path routing (not hash routing): addresses like /settings/sites can be bookmarked and reloaded.
 * `outpost serve` and the desktop app's outpost://app/ scheme both answer unknown extension-less
 * paths with index.html, and assets load from the root (vite `base: '/'`) at any depth.
 */
export const router = createBrowserRouter([
  // Public: outside AppFrame and shown without signing in (see isPublicPath and App).
  { path: '/wall/:slug', element: <WallBoardPage />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: <AppFrame />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'map', element: <MapPage /> },
      { path: 'events', element: <EventsPage /> },
      { path: 'dashboard', element: <DashboardPage /> },
      { path: 'dashboard/groups/:id', element: <GroupDetailPage /> },
      { path: 'jobs', element: <JobsPage /> },
      {
        path: 'settings',
        children: [
          { index: true, element: <SettingsPage /> },
          { path: 'sites', element: <SitesSettingsPage /> },
          { path: 'sources', element: <SourcesSettingsPage /> },
          { path: 'storage', element: <StorageSettingsPage /> },
        ],
      },
      // The desktop app opens outpost://app/index.html.
      { path: 'index.html', element: <Navigate to="/" replace /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
