import type { Migration } from '../migration.js';

/**
 * WireGuard tunnels. Private and preshared keys are stored sealed by the tunnels slice (never in
 * clear). Interface names are unique on the installation (they are names of network devices).
 * A peer's `host_index` is its offset in the interface's address pools; the unique index makes two
 * peers of an interface never share an address even when two allocations race. Grants are unordered
 * pairs (`peer_a < peer_b`). One-time links keep only the SHA-256 of their token. Minute rollups
 * are kept per peer for the transfer charts and pruned by age.
 */
export const migration009: Migration = {
  version: 9,
  name: 'tunnels',
  up: `
CREATE TABLE tunnel_interfaces (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  site_id TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('hub', 'site')),
  private_key TEXT NOT NULL,
  public_key TEXT NOT NULL,
  key_created_at INTEGER NOT NULL,
  listen_port INTEGER,
  addresses TEXT NOT NULL,
  pool_v4 TEXT,
  pool_v6 TEXT,
  endpoint TEXT,
  dns TEXT NOT NULL,
  mtu INTEGER,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE UNIQUE INDEX tunnel_interfaces_name ON tunnel_interfaces (name);
CREATE INDEX tunnel_interfaces_tenant ON tunnel_interfaces (tenant_id, name);

CREATE TABLE tunnel_peers (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  interface_id TEXT NOT NULL REFERENCES tunnel_interfaces (id) ON DELETE CASCADE,
  site_id TEXT,
  name TEXT NOT NULL,
  public_key TEXT NOT NULL,
  private_key TEXT,
  preshared_key TEXT,
  host_index INTEGER,
  addresses TEXT NOT NULL,
  allowed_ips TEXT NOT NULL,
  endpoint TEXT,
  persistent_keepalive INTEGER,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  expires_at INTEGER,
  key_created_at INTEGER NOT NULL,
  pending_public_key TEXT,
  pending_private_key TEXT,
  pending_since INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  FOREIGN KEY (tenant_id, site_id) REFERENCES sites (tenant_id, id)
) STRICT;
CREATE UNIQUE INDEX tunnel_peers_key ON tunnel_peers (interface_id, public_key);
CREATE UNIQUE INDEX tunnel_peers_host ON tunnel_peers (interface_id, host_index) WHERE host_index IS NOT NULL;
CREATE INDEX tunnel_peers_tenant ON tunnel_peers (tenant_id, interface_id, name);

CREATE TABLE tunnel_grants (
  peer_a TEXT NOT NULL REFERENCES tunnel_peers (id) ON DELETE CASCADE,
  peer_b TEXT NOT NULL REFERENCES tunnel_peers (id) ON DELETE CASCADE,
  interface_id TEXT NOT NULL REFERENCES tunnel_interfaces (id) ON DELETE CASCADE,
  tenant_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (peer_a, peer_b),
  CHECK (peer_a < peer_b)
) STRICT, WITHOUT ROWID;
CREATE INDEX tunnel_grants_interface ON tunnel_grants (interface_id);
CREATE INDEX tunnel_grants_peer_b ON tunnel_grants (peer_b);

CREATE TABLE tunnel_links (
  token_hash TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  peer_id TEXT NOT NULL REFERENCES tunnel_peers (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX tunnel_links_peer ON tunnel_links (peer_id);

CREATE TABLE tunnel_peer_minutes (
  peer_id TEXT NOT NULL REFERENCES tunnel_peers (id) ON DELETE CASCADE,
  minute INTEGER NOT NULL,
  tenant_id TEXT NOT NULL,
  rx_bytes INTEGER NOT NULL,
  tx_bytes INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('up', 'stale', 'down')),
  handshake_at INTEGER,
  PRIMARY KEY (peer_id, minute)
) STRICT, WITHOUT ROWID;
CREATE INDEX tunnel_peer_minutes_minute ON tunnel_peer_minutes (minute);
`,
  down: `
DROP TABLE tunnel_peer_minutes;
DROP TABLE tunnel_links;
DROP TABLE tunnel_grants;
DROP TABLE tunnel_peers;
DROP TABLE tunnel_interfaces;
`,
};
