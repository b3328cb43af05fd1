import type { RpcResult, TopicName } from '../contract/index.js';
import type { CoreClient } from './core-client.js';
import type { CallMessage } from './ipc-validation.js';

export type CoreGateway = Pick<CoreClient, 'call' | 'subscribe'>;

export interface RendererEvent {
  topic: TopicName;
  payload: unknown;
}

interface WindowState {
  token: string | undefined;
  topics: Set<TopicName>;
  /** Bumped on every change, so a slow subscribe that lost the race undoes itself. */
  generation: number;
  activeGeneration: number;
  unsubscribe: (() => void) | undefined;
  forgotten: boolean;
}

/**
 * What the main process remembers per renderer (webContents): the session token and the live
 * topics it asked for. The token is taken out of `auth.login`'s answer and attached to every later
 * call, so the page never holds a credential that a script injected into it could steal. Live
 * updates flow only while the page is signed in.
 */
export class RendererSessions {
  private readonly windows = new Map<number, WindowState>();

  constructor(
    private readonly core: CoreGateway,
    private readonly send: (webContentsId: number, event: RendererEvent) => void,
    /** Told whenever a window's session starts or ends (e.g. to follow its alerts on the desktop). */
    private readonly onTokenChange: (token: string | undefined) => void = () => {},
  ) {}

  async call(webContentsId: number, message: CallMessage): Promise<RpcResult> {
    const state = this.state(webContentsId);
    const sentToken = state.token;
    const result = await this.core.call(message.method, message.input, sentToken);
    if (state.forgotten) return result;

    if (message.method === 'auth.login') {
      if (!result.ok) return result;
      const token = (result.result as { token?: unknown } | null)?.token;
      if (typeof token !== 'string' || token === '') return result;
      this.setToken(state, webContentsId, token);
      // The page gets everything but the token; the IPC transport never needs it.
      return { ok: true, result: { ...(result.result as object), token: '' } };
    }
    const tokenUnchanged = state.token === sentToken;
    if (message.method === 'auth.logout' && tokenUnchanged) {
      // Signed out locally even when the Core could not be told: the user asked to leave.
      this.setToken(state, webContentsId, undefined);
    } else if (!result.ok && result.error.code === 'unauthenticated' && tokenUnchanged) {
      this.setToken(state, webContentsId, undefined);
    }
    return result;
  }

  subscribe(webContentsId: number, topic: TopicName): RpcResult {
    const state = this.state(webContentsId);
    if (!state.topics.has(topic)) {
      state.topics.add(topic);
      void this.reconcile(state, webContentsId);
    }
    return { ok: true, result: { topic } };
  }

  unsubscribe(webContentsId: number, topic: TopicName): void {
    const state = this.windows.get(webContentsId);
    if (!state?.topics.delete(topic)) return;
    void this.reconcile(state, webContentsId);
  }

  /**
   * The page is being replaced (reload, new document): its listeners are gone, so its topics are
   * too. The token stays, like a cookie would, so a reload keeps the user signed in.
   */
  resetTopics(webContentsId: number): void {
    const state = this.windows.get(webContentsId);
    if (!state || state.topics.size === 0) return;
    state.topics.clear();
    void this.reconcile(state, webContentsId);
  }

  isSignedIn(webContentsId: number): boolean {
    return this.windows.get(webContentsId)?.token !== undefined;
  }

  /** The window is gone: drop its token and end its live updates. */
  forget(webContentsId: number): void {
    const state = this.windows.get(webContentsId);
    if (!state) return;
    this.windows.delete(webContentsId);
    state.forgotten = true;
    state.generation++;
    state.unsubscribe?.();
    state.unsubscribe = undefined;
  }

  private state(webContentsId: number): WindowState {
    let state = this.windows.get(webContentsId);
    if (!state) {
      state = {
        token: undefined,
        topics: new Set(),
        generation: 0,
        activeGeneration: -1,
        unsubscribe: undefined,
        forgotten: false,
      };
      this.windows.set(webContentsId, state);
    }
    return state;
  }

  private setToken(state: WindowState, webContentsId: number, token: string | undefined): void {
    if (state.token === token) return;
    state.token = token;
    this.onTokenChange(token);
    void this.reconcile(state, webContentsId);
  }

  private async reconcile(state: WindowState, webContentsId: number): Promise<void> {
    const generation = ++state.generation;
    const token = state.token;
    if (!token || state.topics.size === 0) {
      state.unsubscribe?.();
      state.unsubscribe = undefined;
      state.activeGeneration = -1;
      return;
    }
    const result = await this.core.subscribe(token, [...state.topics], {
      onEvent: (topic, payload) => {
        if (state.activeGeneration === generation && state.topics.has(topic)) {
          this.send(webContentsId, { topic, payload });
        }
      },
      onEnd: (error) => {
        if (state.activeGeneration !== generation) return;
        state.unsubscribe = undefined;
        state.activeGeneration = -1;
        if (error.code === 'unauthenticated' && state.token === token) this.setToken(state, webContentsId, undefined);
      },
    });
    if (state.forgotten || generation !== state.generation) {
      if (result.ok) result.unsubscribe();
      return;
    }
    // The new feed is live before the old one stops, so no event falls in between.
    state.unsubscribe?.();
    state.unsubscribe = result.ok ? result.unsubscribe : undefined;
    state.activeGeneration = result.ok ? generation : -1;
    if (!result.ok && result.error.code === 'unauthenticated' && state.token === token) {
      this.setToken(state, webContentsId, undefined);
    }
  }
}
