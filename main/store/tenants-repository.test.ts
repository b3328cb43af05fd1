import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './index.js';

describe('tenants repository', () => {
  let dataDir: string;
  let store: Store;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'outpost-tenants-'));
    store = await openStore({ dataDir });
  });

  afterEach(() => {
    store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ensureDefault creates the default tenant once and returns the same one afterwards', async () => {
    const first = store.tenants.ensureDefault();
    expect(first).toMatchObject({ slug: 'default', name: 'Default', disabledAt: null });
    expect(first.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(store.tenants.ensureDefault()).toEqual(first);

    store.close();
    store = await openStore({ dataDir });
    expect(store.tenants.ensureDefault()).toEqual(first);
    expect(store.tenants.list()).toEqual([first]);
  });

  it('creates tenants, finds them by id and slug, and refuses a duplicate slug', () => {
    const acme = store.tenants.create({ slug: 'acme', name: 'Acme' });
    expect(store.tenants.get(acme.id)).toEqual(acme);
    expect(store.tenants.getBySlug('acme')).toEqual(acme);
    expect(store.tenants.getBySlug('nope')).toBeUndefined();
    expect(() => store.tenants.create({ slug: 'acme', name: 'Other' })).toThrow(
      expect.objectContaining({ code: 'conflict', message: expect.stringContaining("slug 'acme'") }),
    );
  });

  it('disables and enables a tenant by id', () => {
    const acme = store.tenants.create({ slug: 'acme', name: 'Acme' });
    expect(store.tenants.setDisabled(acme.id, 1234)).toEqual({ ...acme, disabledAt: 1234 });
    expect(store.tenants.getBySlug('acme')?.disabledAt).toBe(1234);
    expect(store.tenants.setDisabled(acme.id, null)).toEqual(acme);
    expect(store.tenants.setDisabled('01HZZZZZZZZZZZZZZZZZZZZZZZ', 1)).toBeUndefined();
  });
});
