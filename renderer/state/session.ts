import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { User } from '../../main/contract/index.js';
import { ApiError, isUnreachable } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import { jsonStorage } from './storage.js';
import type { StateStorage } from 'zustand/middleware';

export const SESSION_STORAGE_KEY = 'outpost.session';
export const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';

/** `restoring` until we know whether the saved session (or the desktop app's) is still valid. */
export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';

export interface SessionState {
  status: SessionStatus;
  user: User | null;
  /** The bearer token for HTTP. Always null in the desktop app, whose main process holds it. */
  token: string | null;
  /** Why the user is looking at the login page, when it was not their own doing. */
  notice: string | null;
  /** The organisation (tenant slug) of the last sign-in; empty for the default one. Kept for the next sign-in. */
  tenant: string;
  /**
   * Rejects with ApiError (wrong password, rate limited…) for the login page to show. `tenant` is
   * the organisation's slug; empty signs in to the installation's default one.
   */
  signIn(email: string, password: string, tenant?: string): Promise<void>;
  signOut(): Promise<void>;
  /** Checks the saved session with `auth.me` at start-up. */
  restore(): Promise<void>;
  /** The server answered 401: forget the session and show the login page. */
  expire(): void;
}

export interface SessionDeps {
  /** Lazy, because the API client itself reads the token from this store. */
  api: () => Pick<ApiClient, 'call'>;
  storage: StateStorage;
  /** False in the desktop app: there is no token to keep, and `auth.me` answers who is signed in. */
  keepToken: boolean;
}

type Persisted = Pick<SessionState, 'token' | 'user' | 'tenant'>;

export function createSessionStore({ api, storage, keepToken }: SessionDeps) {
  return create<SessionState>()(
    persist(
      (set, get) => ({
        status: 'restoring',
        user: null,
        token: null,
        notice: null,
        tenant: '',

        async signIn(email, password, tenant = '') {
          const slug = tenant.trim().toLowerCase();
          const result = await api().call('auth.login', { email, password, ...(slug ? { tenant: slug } : {}) });
          set({
            status: 'signed-in',
            user: result.user,
            token: keepToken ? result.token : null,
            notice: null,
            tenant: slug,
          });
        },

        async signOut() {
          try {
            await api().call('auth.logout', {});
          } catch {
            // Signing out locally must work even when the server is gone; its session expires on its own.
          }
          set({ status: 'signed-out', user: null, token: null, notice: null });
        },

        async restore() {
          if (keepToken && !get().token) {
            set({ status: 'signed-out', user: null });
            return;
          }
          try {
            const user = await api().call('auth.me', {});
            set({ status: 'signed-in', user });
          } catch (err) {
            if (err instanceof ApiError && err.code === 'unauthenticated') {
              get().expire();
            } else if (isUnreachable(err) && get().user) {
              // Offline is normal for Outpost: keep the saved session and let each page say what failed.
              set({ status: 'signed-in' });
            } else {
              set({
                status: 'signed-out',
                token: null,
                user: null,
                notice: err instanceof Error ? err.message : SESSION_ENDED,
              });
            }
          }
        },

        expire() {
          const { status, token } = get();
          if (status === 'signed-out' && !token) return;
          // At desktop start-up "not signed in yet" is not news; only a lost session is.
          const hadSession = status === 'signed-in' || token !== null;
          set({ status: 'signed-out', user: null, token: null, notice: hadSession ? SESSION_ENDED : null });
        },
      }),
      {
        name: SESSION_STORAGE_KEY,
        storage: jsonStorage<Persisted>(storage),
        partialize: (state): Persisted =>
          keepToken
            ? { token: state.token, user: state.user, tenant: state.tenant }
            : { token: null, user: null, tenant: state.tenant },
      },
    ),
  );
}

export type SessionStore = ReturnType<typeof createSessionStore>;
