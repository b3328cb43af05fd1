import type { TopicName, TopicPayload } from '../contract/index.js';
import type { Scope } from '../store/index.js';
import {
  STORED_SECTIONS,
  type HomeDeps,
  type Sections,
  type SiteStatusPart,
  type StoredSection,
} from './home-types.js';
import {
  readAlerts,
  readGroups,
  readSites,
  readSources,
  readStatus,
  readTunnels,
  statusPart,
} from './tenant-sections.js';

/** The bus topics Home listens to. */
export const HOME_TOPICS = [
  'alerts.changed',
  'groups.changed',
  'groups.spike',
  'sitemap.status',
  'sources.health',
  'tunnels.changed',
  'sites.changed',
  'sync.state',
] as const satisfies readonly TopicName[];
export type HomeTopic = (typeof HOME_TOPICS)[number];

const EMPTY: Sections = {
  sites: [],
  alerts: { open: { critical: 0, warning: 0, info: 0 }, acknowledged: 0, items: [], states: new Map() },
  groups: [],
  status: new Map(),
  sources: { failing: [], total: 0, ids: new Set() },
  tunnels: null,
  spikes: new Map(),
  sync: new Map(),
};

/**
 * The shared part of one tenant's Home: each section read from the store once for all its users,
 * and read again only after a bus message that changes what it shows. `version` moves with every
 * such change; a cached Home made at an older version is out of date. A message that changes
 * nothing Home shows (an open alert seen again, a group's count going up, a status with the same
 * offline devices) moves nothing, so a busy pipeline does not empty the cache.
 */
export class TenantHome {
  version = 0;
  private readonly scope: Scope;
  private readonly data: Sections = { ...EMPTY, status: new Map(), spikes: new Map(), sync: new Map() };
  private readonly dirty = new Set<StoredSection>(STORED_SECTIONS);
  private freshening: Promise<void> | null = null;

  constructor(
    readonly tenantId: string,
    private readonly deps: HomeDeps,
  ) {
    this.scope = { tenantId };
  }

  /** Takes a bus message in; true when the tenant's Homes may now look different. */
  apply<T extends HomeTopic>(topic: T, payload: TopicPayload<T>): boolean {
    switch (topic) {
      case 'alerts.changed': {
        const p = payload as TopicPayload<'alerts.changed'>;
        const known = this.data.alerts.states.get(p.alertId);
        const same = !p.created && (p.state === 'resolved' ? known === undefined : known === p.state);
        return same ? false : this.mark('alerts');
      }
      case 'groups.changed': {
        const p = payload as TopicPayload<'groups.changed'>;
        // A count going up is no news on Home (it shows no counts); a new, merged or split group is.
        return p.action === 'updated' ? false : this.mark('groups');
      }
      case 'groups.spike':
        return this.spike(payload as TopicPayload<'groups.spike'>);
      case 'sitemap.status':
        return this.status(payload as TopicPayload<'sitemap.status'>);
      case 'sources.health': {
        const p = payload as TopicPayload<'sources.health'>;
        const failing = p.state === 'degraded' || p.state === 'down';
        const was = this.data.sources.failing.some((s) => s.id === p.sourceId);
        // A source Home has not counted yet (its first health message) may end the "nothing sends events" state.
        return failing || was || !this.data.sources.ids.has(p.sourceId) ? this.mark('sources') : false;
      }
      case 'tunnels.changed':
        return this.mark('tunnels');
      case 'sites.changed': {
        const p = payload as TopicPayload<'sites.changed'>;
        // A removed site takes its sources, alerts and groups with it.
        if (p.action === 'deleted') return this.mark(...STORED_SECTIONS);
        return this.mark('sites', 'status');
      }
      case 'sync.state': {
        const p = payload as TopicPayload<'sync.state'>;
        const before = this.data.sync.get(p.siteId);
        this.data.sync.set(p.siteId, p);
        if (before && before.state === p.state && before.error === p.error) return false;
        this.version += 1;
        return true;
      }
      default:
        return false;
    }
  }

  /** Every section read afresh at the next ask (home.invalidate). */
  reset(): void {
    this.mark(...STORED_SECTIONS);
  }

  /** The sections, brought up to date, and the version they are at. */
  async current(): Promise<{ sections: Sections; version: number }> {
    while (this.dirty.size > 0) {
      this.freshening ??= this.freshen().finally(() => {
        this.freshening = null;
      });
      await this.freshening;
    }
    return { sections: this.data, version: this.version };
  }

  private mark(...sections: StoredSection[]): true {
    for (const s of sections) this.dirty.add(s);
    this.version += 1;
    return true;
  }

  private spike(p: TopicPayload<'groups.spike'>): boolean {
    const template = this.deps.store.groups.get(this.scope, p.groupId)?.template ?? p.groupId;
    const until = p.at + 60_000 + this.deps.config.spikeMinutes * 60_000;
    this.data.spikes.set(p.groupId, { ...p, template, until });
    // Old spikes are dropped here rather than on a timer: the view already hides them.
    const now = this.deps.now();
    for (const [id, s] of this.data.spikes) if (s.until <= now) this.data.spikes.delete(id);
    this.version += 1;
    return true;
  }

  private status(status: TopicPayload<'sitemap.status'>): boolean {
    if (this.dirty.has('status') || !this.data.sites.some((s) => s.id === status.siteId)) return this.mark('status');
    let part: SiteStatusPart;
    try {
      part = statusPart(this.deps.store, { tenantId: this.tenantId, siteId: status.siteId }, status);
    } catch {
      return this.mark('status');
    }
    if (this.data.status.get(status.siteId)?.fingerprint === part.fingerprint) return false;
    this.data.status.set(status.siteId, part);
    this.version += 1;
    return true;
  }

  private async freshen(): Promise<void> {
    const due = new Set(this.dirty);
    this.dirty.clear();
    const { store, now } = this.deps;
    try {
      if (due.has('sites')) this.data.sites = readSites(store, this.scope);
      if (due.has('alerts')) this.data.alerts = readAlerts(store, this.scope);
      if (due.has('groups')) this.data.groups = readGroups(store, this.scope, now());
      if (due.has('sources')) this.data.sources = readSources(store, this.deps.sourceHealth, this.scope);
      if (due.has('tunnels')) this.data.tunnels = readTunnels(this.deps.tunnels, this.scope);
      if (due.has('status')) {
        this.data.status = await readStatus(store, this.deps.siteStatus, this.scope, this.data.sites);
      }
    } catch (err) {
      // Read again at the next ask rather than serve a half-made section.
      for (const s of due) this.dirty.add(s);
      throw err;
    }
  }
}
