import { create } from 'zustand';
import type { SiteMapDraft, SiteStatus } from '../../main/contract/index.js';
import { describeError } from '../api/api-error.js';
import type { ApiClient } from '../api/client.js';
import { base64ToObjectUrl, base64ToText } from './site-map-assets.js';
import { indexStatus, isNewerDraft } from './site-map-status.js';

export interface SiteMapState {
  siteId: string | null;
  draft: SiteMapDraft | null;
  /** A `blob:` URL of the base map; replaced (and the old one revoked) when the asset changes. */
  basemapUrl: string | null;
  /** The overlay layer's (sanitised) SVG text; MapCanvas sanitises it again before showing it. */
  overlaySvg: string | null;
  status: SiteStatus | null;
  /** Normalised status per entity id, from `status`. */
  statusByEntity: ReadonlyMap<string, string>;
  /** Why the status could not be read (no source has answered yet, …): the map still shows, in `unknown`. */
  statusError: string | null;
  /** True while the draft (and its assets) load; a reload keeps showing the map meanwhile. */
  loading: boolean;
  /** Why the draft could not be loaded. After a failed reload the last good map stays on screen. */
  error: string | null;
  /** Why the base map or the overlay layer could not be fetched. */
  assetError: string | null;
  /** Shows `siteId`'s map (forgetting another site's at once). */
  load(siteId: string): Promise<void>;
  /** Fetches the shown site's draft and status again, keeping what is shown until the answers arrive. */
  reload(): Promise<void>;
  /** Follows `sitemap.changed` and `sitemap.status` for the shown site. Returns the unsubscribe function. */
  watch(): () => void;
  /** For the editor's optimistic updates: show this draft now (assets are fetched only if their ids changed). */
  setDraft(draft: SiteMapDraft): void;
  /** Forgets everything, e.g. on sign-out. */
  reset(): void;
}

export interface SiteMapStoreOptions {
  /** `blob:` URL handling; tests pass a fake (Node has no object URLs for images). */
  objectUrls?: { create(base64: string, contentType: string): string; revoke(url: string): void };
}

type Api = Pick<ApiClient, 'call' | 'subscribe'>;

const EMPTY = {
  siteId: null,
  draft: null,
  basemapUrl: null,
  overlaySvg: null,
  status: null,
  statusByEntity: new Map<string, string>(),
  statusError: null,
  loading: false,
  error: null,
  assetError: null,
} satisfies Partial<SiteMapState>;

