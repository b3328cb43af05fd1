import { Gauge, Registry } from 'prom-client';
import type { TunnelsService } from './tunnels-service.js';

const STATE_VALUE = { up: 1, stale: 0.5, down: 0 } as const;

/**
 * Per-peer gauges, read from the monitor's latest reading when Prometheus scrapes (no extra work
 * between scrapes). Labels are the interface and peer names and the peer id: never a key.
 */
export function createTunnelMetrics(service: Pick<TunnelsService, 'peerReadings'>): Registry {
  const registry = new Registry();
  const labelNames = ['interface', 'peer', 'peer_id'] as const;
  type Row = ReturnType<TunnelsService['peerReadings']>[number];
  const rows = () => service.peerReadings();

  const gauge = (name: string, help: string, value: (h: NonNullable<Row['health']>) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const row of rows()) {
          const v = row.health ? value(row.health) : null;
          if (v !== null) this.set({ interface: row.interfaceName, peer: row.peerName, peer_id: row.peerId }, v);
        }
      },
    });

  gauge('outpost_tunnel_peer_received_bytes', 'Bytes received from the peer (WireGuard counter).', (h) => h.rxBytes);
  gauge('outpost_tunnel_peer_sent_bytes', 'Bytes sent to the peer (WireGuard counter).', (h) => h.txBytes);
  gauge(
    'outpost_tunnel_peer_handshake_age_seconds',
    'Seconds since the latest handshake.',
    (h) => h.handshakeAgeSeconds,
  );
  gauge('outpost_tunnel_peer_up', 'Peer state: 1 up, 0.5 stale, 0 down.', (h) => STATE_VALUE[h.state]);
  return registry;
}
