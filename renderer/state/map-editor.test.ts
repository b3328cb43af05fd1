import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Overlay, SiteMapDraft } from '../../main/contract/index.js';
import { ApiError } from '../api/api-error.js';
import { CONFLICT_NOTICE, createMapEditorStore } from './map-editor.js';

const SITE = 'S'.padEnd(26, '0');
const OTHER = 'T'.padEnd(26, '0');

const door: Overlay = { externalId: 'door', shapeId: 'shape-door', label: 'Door', binding: null };
const gate: Overlay = { externalId: 'gate', shapeId: 'shape-gate', label: 'Gate', binding: null };

function draft(overlays: Overlay[], revision = 1, siteId = SITE): SiteMapDraft {
  return {
    siteId,
    revision,
    updatedAt: null,
    basemap: null,
    overlayLayer: null,
    shapes: [
      { shapeId: 'shape-door', kind: 'rect', label: null },
      { shapeId: 'shape-gate', kind: 'path', label: null },
      { shapeId: 'shape-free', kind: 'circle', label: null },
    ],
    overlays,
    statusMapping: { rules: [], custom: [] },
    legend: [],
  };
}

function setup(save: (input: { baseRevision?: number; upserts: Overlay[]; deletes: string[] }) => Promise<unknown>) {
  const call = vi.fn((method: string, input: never) => {
    if (method !== 'sitemap.saveOverlays') throw new Error(`unexpected ${method}`);
    return save(input);
  });
  const reloadDraft = vi.fn(async () => draft([{ ...door, label: 'Theirs' }], 7));
  const onSaved = vi.fn();
  let clock = 0;
  const store = createMapEditorStore({
    api: () => ({ call }) as never,
    reloadDraft,
    onSaved,
    now: () => (clock += 10_000),
  });
  store.getState().seed(draft([door, gate]));
  return { store, call, reloadDraft, onSaved };
}

