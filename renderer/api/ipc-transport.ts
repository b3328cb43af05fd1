import type { OutpostBridge } from '../../main/contract/index.js';
import { ApiError } from './api-error.js';
import type { Transport } from './transport.js';

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
  };
}
