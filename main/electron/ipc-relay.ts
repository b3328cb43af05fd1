import { ipcMain, webContents, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { OutpostError, parseOrThrow, toOutpostError, type RpcResult } from '../contract/index.js';
import { APP_ORIGIN, isAppUrl } from './app-origin.js';
import { IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE, IPC_UNSUBSCRIBE } from './ipc-channels.js';
import { CallMessage, checkInputSize, isTrustedSender, SubscribeMessage } from './ipc-validation.js';
import type { RendererEvent, RendererSessions } from './renderer-sessions.js';

export interface RelayLogger {
  warn(message: string, detail?: Record<string, unknown>): void;
}

function trusted(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return isTrustedSender(frame ? { url: frame.url, isTopFrame: frame.parent === null } : null, APP_ORIGIN);
}

function failure(err: unknown): RpcResult {
  return { ok: false, error: toOutpostError(err).toBody().error };
}

/** Sends a live update to a window, if it still shows our app. */
export function sendRendererEvent(webContentsId: number, event: RendererEvent): void {
  const target = webContents.fromId(webContentsId);
  if (!target || target.isDestroyed() || !isAppUrl(target.getURL())) return;
  target.send(IPC_EVENT, event);
}

/**
 * The renderer's only way into the Core: `outpost:call` and `outpost:subscribe` (invoke) and
 * `outpost:unsubscribe` (fire-and-forget). Every message is checked for its sender frame and its
 * shape before anything is forwarded. Returns a function that removes the handlers.
 */
export function installIpcRelay(sessions: RendererSessions, log: RelayLogger): () => void {
  const known = new WeakSet<WebContents>();
  const track = (contents: WebContents) => {
    if (known.has(contents)) return;
    known.add(contents);
    const id = contents.id;
    contents.once('destroyed', () => sessions.forget(id));
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) sessions.resetTopics(id);
    });
  };
  const refuse = (event: IpcMainEvent | IpcMainInvokeEvent, channel: string): RpcResult => {
    log.warn('Refused an IPC message from an untrusted frame', { channel, url: event.senderFrame?.url ?? null });
    return failure(new OutpostError('forbidden', 'This page may not call Outpost.'));
  };

  ipcMain.handle(IPC_CALL, async (event, raw: unknown): Promise<RpcResult> => {
    if (!trusted(event)) return refuse(event, IPC_CALL);
    track(event.sender);
    try {
      const message = parseOrThrow(CallMessage, raw, 'call');
      const input = message.input === undefined ? {} : message.input;
      checkInputSize(input);
      return await sessions.call(event.sender.id, { method: message.method, input });
    } catch (err) {
      return failure(err);
    }
  });

  ipcMain.handle(IPC_SUBSCRIBE, (event, raw: unknown): RpcResult => {
    if (!trusted(event)) return refuse(event, IPC_SUBSCRIBE);
    track(event.sender);
    try {
      const { topic } = parseOrThrow(SubscribeMessage, raw, 'subscription');
      return sessions.subscribe(event.sender.id, topic);
    } catch (err) {
      return failure(err);
    }
  });

  const onUnsubscribe = (event: IpcMainEvent, raw: unknown) => {
    if (!trusted(event)) {
      refuse(event, IPC_UNSUBSCRIBE);
      return;
    }
    const parsed = SubscribeMessage.safeParse(raw);
    if (parsed.success) sessions.unsubscribe(event.sender.id, parsed.data.topic);
  };
  ipcMain.on(IPC_UNSUBSCRIBE, onUnsubscribe);

  return () => {
    ipcMain.removeHandler(IPC_CALL);
    ipcMain.removeHandler(IPC_SUBSCRIBE);
    ipcMain.off(IPC_UNSUBSCRIBE, onUnsubscribe);
  };
}
