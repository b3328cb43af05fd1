import { create } from 'zustand';
import type { PublicStatus, ReleaseEnv, ReleaseManifest } from '../../main/contract/index.js';
import { PublicMapError, type PublicMapClient } from '../api/public-map.js';

/**
 * A wall board: the published release of one site and environment, with its public status.
 * Public clients have no subscription channel, so the board polls: status every 30 s (the server
 * caches the upstream's answer for 30 s anyway, so asking more often would show nothing newer), and
 * release.json every 60 s with If-None-Match, so a new release appears within a minute and an
 * unchanged one costs a 304.
 */
export const STATUS_POLL_MS = 30_000;
export const RELEASE_POLL_MS = 60_000;

export interface WallBoardState {
  phase: 'idle' | 'loading' | 'ready' | 'not-published' | 'error';
  slug: string | null;
  env: ReleaseEnv;
  manifest: ReleaseManifest | null;
  basemapUrl: string | null;
  overlaySvg: string | null;
  status: PublicStatus | null;
  /** Status per overlay external id, for MapCanvas. */
  statusByOverlay: ReadonlyMap<string, string>;
  /** `Date.now()` when `status` arrived: its `ageMs` was measured then, on the server's clock. */
  statusReceivedAt: number | null;
  /** Why the last status poll failed; the last good colours stay. */
  statusError: string | null;
  /** Why the release could not be (re)loaded: the whole message when nothing is shown, a banner otherwise. */
  error: string | null;
  /** Starts showing `slug`/`env` and polling. Returns the function that stops it. */
  start(slug: string, env: ReleaseEnv): () => void;
  refreshRelease(): Promise<void>;
  refreshStatus(): Promise<void>;
}

export function createWallBoardStore(client: () => PublicMapClient) {
  // Bumped by start(): answers for an earlier slug or environment are dropped.
  let run = 0;
  let etag: string | null = null;
  let overlaySha: string | null = null;

  return create<WallBoardState>()((set, get) => {
    const isCurrent = (mine: number) => mine === run;

    /** The status fields after an answer, or after a failed poll (the last good colours stay). */
    function statusFields(answer: { status: PublicStatus } | { error: unknown }): Partial<WallBoardState> {
      if ('error' in answer) {
        return { statusError: answer.error instanceof Error ? answer.error.message : String(answer.error) };
      }
      const { status } = answer;
      return {
        status,
        statusByOverlay: new Map(status.items.map((i) => [i.externalId, i.status])),
        statusReceivedAt: Date.now(),
        statusError: null,
      };
    }

    const askStatus = (slug: string, env: ReleaseEnv) =>
      client()
        .status(slug, env)
        .then(
          (status) => ({ status }),
          (error: unknown) => ({ error }),
        );

    async function refreshStatus(): Promise<void> {
      const { slug, env, manifest } = get();
      if (slug === null || manifest === null) return;
      const mine = run;
      const answer = await askStatus(slug, env);
      if (isCurrent(mine)) set(statusFields(answer));
    }

    async function refreshRelease(): Promise<void> {
      const { slug, env } = get();
      if (slug === null) return;
      const mine = run;
      try {
        const answer = await client().release(slug, env, etag);
        if (!isCurrent(mine)) return;
        if (answer === null) {
          set({ error: null });
          return;
        }
        const { manifest } = answer;
        const newVersion = get().manifest?.version !== manifest.version;
        // A new release's statuses are asked for alongside its overlay file, and the board shows
        // both at once: drawn first with every overlay unknown, its legend would grow and push the
        // map down a moment later.
        const statusAnswer = newVersion ? askStatus(slug, env) : null;
        const overlay = manifest.assets.find((a) => a.role === 'overlay') ?? null;
        const basemap = manifest.assets.find((a) => a.role === 'basemap') ?? null;
        // The overlay text only when its file changed: a release that only moved a binding keeps it.
        if ((overlay?.sha256 ?? null) !== overlaySha) {
          const text = overlay ? await client().assetText(slug, overlay.sha256) : null;
          if (!isCurrent(mine)) return;
          overlaySha = overlay?.sha256 ?? null;
          set({ overlaySvg: text });
        }
        const statusUpdate = statusAnswer ? statusFields(await statusAnswer) : {};
        if (!isCurrent(mine)) return;
        etag = answer.etag;
        set({
          phase: 'ready',
          manifest,
          basemapUrl: basemap ? client().assetUrl(slug, basemap.sha256) : null,
          error: null,
          ...statusUpdate,
        });
      } catch (err) {
        if (!isCurrent(mine)) return;
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof PublicMapError && err.problem === 'not-published') {
          etag = null;
          overlaySha = null;
          set({ phase: 'not-published', manifest: null, overlaySvg: null, basemapUrl: null, error: message });
        } else {
          // A board already showing a release keeps showing it through a network blip.
          set({ phase: get().manifest ? 'ready' : 'error', error: message });
        }
      }
    }

    return {
      phase: 'idle',
      slug: null,
      env: 'production',
      manifest: null,
      basemapUrl: null,
      overlaySvg: null,
      status: null,
      statusByOverlay: new Map(),
      statusReceivedAt: null,
      statusError: null,
      error: null,
      refreshRelease,
      refreshStatus,

      start(slug, env) {
        const mine = ++run;
        etag = null;
        overlaySha = null;
        set({
          phase: 'loading',
          slug,
          env,
          manifest: null,
          basemapUrl: null,
          overlaySvg: null,
          status: null,
          statusByOverlay: new Map(),
          statusReceivedAt: null,
          statusError: null,
          error: null,
        });
        void refreshRelease();
        const statusTimer = setInterval(() => void refreshStatus(), STATUS_POLL_MS);
        const releaseTimer = setInterval(() => void refreshRelease(), RELEASE_POLL_MS);
        return () => {
          clearInterval(statusTimer);
          clearInterval(releaseTimer);
          if (mine === run) run++;
        };
      },
    };
  });
}

export type WallBoardStore = ReturnType<typeof createWallBoardStore>;
