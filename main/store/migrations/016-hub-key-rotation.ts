import type { Migration } from '../migration.js';

/**
 * The hub's own key rotates without a gap (issue 13): while a rotation runs, the hub keeps its
 * interface and brings up a second one with the new key on its own port. `key_slot` says which of
 * the interface's two device names is the current one (0: its name, 1: the rotation name); the
 * `pending_*` columns hold the new key (sealed), port and endpoint until the rotation finishes.
 * `tunnel_peers.hub_moved_at` is when the peer was first seen on the new key (its route moved there).
 */
export const migration016: Migration = {
  version: 16,
  name: 'hub-key-rotation',
  up: `
ALTER TABLE tunnel_interfaces ADD COLUMN key_slot INTEGER NOT NULL DEFAULT 0 CHECK (key_slot IN (0, 1));
ALTER TABLE tunnel_interfaces ADD COLUMN pending_private_key TEXT;
ALTER TABLE tunnel_interfaces ADD COLUMN pending_public_key TEXT;
ALTER TABLE tunnel_interfaces ADD COLUMN pending_listen_port INTEGER;
ALTER TABLE tunnel_interfaces ADD COLUMN pending_endpoint TEXT;
ALTER TABLE tunnel_interfaces ADD COLUMN pending_since INTEGER;
ALTER TABLE tunnel_peers ADD COLUMN hub_moved_at INTEGER;
`,
  down: `
ALTER TABLE tunnel_peers DROP COLUMN hub_moved_at;
ALTER TABLE tunnel_interfaces DROP COLUMN pending_since;
ALTER TABLE tunnel_interfaces DROP COLUMN pending_endpoint;
ALTER TABLE tunnel_interfaces DROP COLUMN pending_listen_port;
ALTER TABLE tunnel_interfaces DROP COLUMN pending_public_key;
ALTER TABLE tunnel_interfaces DROP COLUMN pending_private_key;
ALTER TABLE tunnel_interfaces DROP COLUMN key_slot;
`,
};
