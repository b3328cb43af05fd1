import { useEffect, useState } from 'react';
import { describeError } from './api-error.js';
import type { ApiClient } from './client.js';
import { MEDIA_NOT_IN_DESKTOP } from './ipc-transport.js';

export type MediaUrl =
  | { status: 'loading' }
  | { status: 'ready'; url: string }
  /** The file could not be fetched; `message` says why and what to do. */
  | { status: 'error'; message: string }
  /** The desktop app cannot show media yet: say so instead of showing a broken image. */
  | { status: 'unavailable'; message: string };

type Loaded = { sha256: string } & Exclude<MediaUrl, { status: 'loading' }>;

/**
 * A `blob:` URL for a stored snapshot or clip. `<img src="/api/media/…">` cannot carry the bearer
 * token, so the API client fetches the file and the page shows it from memory; the URL is revoked
 * when the hash changes or the component unmounts.
 */
export function useMediaUrl(sha256: string, client: Pick<ApiClient, 'transport' | 'readMedia'>): MediaUrl {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const desktop = client.transport === 'ipc';

  useEffect(() => {
    if (desktop) return;
    let current = true;
    let url: string | null = null;
    client.readMedia(sha256).then(
      (blob) => {
        if (!current) return;
        url = URL.createObjectURL(blob);
        setLoaded({ sha256, status: 'ready', url });
      },
      (err: unknown) => {
        if (current) setLoaded({ sha256, status: 'error', message: describeError(err) });
      },
    );
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [sha256, client, desktop]);

  if (desktop) return { status: 'unavailable', message: MEDIA_NOT_IN_DESKTOP };
  // A result for another hash is stale: the new one is still on its way.
  if (!loaded || loaded.sha256 !== sha256) return { status: 'loading' };
  const { sha256: _hash, ...state } = loaded;
  return state;
}
