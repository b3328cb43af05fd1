/**
 * The contextBridge script. The page gets `window.outpost` with two functions and nothing else:
 * no ipcRenderer, no event objects, no Node values. Arguments are checked here so malformed calls
 * fail fast in the page; the main process checks everything again.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { OutpostBridge, RpcResult } from '../main/contract/index.js';
import { IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE, IPC_UNSUBSCRIBE } from '../main/electron/index.js';

type Listener = (payload: unknown) => void;

const listeners = new Map<string, Set<Listener>>();

function invalid(message: string): RpcResult {
  return { ok: false, error: { code: 'invalid_input', message, issues: [{ path: '', message }] } };
}

function bridgeFailure(): RpcResult {
  return {
    ok: false,
    error: {
      code: 'unavailable',
      message: 'Outpost could not reach its core. Restart Outpost if this keeps happening.',
    },
  };
}

function isRpcResult(value: unknown): value is RpcResult {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, message: unknown) => {
  if (typeof message !== 'object' || message === null) return;
  const { topic, payload } = message as { topic?: unknown; payload?: unknown };
  if (typeof topic !== 'string') return;
  for (const listener of [...(listeners.get(topic) ?? [])]) {
    try {
      listener(payload);
    } catch (err) {
      // One failing listener must not starve the others.
      console.error(`Outpost: a listener for "${topic}" failed`, err);
    }
  }
});

const bridge: OutpostBridge = {
  async call(method, input) {
    if (typeof method !== 'string' || method.length === 0 || method.length > 100) {
      return invalid('The method must be a non-empty string of at most 100 characters, such as "sites.list".');
    }
    if (typeof input === 'function' || typeof input === 'symbol' || typeof input === 'bigint') {
      return invalid('The input must be plain JSON data.');
    }
    try {
      const result: unknown = await ipcRenderer.invoke(IPC_CALL, { method, input: input === undefined ? {} : input });
      return isRpcResult(result) ? result : bridgeFailure();
    } catch {
      // invoke rejects when the input cannot be cloned or the main process has no handler.
      return bridgeFailure();
    }
  },

  subscribe(topic, listener) {
    if (typeof topic !== 'string' || topic.length === 0 || topic.length > 100) {
      throw new TypeError('subscribe(topic, listener): the topic must be a topic name such as "sites.changed".');
    }
    if (typeof listener !== 'function') {
      throw new TypeError('subscribe(topic, listener): the listener must be a function.');
    }
    let set = listeners.get(topic);
    if (!set) {
      set = new Set();
      listeners.set(topic, set);
      ipcRenderer
        .invoke(IPC_SUBSCRIBE, { topic })
        .then((result: unknown) => {
          if (isRpcResult(result) && !result.ok)
            console.warn(`Outpost: cannot subscribe to "${topic}": ${result.error.message}`);
        })
        .catch(() => console.warn(`Outpost: cannot subscribe to "${topic}"`));
    }
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry: Listener = (payload) => listener(payload);
    set.add(entry);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const current = listeners.get(topic);
      if (!current) return;
      current.delete(entry);
      if (current.size === 0) {
        listeners.delete(topic);
        ipcRenderer.send(IPC_UNSUBSCRIBE, { topic });
      }
    };
  },
};

contextBridge.exposeInMainWorld('outpost', bridge);
