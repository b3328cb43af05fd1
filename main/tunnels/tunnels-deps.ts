import type { AlertSeverity, TopicName, TopicPayload } from '../contract/index.js';
import type { WireguardHost } from '../../native/wireguard/index.js';
import type { SiteScope, Store } from '../store/index.js';
import type { SecretBox } from './secret-box.js';

/** The `tunnels` settings (main/core/config-schema.ts must stay assignable to this). */
export interface TunnelsConfig {
  /** Network namespace the interfaces live in; empty for the process's own. */
  netns: string;
  /** The privileged tunnel helper's socket; empty: the helper only when this process lacks CAP_NET_ADMIN and its default socket exists. */
  helperSocket: string;
  poolV4: string;
  poolV6: string;
  defaultListenPort: number;
  persistentKeepalive: number;
  staleAfterSeconds: number;
  pollSeconds: number;
  keyRotationDays: number;
  historyDays: number;
  /** The hub interface enrolled sites get their peer on; empty: the tenant's only hub interface. */
  syncInterface: string;
}

/** Raises and resolves an alert through the pipeline's alert door (same publish and notify as rule alerts). */
export interface TunnelAlerts {
  raise(
    scope: SiteScope,
    alert: { ruleId: string; dedupeKey: string; title: string; detail: string; severity: AlertSeverity },
  ): void;
  resolve(scope: SiteScope, dedupeKey: string, note: string): void;
}

export interface TunnelsLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the tunnels slice needs from the rest of Outpost, and nothing more. */
export interface TunnelsDeps {
  store: Pick<Store, 'tunnels' | 'sites' | 'tenants' | 'audit'>;
  bus: { publish<T extends TopicName>(tenantId: string, topic: T, payload: TopicPayload<T>): void };
  alerts: TunnelAlerts;
  secrets: SecretBox;
  host: WireguardHost;
  config: TunnelsConfig;
  log: TunnelsLog;
  now: () => number;
}
