// The preload script (preload/index.ts) runs against a stand-in for Electron's renderer modules.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutpostBridge } from '../contract/index.js';
import { IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE, IPC_UNSUBSCRIBE } from './ipc-channels.js';

const exposed = new Map<string, unknown>();
const rendererListeners = new Map<string, (event: unknown, message: unknown) => void>();
const invoke = vi.fn(async (_channel: string, _message: unknown): Promise<unknown> => ({ ok: true, result: 1 }));
const send = vi.fn();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
  ipcRenderer: {
    invoke: (channel: string, message: unknown) => invoke(channel, message),
    send: (channel: string, message: unknown) => send(channel, message),
    on: (channel: string, listener: (event: unknown, message: unknown) => void) =>
      rendererListeners.set(channel, listener),
  },
}));

let outpost: OutpostBridge;
const emit = (message: unknown) => rendererListeners.get(IPC_EVENT)!({ sender: 'ipc' }, message);

beforeAll(async () => {
  await import('../../preload/index.js');
  outpost = exposed.get('outpost') as OutpostBridge;
});

describe('preload bridge', () => {
  it('exposes window.outpost with call and subscribe only', () => {
    expect([...exposed.keys()]).toEqual(['outpost']);
    expect(Object.keys(outpost).sort()).toEqual(['call', 'subscribe']);
  });

  it('forwards calls and returns the main process answer', async () => {
    invoke.mockResolvedValueOnce({ ok: true, result: { sites: [] } });
    expect(await outpost.call('sites.list', {})).toEqual({ ok: true, result: { sites: [] } });
    expect(invoke).toHaveBeenLastCalledWith(IPC_CALL, { method: 'sites.list', input: {} });
    await outpost.call('auth.me', undefined);
    expect(invoke).toHaveBeenLastCalledWith(IPC_CALL, { method: 'auth.me', input: {} });
  });

  it('refuses malformed arguments without bothering the main process', async () => {
    invoke.mockClear();
    for (const [method, input] of [
      [42, {}],
      ['', {}],
      ['x'.repeat(101), {}],
      ['sites.list', () => 1],
      ['sites.list', 10n],
    ] as const) {
      const result = await outpost.call(method as unknown as string, input);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(invoke).not.toHaveBeenCalled();
  });

  it('turns a failed or odd IPC answer into an unavailable error', async () => {
    invoke.mockRejectedValueOnce(new Error('could not be cloned'));
    expect(await outpost.call('sites.list', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    invoke.mockResolvedValueOnce('nonsense');
    expect(await outpost.call('sites.list', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('subscribes once per topic, delivers payloads, and unsubscribes after the last listener', () => {
    invoke.mockClear();
    const first = vi.fn();
    const second = vi.fn(() => {
      throw new Error('listener bug');
    });
    const third = vi.fn();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const stopFirst = outpost.subscribe('sites.changed', first);
    const stopSecond = outpost.subscribe('sites.changed', second);
    const stopThird = outpost.subscribe('sites.changed', third);
    expect(invoke.mock.calls.filter(([channel]) => channel === IPC_SUBSCRIBE)).toEqual([
      [IPC_SUBSCRIBE, { topic: 'sites.changed' }],
    ]);

    emit({ topic: 'sites.changed', payload: { siteId: 'a' } });
    emit({ topic: 'users.changed', payload: { userId: 'b' } });
    emit('garbage');
    expect(first).toHaveBeenCalledExactlyOnceWith({ siteId: 'a' });
    expect(third).toHaveBeenCalledOnce();
    expect(errors).toHaveBeenCalledOnce();

    stopFirst();
    stopFirst();
    stopSecond();
    expect(send).not.toHaveBeenCalled();
    stopThird();
    expect(send).toHaveBeenCalledExactlyOnceWith(IPC_UNSUBSCRIBE, { topic: 'sites.changed' });
    emit({ topic: 'sites.changed', payload: {} });
    expect(first).toHaveBeenCalledOnce();
    errors.mockRestore();
  });

  it('checks subscribe arguments', () => {
    expect(() => outpost.subscribe(5 as unknown as string, () => {})).toThrow(TypeError);
    expect(() => outpost.subscribe('sites.changed', 'nope' as unknown as () => void)).toThrow(TypeError);
  });
});
