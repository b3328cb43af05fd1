import { afterEach, beforeEach } from 'vitest';
import type { PeerState, Role, SiteStatus, TopicName, TopicPayload } from '../../contract/index.js';
import { createEventBus, createLogger } from '../../core/index.js';
import type { EventBus, Session } from '../../core/slice-kit/index.js';
import { useTwoTenantStore } from '../../store/test-support/index.js';
import type { Scope, SiteScope } from '../../store/index.js';
import { createHomeCache, homeWatchingBus, type HomeCache } from '../index.js';
import type { TunnelStatusItem } from '../home-types.js';

export const T0 = Date.UTC(2025, 5, 2, 8, 0);

/**
 * A Home cache over a real store and a real event bus, made afresh for each test. The collaborators
 * Home only reads through narrow functions (live site status, source health, tunnel peers) are driven
 * by the test through the fixture's fields.
 */
export function useHomeCacheFixture() {
  const fx = useTwoTenantStore('home-cache');
  let clock: number;
  let bus: EventBus;
  let cache: HomeCache;
  let statuses: Map<string, SiteStatus>;
  let health: Map<string, 'ok' | 'degraded' | 'down' | 'stopped'>;
  let peers: { state: PeerState }[];
  let announced: string[];
  let ruleId: string;

  const user = (scope: Scope, email: string, role: Role): Session => {
    const row = fx.store.users.create(scope, { email, name: '', role, passwordHash: 'x' });
    return {
      sessionId: 'S',
      userId: row.id,
      tenantId: scope.tenantId,
      email,
      role,
      installationAdmin: false,
      expiresAt: T0 + 3_600_000,
    };
  };
  const publish = <T extends TopicName>(tenantId: string, topic: T, payload: TopicPayload<T>) =>
    bus.publish(tenantId, topic, payload);
  const status = (site: SiteScope, items: { id: string; status: string }[]): SiteStatus => ({
    siteId: site.siteId,
    integration: 'internal',
    items: items.map((i) => ({ ...i, raw: i.status })),
    unmapped: [],
    updatedAt: clock,
    stale: false,
    error: null,
  });
  const openAlert = (site: SiteScope, key: string, severity: 'info' | 'warning' | 'critical' = 'critical') => {
    const { alert, created } = fx.store.alerts.openOrTouch(site, {
      ruleId,
      dedupeKey: key,
      title: `Alert ${key}`,
      detail: '',
      severity,
      device: 'door-1',
      at: clock,
    });
    publish(site.tenantId, 'alerts.changed', {
      alertId: alert.id,
      state: alert.state,
      title: alert.title,
      severity: alert.severity,
      created,
      siteId: site.siteId,
    });
    return alert;
  };
  const stats = (scope: Scope) => cache.stats(scope.tenantId);
  /** Waits for the background refresh after a change (its delay is 0 here). */
  const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

  beforeEach(() => {
    clock = T0;
    statuses = new Map();
    health = new Map();
    peers = [];
    announced = [];
    const logger = createLogger({ log: { level: 'silent' } });
    // The cache reads the bus it is fed by: `cache` of this test, assigned below.
    bus = homeWatchingBus(createEventBus(logger), (tenantId, topic, payload) =>
      cache?.changed(tenantId, topic, payload),
    );
    void fx.siteA;
    void fx.siteB;
    ruleId = fx.store.alertRules.create(fx.a, {
      name: 'Critical',
      type: 'severity',
      atLeast: 'critical',
      severity: 'critical',
      enabled: true,
      siteId: null,
    }).id;
    cache = createHomeCache({
      store: fx.store,
      siteStatus: async (scope) => statuses.get(scope.siteId) ?? status(scope, []),
      sourceHealth: (id) => {
        const state = health.get(id);
        return state ? { state } : undefined;
      },
      tunnels: (): { items: TunnelStatusItem[] } => ({
        items: [
          {
            interfaceId: '01J0000000000000000000AF00',
            peers: peers.map((p, i) => ({
              peerId: `01J00000000000000000000P0${i}`,
              name: `Peer ${i}`,
              siteId: null,
              state: p.state,
              handshakeAgeSeconds: null,
            })),
          },
        ],
      }),
      announce: (tenantId) => announced.push(tenantId),
      config: { idleMinutes: 30, maxEntries: 100, refreshDelayMs: 0, spikeMinutes: 15 },
      now: () => clock,
      logger,
    });
  });
  afterEach(() => cache?.close());

  return {
    fx,
    get clock() {
      return clock;
    },
    set clock(value: number) {
      clock = value;
    },
    get cache() {
      return cache;
    },
    get statuses() {
      return statuses;
    },
    get health() {
      return health;
    },
    get peers() {
      return peers;
    },
    set peers(value: { state: PeerState }[]) {
      peers = value;
    },
    get announced() {
      return announced;
    },
    get ruleId() {
      return ruleId;
    },
    user,
    publish,
    status,
    openAlert,
    stats,
    settled,
  };
}