describe('map editor store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows an edit at once and saves edits made within the debounce in one call', async () => {
    let revision = 1;
    const { store, call, onSaved } = setup(async () => ({ revision: ++revision }));
    store.getState().update('door', { label: 'Front door' });
    store.getState().update('gate', { binding: { type: 'zone', zone: 'yard' } });
    expect(store.getState().overlays[0]!.label).toBe('Front door');
    expect(store.getState().save.kind).toBe('saving');
    expect(call).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(400);
    expect(call).toHaveBeenCalledTimes(1);
    expect(call.mock.calls[0]![1]).toEqual({
      siteId: SITE,
      baseRevision: 1,
      upserts: [
        { ...door, label: 'Front door' },
        { ...gate, binding: { type: 'zone', zone: 'yard' } },
      ],
      deletes: [],
    });
    expect(store.getState().revision).toBe(2);
    expect(store.getState().save.kind).toBe('saved');
    expect(onSaved).toHaveBeenCalledWith(SITE, 2, store.getState().overlays);
  });

  it('undo saves the inverse; redo saves the edit again', async () => {
    let revision = 1;
    const { store, call } = setup(async () => ({ revision: ++revision }));
    store.getState().remove('gate');
    await vi.advanceTimersByTimeAsync(400);
    expect(call.mock.calls[0]![1]).toMatchObject({ baseRevision: 1, upserts: [], deletes: ['gate'] });

    store.getState().undo();
    expect(store.getState().overlays.map((o) => o.externalId)).toEqual(['door', 'gate']);
    expect(store.getState().selectedId).toBe('gate');
    await vi.advanceTimersByTimeAsync(400);
    expect(call.mock.calls[1]![1]).toMatchObject({ baseRevision: 2, upserts: [gate], deletes: [] });

    store.getState().redo();
    await vi.advanceTimersByTimeAsync(400);
    expect(call.mock.calls[2]![1]).toMatchObject({ baseRevision: 3, upserts: [], deletes: ['gate'] });
    expect(store.getState().undoStack.past).toHaveLength(1);
  });

  it('on a conflict reloads the draft, drops the edit and says so', async () => {
    const { store, reloadDraft } = setup(async () => {
      throw new ApiError('conflict', 'The map changed.');
    });
    store.getState().update('door', { label: 'Mine' });
    await vi.advanceTimersByTimeAsync(400);
    expect(reloadDraft).toHaveBeenCalledWith(SITE);
    expect(store.getState().overlays).toEqual([{ ...door, label: 'Theirs' }]);
    expect(store.getState().revision).toBe(7);
    expect(store.getState().save.kind).toBe('conflict');
    expect(store.getState().notice).toBe(CONFLICT_NOTICE);
    expect(store.getState().undoStack.past).toEqual([]);
    expect(store.getState().hasUnsaved()).toBe(false);
  });

  it('keeps failed edits for "Retry", merged with edits made since', async () => {
    let fail = true;
    const { store, call } = setup(async () => {
      if (fail) throw new ApiError('unavailable', 'Outpost is not reachable.');
      return { revision: 2 };
    });
    store.getState().update('door', { label: 'One' });
    await vi.advanceTimersByTimeAsync(400);
    expect(store.getState().save).toEqual({ kind: 'error', reason: 'Outpost is not reachable.' });
    expect(store.getState().hasUnsaved()).toBe(true);

    fail = false;
    store.getState().remove('gate');
    await store.getState().flush();
    expect(call).toHaveBeenCalledTimes(2);
    expect(call.mock.calls[1]![1]).toMatchObject({ upserts: [{ ...door, label: 'One' }], deletes: ['gate'] });
    expect(store.getState().save.kind).toBe('saved');
  });

  it('saves edits made during a save right after it, on the new revision', async () => {
    let release!: () => void;
    let revision = 1;
    const { store, call } = setup(
      () =>
        new Promise((resolve) => {
          release = () => resolve({ revision: ++revision });
        }),
    );
    store.getState().update('door', { label: 'A' });
    await vi.advanceTimersByTimeAsync(400);
    expect(call).toHaveBeenCalledTimes(1);
    store.getState().update('gate', { label: 'B' });
    const flushing = store.getState().flush();
    release();
    await vi.waitFor(() => expect(call).toHaveBeenCalledTimes(2));
    expect(call.mock.calls[1]![1]).toMatchObject({ baseRevision: 2, upserts: [{ ...gate, label: 'B' }] });
    release();
    await flushing;
    expect(store.getState().revision).toBe(3);
  });

  it('adopts an outside change only when nothing is waiting, and forgets the undo history then', () => {
    const { store } = setup(async () => ({ revision: 2 }));
    store.getState().update('door', { label: 'Mine' });
    store.getState().sync(draft([door], 5));
    expect(store.getState().overlays[0]!.label).toBe('Mine');
  });

  it('adopts a newer draft when idle; ignores its own revision coming back', async () => {
    const { store } = setup(async () => ({ revision: 2 }));
    store.getState().update('door', { label: 'Mine' });
    await vi.advanceTimersByTimeAsync(400);
    store.getState().sync(draft([{ ...door, label: 'Mine' }, gate], 2));
    expect(store.getState().undoStack.past).toHaveLength(1);
    store.getState().sync(draft([gate], 3));
    expect(store.getState().overlays).toEqual([gate]);
    expect(store.getState().undoStack.past).toEqual([]);
  });

  it('selects the overlay on a clicked shape, or offers the shape for a new overlay', () => {
    const { store } = setup(async () => ({ revision: 2 }));
    store.getState().selectShape('shape-gate');
    expect(store.getState()).toMatchObject({ selectedId: 'gate', selectedShapeId: null });
    store.getState().selectShape('shape-free');
    expect(store.getState()).toMatchObject({ selectedId: null, selectedShapeId: 'shape-free' });
    store.getState().create({ externalId: 'free', shapeId: 'shape-free', label: 'Free', binding: null });
    expect(store.getState()).toMatchObject({ selectedId: 'free', selectedShapeId: null });
  });

  it('coalesces typing in a label into one undo step', () => {
    const typing = createMapEditorStore({
      api: () => ({ call: vi.fn() }) as never,
      reloadDraft: vi.fn(),
      onSaved: vi.fn(),
      now: () => 0,
    });
    typing.getState().seed(draft([door]));
    typing.getState().update('door', { label: 'D' }, 'label:door');
    typing.getState().update('door', { label: 'Do' }, 'label:door');
    expect(typing.getState().undoStack.past).toHaveLength(1);
    typing.getState().reset();
  });

  it('switching sites starts a new history and still saves what the old site was waiting for', () => {
    const { store, call } = setup(async () => ({ revision: 2 }));
    store.getState().update('door', { label: 'Unsaved' });
    store.getState().seed(draft([], 1, OTHER));
    expect(call).toHaveBeenCalledWith('sitemap.saveOverlays', expect.objectContaining({ siteId: SITE }));
    expect(store.getState()).toMatchObject({ siteId: OTHER, overlays: [], selectedId: null });
    expect(store.getState().undoStack.past).toEqual([]);
  });
});
