import { isIP } from 'node:net';
import {
  Agent,
  fetch as undiciFetch,
  type Dispatcher,
  type RequestInfo,
  type RequestInit,
  type Response,
} from 'undici';
import { createAddressPolicy } from './address-policy.js';
import { guardedConnector, OutboundRefusedError, systemResolver, type HostResolver } from './guarded-connector.js';
import { guardedNodeAgents, type GuardedNodeAgents } from './node-agents.js';

export interface OutboundGuardOptions {
  /** CIDR ranges an admin allows beyond public addresses (config `outbound.allow`, `--allow-outbound`). */
  allow?: readonly string[];
  /** Host name resolution; the system resolver by default (tests inject their own answers). */
  resolve?: HostResolver;
  /** Longest wait for a TCP (and TLS) connection, in ms. Default 10 s. */
  connectTimeoutMs?: number;
}

/** fetch() with the guard's dispatcher: the same arguments and Response as undici's fetch. */
export type GuardedFetch = (input: RequestInfo, init?: Omit<RequestInit, 'dispatcher'>) => Promise<Response>;
export type { Response as OutboundResponse };

/**
 * The one way the Core makes outgoing requests (status integrations, alert webhooks, and later
 * archive and hub clients): every connection goes through a connector that refuses addresses the
 * policy refuses. Clients that take an undici dispatcher (the AWS SDK's undici handler, undici's own
 * request/stream) use `dispatcher`; everything else uses `fetch`.
 */
export interface OutboundGuard {
  fetch: GuardedFetch;
  dispatcher: Dispatcher;
  /** Node http/https agents with the same checks, for clients that take agents (the S3 client). */
  nodeAgents: GuardedNodeAgents;
  /** The allowed ranges, normalised, for the start-up log. */
  readonly allowed: readonly string[];
  /**
   * For settings forms: the refusal a URL whose host is a literal address will meet, so it can be refused
   * as bad input before it is stored. Host names are only judged when connecting (their answers change).
   */
  literalRefusal(url: string): OutboundRefusedError | undefined;
  close(): Promise<void>;
}

export function createOutboundGuard(options: OutboundGuardOptions = {}): OutboundGuard {
  const policy = createAddressPolicy(options.allow ?? []);
  const connect = guardedConnector(policy, options.resolve ?? systemResolver, {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
  });
  const dispatcher = new Agent({ connect });
  const nodeAgents = guardedNodeAgents(policy, options.resolve ?? systemResolver, {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
  });
  return {
    dispatcher,
    nodeAgents,
    allowed: policy.allowed,
    fetch(input, init) {
      const url = new URL(typeof input === 'object' && 'method' in input ? input.url : String(input));
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return Promise.reject(new TypeError(`Outgoing requests use http:// or https://, not ${url.protocol}`));
      }
      return undiciFetch(input, { ...init, dispatcher });
    },
    literalRefusal(url) {
      const host = URL.canParse(url) ? new URL(url).hostname.replace(/^\[(.*)\]$/u, '$1') : '';
      if (isIP(host) === 0) return undefined;
      const kind = policy.refusal(host);
      return kind === null ? undefined : new OutboundRefusedError(host, host, kind);
    },
    close: () => {
      nodeAgents.httpAgent.destroy();
      nodeAgents.httpsAgent.destroy();
      return dispatcher.close();
    },
  };
}

/** The guard's refusal behind an error (fetch wraps it: `TypeError('fetch failed', {cause})`). */
export function outboundRefusal(err: unknown): OutboundRefusedError | undefined {
  for (let current = err, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof OutboundRefusedError) return current;
    current = current.cause;
  }
  return undefined;
}
