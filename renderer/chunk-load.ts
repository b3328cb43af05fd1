import { lazy, type ComponentType } from 'react';

/**
 * A piece of the app's code that could not be fetched. The usual cause is an upgrade: a tab
 * opened before it asks for chunk files the new build no longer has (their names carry a hash of
 * their content). The other is the network dropping mid-navigation.
 */
export class ChunkLoadError extends Error {
  constructor(cause: unknown) {
    super('A part of Outpost could not be loaded.', { cause });
    this.name = 'ChunkLoadError';
  }
}

/** Every dynamic import goes through here, so a failure is recognisable whatever the browser's wording. */
export async function loadChunk<T>(importer: () => Promise<T>): Promise<T> {
  try {
    return await importer();
  } catch (cause) {
    throw new ChunkLoadError(cause);
  }
}

/** `React.lazy` over a named export: `lazyComponent(() => import('./X.js').then((m) => m.X))`. */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await loadChunk(load) }));
}

export const RELOAD_KEY = 'outpost.chunk-reload';
/** A second failure within this long after an automatic reload is not fixed by reloading again. */
export const RELOAD_WINDOW_MS = 60_000;

interface ReloadStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * Whether this tab should reload to pick up the new build: yes the first time, no when it already
 * did so in the last minute (the reload did not help, so the user gets the message and a button
 * instead of a reload loop). Without session storage there is no way to tell, so no automatic reload.
 */
export function claimReload(storage: ReloadStorage | undefined, now = Date.now()): boolean {
  if (!storage) return false;
  try {
    const last = Number(storage.getItem(RELOAD_KEY));
    if (Number.isFinite(last) && last > 0 && now - last < RELOAD_WINDOW_MS) return false;
    storage.setItem(RELOAD_KEY, String(now));
    return true;
  } catch {
    return false;
  }
}

function sessionStore(): ReloadStorage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

const decisions = new WeakMap<object, boolean>();

/**
 * The decision for one failure, made once: React may render the component that shows it twice
 * (StrictMode), and the second render must not read the first one's claim as an earlier reload.
 */
export function reloadDecision(error: object): boolean {
  let decision = decisions.get(error);
  if (decision === undefined) {
    decision = claimReload(sessionStore());
    decisions.set(error, decision);
  }
  return decision;
}