export function createSiteMapStore(api: () => Api, options: SiteMapStoreOptions = {}) {
  const urls = options.objectUrls ?? {
    create: base64ToObjectUrl,
    revoke: (url: string) => URL.revokeObjectURL(url),
  };
  // A new site (or reset) bumps `site`: answers for the previous one are dropped. Every fetch of the
  // draft bumps `fetches`: of two reloads in flight, only the newer answer may land.
  let site = 0;
  let fetches = 0;
  // Pushes since a `sitemap.status` call was sent: a push is newer than that call's answer.
  let statusPushes = 0;
  // setDraft calls since a `sitemap.get` was sent: the editor's local edit beats an answer of the same revision.
  let localEdits = 0;
  // Asset id shown (or being fetched) per kind; undefined = nothing asked yet.
  const assetIds: { basemap?: string | null; overlay?: string | null } = {};

  return create<SiteMapState>()((set, get) => {
    function forgetAssets(): void {
      const url = get().basemapUrl;
      if (url) urls.revoke(url);
      delete assetIds.basemap;
      delete assetIds.overlay;
    }

    function showStatus(status: SiteStatus): void {
      set({ status, statusByEntity: indexStatus(status), statusError: null });
    }

    /** Fetches the assets whose ids changed since they were last fetched; other edits cost nothing. */
    async function syncAssets(draft: SiteMapDraft): Promise<void> {
      const mySite = site;
      const tasks: Promise<void>[] = [];
      const basemapId = draft.basemap?.id ?? null;
      if (assetIds.basemap !== basemapId) {
        assetIds.basemap = basemapId;
        if (basemapId === null) {
          const old = get().basemapUrl;
          if (old) urls.revoke(old);
          set({ basemapUrl: null });
        } else {
          tasks.push(
            api()
              .call('sitemap.assetContent', { siteId: draft.siteId, assetId: basemapId })
              .then((asset) => {
                if (mySite !== site || assetIds.basemap !== basemapId) return;
                const old = get().basemapUrl;
                set({ basemapUrl: urls.create(asset.contentBase64, asset.contentType) });
                if (old) urls.revoke(old);
              }),
          );
        }
      }
      const overlayId = draft.overlayLayer?.id ?? null;
      if (assetIds.overlay !== overlayId) {
        assetIds.overlay = overlayId;
        if (overlayId === null) set({ overlaySvg: null });
        else {
          tasks.push(
            api()
              .call('sitemap.assetContent', { siteId: draft.siteId, assetId: overlayId })
              .then((asset) => {
                if (mySite !== site || assetIds.overlay !== overlayId) return;
                set({ overlaySvg: base64ToText(asset.contentBase64) });
              }),
          );
        }
      }
      const results = await Promise.allSettled(tasks);
      if (mySite !== site) return;
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        // Asked again by the next reload.
        if (assetIds.basemap === basemapId && !get().basemapUrl) delete assetIds.basemap;
        if (assetIds.overlay === overlayId && get().overlaySvg === null) delete assetIds.overlay;
        set({ assetError: `The map's files could not be loaded: ${describeError(failed.reason)}` });
      } else if (tasks.length > 0) set({ assetError: null });
    }

    async function fetchMap(): Promise<void> {
      const siteId = get().siteId;
      if (siteId === null) return;
      const mySite = site;
      const mine = ++fetches;
      const pushesBefore = statusPushes;
      const editsBefore = localEdits;
      set({ loading: true });
      const [draftResult, statusResult] = await Promise.allSettled([
        api().call('sitemap.get', { siteId }),
        api().call('sitemap.status', { siteId }),
      ]);
      if (mySite !== site) return;

      if (statusResult.status === 'fulfilled') {
        if (statusPushes === pushesBefore) showStatus(statusResult.value);
      } else if (statusPushes === pushesBefore) {
        set({ statusError: describeError(statusResult.reason) });
      }

      if (draftResult.status === 'rejected') {
        if (mine === fetches) set({ loading: false, error: describeError(draftResult.reason) });
        return;
      }
      const draft = draftResult.value;
      if (mine !== fetches) return;
      if (!isNewerDraft(get().draft, draft, localEdits !== editsBefore)) {
        set({ loading: false });
        return;
      }
      set({ draft, error: null });
      await syncAssets(draft);
      if (mySite === site && mine === fetches) set({ loading: false });
    }

    return {
      ...EMPTY,

      async load(siteId) {
        if (siteId !== get().siteId) {
          site++;
          forgetAssets();
          set({ ...EMPTY, siteId });
        }
        set({ error: null });
        await fetchMap();
      },

      reload: () => fetchMap(),

      watch() {
        const offChanged = api().subscribe('sitemap.changed', (message) => {
          const { siteId, draft } = get();
          if (message.siteId === siteId && message.revision !== draft?.revision) void fetchMap();
        });
        const offStatus = api().subscribe('sitemap.status', (status) => {
          if (status.siteId !== get().siteId) return;
          statusPushes++;
          showStatus(status);
        });
        return () => {
          offChanged();
          offStatus();
        };
      },

      setDraft(draft) {
        if (draft.siteId !== get().siteId) return;
        localEdits++;
        set({ draft });
        void syncAssets(draft);
      },

      reset() {
        site++;
        fetches++;
        forgetAssets();
        set({ ...EMPTY });
      },
    };
  });
}

export type SiteMapStore = ReturnType<typeof createSiteMapStore>;
