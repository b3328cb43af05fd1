import type {
  AlertSeverity,
  HomeAlert,
  HomeDevice,
  HomeGroup,
  HomeOverlay,
  HomeSource,
  HomeSpike,
  HomeTunnelPeer,
  PeerState,
  SiteStatus,
  SyncSiteState,
} from '../contract/index.js';
import type { Config, Logger } from '../core/slice-kit/index.js';
import type { Scope, SiteScope, Store } from '../store/index.js';

/** What Home reads from the store. */
export type HomeStore = Pick<
  Store,
  'sites' | 'alerts' | 'groups' | 'devices' | 'events' | 'sitemap' | 'sources' | 'home'
>;

/** One tunnel interface's peers as the tunnels slice reports them. */
export interface TunnelStatusItem {
  interfaceId: string;
  peers: {
    peerId: string;
    name: string;
    siteId: string | null;
    state: PeerState;
    handshakeAgeSeconds: number | null;
  }[];
}

/** The narrow view of the other slices Home reads. */
export interface HomeDeps {
  store: HomeStore;
  /** The site map's live status of a site (offline devices, statuses of overlay targets). */
  siteStatus(scope: SiteScope): Promise<SiteStatus>;
  /** A source's current health, as its supervisor sees it (undefined: not running). */
  sourceHealth(sourceId: string): { state: 'ok' | 'degraded' | 'down' | 'stopped' } | undefined;
  /** Tunnel peers and their state; absent where the installation has no tunnels slice. */
  tunnels?: (scope: Scope) => { items: TunnelStatusItem[] };
  /** Tells an open Home of the tenant that its cached answer was renewed (topic `home.changed`). */
  announce(tenantId: string, at: number): void;
  config: Config['home'];
  now: () => number;
  logger: Logger;
}

/** The shared parts of a tenant's Home, computed once for all its users; per-user flags (isNew) come later. */
export type Stripped<T> = Omit<T, 'isNew'>;

export interface SiteInfo {
  id: string;
  name: string;
  slug: string;
  sample: boolean;
}

export interface SiteStatusPart {
  offline: Stripped<HomeDevice>[];
  alarm: HomeOverlay[];
  error: string | null;
  /** What changes the part: the ids of offline entities and overlays in alarm, and the error. */
  fingerprint: string;
}

export interface AlertsPart {
  open: Record<AlertSeverity, number>;
  acknowledged: number;
  items: Stripped<HomeAlert>[];
  /** The state of every live alert, so a repeat of an alert (no change for Home) is told from a change. */
  states: Map<string, 'open' | 'acknowledged'>;
}

export interface SourcesPart {
  failing: HomeSource[];
  total: number;
  ids: Set<string>;
}

export interface TunnelsPart {
  up: number;
  stale: number;
  down: number;
  items: HomeTunnelPeer[];
}

export interface SpikeInfo extends Stripped<HomeSpike> {
  /** When it stops showing. */
  until: number;
}

export interface Sections {
  sites: SiteInfo[];
  alerts: AlertsPart;
  groups: Stripped<HomeGroup>[];
  status: Map<string, SiteStatusPart>;
  sources: SourcesPart;
  tunnels: TunnelsPart | null;
  spikes: Map<string, SpikeInfo>;
  sync: Map<string, SyncSiteState>;
}

/** Sections recomputed from the store; spikes and sync are kept from the bus messages themselves. */
export type StoredSection = 'sites' | 'alerts' | 'groups' | 'status' | 'sources' | 'tunnels';
export const STORED_SECTIONS: readonly StoredSection[] = ['sites', 'alerts', 'groups', 'status', 'sources', 'tunnels'];

/** Why a read could not be answered from the cache. */
export type MissReason = 'cold' | 'changed' | 'expired' | 'visit' | 'role';
