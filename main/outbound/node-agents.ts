import { Agent as HttpAgent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP, Socket, connect as netConnect, type NetConnectOpts } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { AddressPolicy } from './address-policy.js';
import { guardedLookup, OutboundRefusedError, type HostResolver } from './guarded-connector.js';

/** Node's http and https agents for clients that cannot take an undici dispatcher (the AWS SDK's NodeHttpHandler). */
export interface GuardedNodeAgents {
  httpAgent: HttpAgent;
  httpsAgent: HttpsAgent;
}

/**
 * The same three checks as the undici connector, for Node's own agents: a literal address is judged
 * before any packet is sent, a host name in the connect-time lookup (so the checked answer is the one
 * connected to), and the peer address of the socket once connected.
 */
export function guardedNodeAgents(
  policy: AddressPolicy,
  resolve: HostResolver,
  options: { connectTimeoutMs: number },
): GuardedNodeAgents {
  const lookup = guardedLookup(policy, resolve);

  const guard = (raw: { host?: string | null | undefined }, open: () => Socket): Socket => {
    const named = String(raw.host ?? 'localhost');
    const host = named.replace(/^\[(.*)\]$/u, '$1');
    const literal = isIP(host) !== 0 ? policy.refusal(host) : null;
    if (literal !== null) {
      // Never connected: the request fails with the refusal on the next tick, as a failed connect would.
      const refused = new Socket();
      process.nextTick(() => refused.destroy(new OutboundRefusedError(named, host, literal)));
      return refused;
    }
    const socket = open();
    socket.setTimeout(options.connectTimeoutMs, () => socket.destroy(new Error(`Connecting to ${named} timed out`)));
    socket.once('connect', () => {
      socket.setTimeout(0);
      const peer = socket.remoteAddress ?? '';
      const kind = policy.refusal(peer);
      if (kind !== null) socket.destroy(new OutboundRefusedError(named, peer, kind));
    });
    return socket;
  };

  const agentOptions: AgentOptions = { keepAlive: true };
  const httpAgent = new HttpAgent(agentOptions);
  httpAgent.createConnection = (opts) => guard(opts, () => netConnect({ ...(opts as NetConnectOpts), lookup }));
  const httpsAgent = new HttpsAgent(agentOptions);
  httpsAgent.createConnection = (opts) =>
    guard(opts as { host?: string }, () => tlsConnect({ ...(opts as ConnectionOptions), lookup }));
  return { httpAgent, httpsAgent };
}
