import { OutpostError, toOutpostError } from '../contract/index.js';
import type { Core } from '../core/index.js';
import { CoreRequest, type CoreReply, type ErrorBody, type PortLike } from './core-messages.js';

export interface CoreServerOptions {
  /** Runs before the Core closes on a `close` request (the desktop's HTTP server stops first). */
  beforeClose?: () => Promise<void>;
  /** Called once the store is closed after a `close` request; the process should exit then. */
  onClosed?: () => void;
  /** Where unexpected errors go (the Core's logger in production). */
  logError?: (message: string, err: unknown) => void;
  now?: () => number;
}

/**
 * Answers the main process's requests with `core`: the IPC side of the one API contract. Every
 * failure is answered as an error body, never thrown, so a bad message cannot crash the Core.
 */
export function serveCore(core: Core, port: PortLike, options: CoreServerOptions = {}): void {
  const now = options.now ?? Date.now;
  const logError = options.logError ?? (() => {});
  const subscriptions = new Map<string, () => void>();
  let closing = false;

  const send = (reply: CoreReply) => port.postMessage(reply);
  const fail = (id: number, err: unknown) => {
    const error = toOutpostError(err);
    if (error.code === 'internal') logError('IPC request failed', err);
    send({ type: 'reply', id, ok: false, error: error.toBody().error });
  };

  const endSubscription = (subId: string, error?: ErrorBody) => {
    const unsubscribe = subscriptions.get(subId);
    if (!unsubscribe) return;
    subscriptions.delete(subId);
    unsubscribe();
    if (error) send({ type: 'subscription-ended', subId, error });
  };

  const handle = async (raw: unknown): Promise<void> => {
    const parsed = CoreRequest.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number') fail(id, new OutpostError('invalid_input', 'Malformed IPC request.'));
      else logError('Dropped a malformed IPC message', parsed.error);
      return;
    }
    const request = parsed.data;
    if (closing && request.type !== 'close' && request.type !== 'unsubscribe') {
      fail(request.id, new OutpostError('unavailable', 'Outpost is shutting down. Start it again to continue.'));
      return;
    }
    switch (request.type) {
      case 'call': {
        try {
          const result = await core.call(request.method, request.input, {
            transport: 'ipc',
            token: request.token,
            address: 'ipc',
          });
          send({ type: 'reply', id: request.id, ok: true, result });
        } catch (err) {
          fail(request.id, err);
        }
        return;
      }
      case 'subscribe': {
        try {
          const session = await core.authenticate(request.token);
          endSubscription(request.subId);
          const unsubscribe = core.subscribe(session, request.topics, (topic, payload) => {
            // Sessions expire while windows stay open: stop the feed rather than outlive the login.
            if (now() >= session.expiresAt) {
              endSubscription(
                request.subId,
                new OutpostError('unauthenticated', 'Your session has expired. Sign in again.').toBody().error,
              );
              return;
            }
            send({ type: 'event', subId: request.subId, topic, payload });
          });
          subscriptions.set(request.subId, unsubscribe);
          send({ type: 'reply', id: request.id, ok: true, result: { subId: request.subId } });
        } catch (err) {
          fail(request.id, err);
        }
        return;
      }
      case 'unsubscribe':
        endSubscription(request.subId);
        return;
      case 'media': {
        try {
          if (!core.mediaFile) throw new OutpostError('not_found', 'This Outpost keeps no media files.');
          const file = await core.mediaFile(request.mediaId, { link: request.link });
          const { path, sha256, contentType, size, fileName } = file;
          send({ type: 'reply', id: request.id, ok: true, result: { path, sha256, contentType, size, fileName } });
        } catch (err) {
          fail(request.id, err);
        }
        return;
      }
      case 'export': {
        try {
          if (!core.exportFile) throw new OutpostError('not_found', 'This Outpost keeps no media files.');
          const { path, fileName, size } = await core.exportFile(request.exportId, request.link);
          send({ type: 'reply', id: request.id, ok: true, result: { path, fileName, size } });
        } catch (err) {
          fail(request.id, err);
        }
        return;
      }
      case 'close': {
        closing = true;
        for (const subId of [...subscriptions.keys()]) endSubscription(subId);
        try {
          await options.beforeClose?.().catch((err: unknown) => logError('Stopping before close failed', err));
          await core.close();
          send({ type: 'reply', id: request.id, ok: true, result: { closed: true } });
        } catch (err) {
          fail(request.id, err);
        }
        options.onClosed?.();
        return;
      }
    }
  };

  port.on('message', (event) => {
    handle(event.data).catch((err: unknown) => logError('IPC handler crashed', err));
  });
}
