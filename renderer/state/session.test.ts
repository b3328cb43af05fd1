import { describe, expect, it, vi } from 'vitest';
import type { User } from '../../main/contract/index.js';
import { ApiError } from '../api/api-error.js';
import { createSessionStore, SESSION_ENDED, SESSION_STORAGE_KEY } from './session.js';
import { memoryStorage } from './storage.js';

const user: User = {
  id: '01HZY3J5M8Q2W7X9A0B1C2D3E4',
  tenantId: '01HZY3J5M8Q2W7X9A0B1C2D3E5',
  email: 'ada@example.com',
  name: 'Ada',
  role: 'admin',
  installationAdmin: false,
  createdAt: 0,
};

function setup(call: (method: string, input: unknown) => Promise<unknown>, keepToken = true, saved?: object) {
  const storage = memoryStorage(saved ? { [SESSION_STORAGE_KEY]: JSON.stringify({ state: saved, version: 0 }) } : {});
  const callMock = vi.fn(call);
  const store = createSessionStore({
    api: () => ({ call: callMock as never }),
    storage,
    keepToken,
  });
  return { store, storage, call: callMock };
}

describe('session store', () => {
  it('signs in and persists token and user', async () => {
    const { store, storage } = setup(async () => ({ token: 'T', expiresAt: 1, user }));
    await store.getState().signIn('ada@example.com', 'pw');
    expect(store.getState()).toMatchObject({ status: 'signed-in', token: 'T', user, notice: null });
    expect(JSON.parse(storage.data.get(SESSION_STORAGE_KEY) ?? '{}').state).toEqual({ token: 'T', user, tenant: '' });
  });

  it('signs in to a named organisation and remembers it for the next sign-in', async () => {
    const { store, call, storage } = setup(async () => ({ token: 'T', expiresAt: 1, user }));
    await store.getState().signIn('ada@example.com', 'pw', ' Acme ');
    expect(call).toHaveBeenCalledWith('auth.login', { email: 'ada@example.com', password: 'pw', tenant: 'acme' });
    expect(JSON.parse(storage.data.get(SESSION_STORAGE_KEY) ?? '{}').state.tenant).toBe('acme');
  });

  it('passes a login error to the caller and stays signed out', async () => {
    const { store } = setup(async () => {
      throw new ApiError('unauthenticated', 'Wrong email or password.');
    });
    store.setState({ status: 'signed-out' });
    await expect(store.getState().signIn('a@b.c', 'x')).rejects.toThrow('Wrong email or password.');
    expect(store.getState().status).toBe('signed-out');
  });

  it('restores a saved session after checking it with auth.me', async () => {
    const { store, call } = setup(async () => user, true, { token: 'T', user: null });
    expect(store.getState().token).toBe('T');
    await store.getState().restore();
    expect(call).toHaveBeenCalledWith('auth.me', {});
    expect(store.getState()).toMatchObject({ status: 'signed-in', user });
  });

  it('goes straight to signed out without a saved token', async () => {
    const { store, call } = setup(async () => user);
    await store.getState().restore();
    expect(call).not.toHaveBeenCalled();
    expect(store.getState().status).toBe('signed-out');
  });

  it('forgets an expired saved session and says why', async () => {
    const { store, storage } = setup(
      async () => {
        throw new ApiError('unauthenticated', 'Session expired.');
      },
      true,
      { token: 'OLD', user },
    );
    await store.getState().restore();
    expect(store.getState()).toMatchObject({ status: 'signed-out', token: null, user: null, notice: SESSION_ENDED });
    expect(JSON.parse(storage.data.get(SESSION_STORAGE_KEY) ?? '{}').state.token).toBeNull();
  });

  it('keeps a saved session when the server cannot be reached', async () => {
    const { store } = setup(
      async () => {
        throw new ApiError('unavailable', 'Cannot reach Outpost.');
      },
      true,
      { token: 'T', user },
    );
    await store.getState().restore();
    expect(store.getState()).toMatchObject({ status: 'signed-in', token: 'T', user });
  });

  it('signs out locally even when the server is gone', async () => {
    const { store } = setup(async () => {
      throw new ApiError('unavailable', 'Cannot reach Outpost.');
    });
    store.setState({ status: 'signed-in', token: 'T', user });
    await store.getState().signOut();
    expect(store.getState()).toMatchObject({ status: 'signed-out', token: null, user: null });
  });

  it('in the desktop app asks auth.me and never keeps a token', async () => {
    const { store, storage } = setup(
      async (method) => (method === 'auth.me' ? user : { token: 'T', expiresAt: 1, user }),
      false,
    );
    await store.getState().restore();
    expect(store.getState()).toMatchObject({ status: 'signed-in', user, token: null });
    await store.getState().signIn('ada@example.com', 'pw');
    expect(store.getState().token).toBeNull();
    expect(JSON.parse(storage.data.get(SESSION_STORAGE_KEY) ?? '{}').state).toEqual({
      token: null,
      user: null,
      tenant: '',
    });
  });

  it('shows no "session ended" notice when the desktop app simply has nobody signed in yet', async () => {
    const { store } = setup(async () => {
      throw new ApiError('unauthenticated', 'Sign in.');
    }, false);
    await store.getState().restore();
    expect(store.getState()).toMatchObject({ status: 'signed-out', notice: null });
  });
});
