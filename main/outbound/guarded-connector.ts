import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isIP, type Socket } from 'node:net';
import { buildConnector } from 'undici';
import type { AddressPolicy } from './address-policy.js';

/** Resolves a host name to every address it has (tests inject their own; production asks the system). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

/** An outgoing request aimed at an address the guard refuses. */
export class OutboundRefusedError extends Error {
  readonly code = 'OUTBOUND_REFUSED';

  constructor(
    /** The host as the request named it. */
    readonly host: string,
    /** The address it was (or resolved to). */
    readonly address: string,
    /** What kind of address that is ("a loopback address"). */
    readonly kind: string,
  ) {
    super(
      `Outgoing requests may not reach ${host}: it is ${kind === 'not an IP address' ? 'not a usable address' : kind}. ` +
        'An admin can allow the range with outbound.allow in the config file or outpost serve --allow-outbound CIDR.',
    );
    this.name = 'OutboundRefusedError';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The `lookup` net.connect calls for a host name: resolves it, refuses every answer if any address is
 * refused (a name that also points inside is not trusted with the rest), and hands net.connect only
 * the addresses it checked, so what is checked is what is connected to: there is no second lookup
 * for a changed DNS answer to slip into.
 */
export function guardedLookup(policy: AddressPolicy, resolve: HostResolver) {
  return (hostname: string, options: LookupOptions | LookupAllOptions, callback: LookupCallback): void => {
    resolve(hostname)
      .then((answers) => {
        const family = typeof options.family === 'number' ? options.family : 0;
        const usable = answers.filter((a) => family === 0 || a.family === family);
        for (const answer of usable) {
          const kind = policy.refusal(answer.address);
          if (kind !== null) throw new OutboundRefusedError(hostname, answer.address, kind);
        }
        if (usable.length === 0) {
          throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND', hostname });
        }
        if (options.all === true) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(err, options.all === true ? [] : '', 0));
  };
}

/**
 * An undici connector that lets a connection through only to an allowed address: host names are
 * checked in the connect-time lookup, literal addresses (which net.connect never looks up) before
 * connecting, and the peer address of every socket once connected, which also covers any path that
 * reached the socket some other way.
 */
export function guardedConnector(
  policy: AddressPolicy,
  resolve: HostResolver,
  options: { connectTimeoutMs: number },
): buildConnector.connector {
  const connect = buildConnector({ lookup: guardedLookup(policy, resolve), timeout: options.connectTimeoutMs });
  return (request, callback) => {
    const host = request.hostname.replace(/^\[(.*)\]$/u, '$1');
    if (isIP(host) !== 0) {
      const kind = policy.refusal(host);
      if (kind !== null) {
        callback(new OutboundRefusedError(request.hostname, host, kind), null);
        return;
      }
    }
    connect(request, (err, socket) => {
      if (err !== null) {
        callback(err, null);
        return;
      }
      const peer = (socket as Socket).remoteAddress ?? '';
      const kind = policy.refusal(peer);
      if (kind !== null) {
        socket.destroy();
        callback(new OutboundRefusedError(request.hostname, peer, kind), null);
        return;
      }
      callback(null, socket);
    });
  };
}
