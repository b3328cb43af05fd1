import { useCallback, useEffect, useState } from 'react';
import type { MediaInfo } from '../../../main/contract/index.js';
import { describeError } from '../../api/api-error.js';
import { api } from '../../state/app-state.js';

export type MediaInfoState =
  { status: 'loading' } | { status: 'ready'; info: MediaInfo } | { status: 'error'; message: string };

/**
 * A media file's details and signed links (`media.get`). Links last minutes: `refresh` asks for
 * fresh ones (the player does when one expires mid-play), and they are renewed before expiry.
 */
export function useMediaInfo(id: string): { state: MediaInfoState; refresh: () => Promise<void> } {
  const [loaded, setState] = useState<{ id: string; state: MediaInfoState } | null>(null);
  // A result for another file is stale: the new one is still on its way.
  const state: MediaInfoState = loaded?.id === id ? loaded.state : { status: 'loading' };
  const refresh = useCallback(async () => {
    try {
      setState({ id, state: { status: 'ready', info: await api.call('media.get', { id }) } });
    } catch (err) {
      setState({ id, state: { status: 'error', message: describeError(err) } });
    }
  }, [id]);

  useEffect(() => {
    let current = true;
    api.call('media.get', { id }).then(
      (info) => current && setState({ id, state: { status: 'ready', info } }),
      (err: unknown) => current && setState({ id, state: { status: 'error', message: describeError(err) } }),
    );
    return () => {
      current = false;
    };
  }, [id]);

  const expiresAt = state.status === 'ready' ? state.info.expiresAt : null;
  useEffect(() => {
    if (expiresAt === null) return;
    const timer = setTimeout(() => void refresh(), Math.max(5_000, expiresAt - Date.now() - 30_000));
    return () => clearTimeout(timer);
  }, [expiresAt, refresh]);

  return { state, refresh };
}
