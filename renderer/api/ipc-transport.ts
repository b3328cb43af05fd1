import type { OutpostBridge } from '../../main/contract/index.js';
import { ApiError } from './api-error.js';
import type { Transport } from './transport.js';

export const MEDIA_NOT_IN_DESKTOP =
  'Snapshots and clips are not available in the desktop app yet. Open Outpost in a browser (outpost serve) to see them.';

/**
 * Calls through the preload bridge. The main process holds the session token, so nothing here
 * knows about tokens; a 401 still means "show the login page".
 */
export function createIpcTransport(bridge: OutpostBridge, onUnauthenticated: () => void): Transport {
  return {
    kind: 'ipc',
    async call(method, input) {
      let result;
      try {
        result = await bridge.call(method, input ?? {});
      } catch (cause) {
        throw new ApiError(
          'unavailable',
          'The Outpost core is not answering. Restart the app; if it persists, see the log.',
          {
            cause,
          },
        );
      }
      if (result.ok) return result.result;
      const error = ApiError.fromBody(result.error);
      if (error.code === 'unauthenticated' && method !== 'auth.login') onUnauthenticated();
      throw error;
    },
    subscribe: (topic, listener) => bridge.subscribe(topic, listener),
    // The bridge carries contract calls only; media needs a channel of its own (issue: desktop media).
    readMedia: () => Promise.reject(new ApiError('unavailable', MEDIA_NOT_IN_DESKTOP)),
  };
}
