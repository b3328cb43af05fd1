import { createJSONStorage, type PersistStorage, type StateStorage } from 'zustand/middleware';

/**
 * localStorage when the page may use it; otherwise (private modes that throw, tests under Node)
 * a memory store, so a missing localStorage never breaks sign-in — it only forgets on reload.
 */
export function browserStorage(): StateStorage {
  try {
    const storage = globalThis.localStorage;
    const probe = 'outpost.probe';
    storage.setItem(probe, probe);
    storage.removeItem(probe);
    return storage;
  } catch {
    return memoryStorage();
  }
}

export function memoryStorage(initial: Record<string, string> = {}): StateStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (name) => data.get(name) ?? null,
    setItem: (name, value) => void data.set(name, value),
    removeItem: (name) => void data.delete(name),
  };
}

export function jsonStorage<S>(storage: StateStorage): PersistStorage<S> | undefined {
  return createJSONStorage<S>(() => storage);
}
