import { protocol } from 'electron';
import { APP_SCHEME } from './app-origin.js';
import { createMediaHandler, isMediaRequest, type MediaHandlerOptions } from './media-handler.js';
import { createRendererHandler } from './renderer-handler.js';

/**
 * Must run before `app` is ready. `standard` gives the scheme real origins and relative URL
 * resolution; `secure` makes it a secure context like https. Vite emits
 * `<script type="module" crossorigin>`, which Chromium fetches in CORS mode, so the scheme must
 * support the fetch API and CORS or the bundle never loads; that only governs requests *to* our
 * scheme, while the CSP still keeps the page from reaching anything else. `bypassCSP` stays off.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, bypassCSP: false },
    },
  ]);
}

/**
 * Serves the built renderer folder on `outpost://app/`, and stored snapshots and clips on
 * `outpost://app/api/media/{id}?t=…` (the signed links `media.get` gives, as in serve mode). Call once
 * `app` is ready.
 */
export function serveAppScheme(rendererDir: string, media: MediaHandlerOptions): void {
  const renderer = createRendererHandler(rendererDir);
  const mediaFiles = createMediaHandler(media);
  protocol.handle(APP_SCHEME, (request) => (isMediaRequest(request.url) ? mediaFiles(request) : renderer(request)));
}
